/**
 * `mcp-risk scan`: connect to servers, list every tool, classify each with evidence,
 * print the report. This file declares the command; ../runners/scan.ts runs it, loaded only then.
 */
import { Option, type Command } from 'commander';
import { addReportOptions } from '../add-report-options.js';
import type { CommandContext } from '../command-context.js';
import { collect } from '../option-values.js';
import type { RawScanOptions } from '../runners/scan.js';

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
    const { runScan } = await import('../runners/scan.js');
    context.setCode(await runScan(url === undefined ? [] : [url], context.commandWords, options, context.io));
  });
}
