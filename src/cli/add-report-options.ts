/** The report options of `scan` and `classify` as commander declares them (parsed in report-options.ts). */
import { Option, type Command } from 'commander';
import { collect, DEFAULT_TIMEOUT_MS } from './option-values.js';

/** Adds --format, --out, --fail-on and --no-color; with `connects`, also --timeout and --env for reaching servers. */
export function addReportOptions(command: Command, connects: boolean): Command {
  command
    .addOption(
      new Option('--format <format>', 'output format: table, json, sarif, markdown (default: table on a terminal, json otherwise)'),
    )
    .option('--out <file>', 'write the report to this file instead of standard output')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a tool is at or above this severity (low, medium, high, critical); stderr names those tools',
      ),
    );
  if (connects) {
    command
      .option('--timeout <ms>', `time allowed per server, in milliseconds (default: ${DEFAULT_TIMEOUT_MS})`)
      .option('--env <KEY=VALUE>', 'set an environment variable for a stdio server (repeatable)', collect, []);
  }
  return command.option('--no-color', 'no colours in the table (also: NO_COLOR)');
}
