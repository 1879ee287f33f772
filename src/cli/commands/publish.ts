/**
 * `mcp-risk publish`: the catalogue as a static site — a page per server and per tool, listings
 * by severity and category, search, policy downloads, catalogue.json, llms.txt — that works from
 * any static host and opened straight from disk. Re-publishing writes only the files that changed.
 *
 * This file declares the command (options, help); ../runners/publish.ts runs it, imported only then.
 */
import type { Command } from 'commander';
import { refuseCommandWords, type CommandContext } from '../command-context.js';
import { DEFAULT_DB, DEFAULT_SITE_DIR } from '../defaults.js';
import type { RawPublishOptions } from '../runners/publish.js';

/** Adds `publish` to the program. */
export function register(program: Command, context: CommandContext): void {
  program
    .command('publish')
    .summary('publish the catalogue as a static website (a page per server and per tool, search, policies)')
    .description(
      'Write the catalogue as a static site: a page per server and per tool saying what it can do, how dangerous it is, why, and the policy that contains it; listings by severity and category; search; policy downloads; catalogue.json and llms.txt. Works from any static host and opened from disk. Re-publishing writes only what changed.',
    )
    .option('--db <file>', `the store (default: ${DEFAULT_DB})`)
    .option('--out <dir>', `the site's folder (default: ${DEFAULT_SITE_DIR})`)
    .option('--base-url <url>', 'the URL the site is served from: adds sitemap.xml, robots.txt and canonical links')
    .addHelpText('after', '\nExit codes: 0 published; 2 bad usage, or the store cannot be read, or the folder cannot be written.')
    .action(async (options: RawPublishOptions) => {
      refuseCommandWords(context, 'publish takes options, not a command after --');
      const { runPublish } = await import('../runners/publish.js');
      context.setCode(await runPublish(options, context.io));
    });
}
