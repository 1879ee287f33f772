/**
 * `mcp-risk classify <file|->`: classify tool definitions without connecting to anything.
 *
 * JSON Lines are streamed: each line is read, bounded, classified and written (JSON, SARIF) as it
 * comes, so a catalogue dump of any number of tools runs in flat memory; to JSON, worker threads
 * classify batches of lines on every core (MCP_RISK_WORKERS=0: the main thread alone). A JSON document — a
 * tools/list result, an array, a saved report — is read whole (up to 256 MB). A saved report is
 * classified from the definitions it keeps; stderr says when an older report had none.
 *
 * This file declares the command (options, help); ../runners/classify.ts runs it, imported only then.
 */
import type { Command } from 'commander';
import { addReportOptions } from '../add-report-options.js';
import { refuseCommandWords, type CommandContext } from '../command-context.js';
import type { RawClassifyOptions } from '../runners/classify.js';

/** Adds `classify` to the program. */
export function register(program: Command, context: CommandContext): void {
  addReportOptions(
    program
      .command('classify')
      .summary('classify tool definitions from a file without connecting')
      .description(
        'Classify tool definitions without connecting: a tools/list result ({"tools":[...]}), a JSON array of tools, JSON Lines of tools (streamed: any number of lines, 16 MB each), or a saved `scan --format json` report or catalogue (classified again from the definitions it keeps).',
      )
      .argument('<file>', 'the file, or - for standard input')
      .option('--name <server>', "the server's name, to recognise tool-name prefixes (default: the file's name)"),
    false,
  ).action(async (file: string, options: RawClassifyOptions) => {
    refuseCommandWords(context, 'classify takes a file, not a command after --');
    const { runClassify } = await import('../runners/classify.js');
    context.setCode(await runClassify(file, options, context.io));
  });
}
