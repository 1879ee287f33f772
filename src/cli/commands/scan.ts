/**
 * `mcp-risk scan`: connect to servers, list every tool, classify each with evidence,
 * print the report. Servers are scanned a few at a time; one failing does not stop the rest.
 */
import { isAbsolute } from 'node:path';
import { Option, type Command } from 'commander';
import { classifySnapshots } from '../../classifier/classify-snapshots.js';
import { addReportOptions } from '../add-report-options.js';
import type { CommandContext } from '../command-context.js';
import type { ExitCode } from '../exit-codes.js';
import { finishReport } from '../finish-report.js';
import type { CliIo } from '../io.js';
import { collect, parseReportOptions, type RawReportOptions } from '../report-options.js';
import { resolveTargets, type TargetRequest } from '../resolve-targets.js';
import { scanSpecs } from '../scan-specs.js';

interface RawScanOptions extends RawReportOptions {
  config?: string;
  server?: string;
  transport?: string;
}

async function runScan(positional: string[], command: string[] | null, raw: RawScanOptions, io: CliIo): Promise<ExitCode> {
  const options = parseReportOptions(raw, io);
  const request: TargetRequest = { positional, command, config: raw.config, server: raw.server, transport: raw.transport };
  const specs = await resolveTargets(request, options, io);
  const snapshots = await scanSpecs(specs, options.timeoutMs, io);
  const artifact =
    raw.config !== undefined && !isAbsolute(raw.config) && !raw.config.split(/[\\/]/).includes('..') ? raw.config : undefined;
  return finishReport(classifySnapshots(snapshots), options, io, artifact);
}

/** Adds `scan` to the program. */
export function register(program: Command, context: CommandContext): void {
  addReportOptions(
    program
      .command('scan')
      .summary('connect to MCP servers, list every tool, classify each with evidence')
      .description('Connect to MCP servers, list every tool and classify each one with evidence.')
      .addHelpText(
        'after',
        `
Targets:
  mcp-risk scan [options] -- <command> [args...]    a stdio server (started here, killed afterwards)
  mcp-risk scan [options] <url>                     streamable HTTP, falling back to legacy SSE
  mcp-risk scan --config <file> [--server <name>]   servers from an MCP client config file
  mcp-risk scan                                     every server in the client configs on this machine`,
      )
      .argument('[url]', 'an http(s) URL of a remote MCP server')
      .option('--config <file>', 'an MCP client config file (Claude, Cursor, VS Code, Codex, Zed, ...)')
      .option('--server <name>', 'with --config or discovery: only this server (<name>, or <client>:<name> when clients share a name)')
      .addOption(new Option('--transport <transport>', 'for a URL: force http (streamable HTTP) or sse').choices(['http', 'sse']))
      .option('--header <"Name: value">', 'an HTTP header for a URL server (repeatable)', collect, []),
    true,
  ).action(async (url: string | undefined, options: RawScanOptions) => {
    context.setCode(await runScan(url === undefined ? [] : [url], context.commandWords, options, context.io));
  });
}
