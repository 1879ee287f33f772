/**
 * `mcp-risk catalogue`: what the store holds — per server its crawl metadata and its tools in the
 * same JSON shape as `scan --format json`, plus status and change history. Reads through the
 * catalogue module, never the file itself, and takes no lock.
 *
 * This file declares the command (options, help); ../runners/catalogue.ts runs it, imported only then.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { DEFAULT_DB } from '../defaults.js';
import type { RawCatalogueOptions } from '../runners/catalogue.js';

/** Adds `catalogue` to the program. */
export function register(program: Command, context: CommandContext): void {
  program
    .command('catalogue')
    .summary('print what the crawl store holds')
    .description(
      'Per server: crawl metadata, status, change history and its classified tools in the same JSON shape as scan --format json.',
    )
    .option('--db <file>', `the store (default: ${DEFAULT_DB})`)
    .option('--format <format>', 'table or json (default: table on a terminal, json otherwise)')
    .option('--server <name>', 'only this server (by name or id), with its tools and history')
    .option('--no-color', 'no colours in the table')
    .action(async (options: RawCatalogueOptions) => {
      const { runCatalogue } = await import('../runners/catalogue.js');
      context.setCode(await runCatalogue(options, context.io));
    });
}
