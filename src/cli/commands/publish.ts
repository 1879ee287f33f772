/**
 * `mcp-risk publish`: the catalogue as a static site — a page per server and per tool, listings
 * by severity and category, search, policy downloads, catalogue.json, llms.txt — that works from
 * any static host and opened straight from disk. Re-publishing writes only the files that changed.
 */
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { openLowdbStore } from '../../catalogue/lowdb-store.js';
import { readCatalogue } from '../../catalogue/read-catalogue.js';
import { UsageError } from '../../errors.js';
import { publishSite, type PublishResult } from '../../site/publish-site.js';
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { refuseCommandWords, type CommandContext } from '../command-context.js';
import { DEFAULT_DB, DEFAULT_SITE_DIR } from '../defaults.js';

interface RawPublishOptions {
  db?: string;
  out?: string;
  baseUrl?: string;
}

/** How to name the output folder to the user: relative to where they are when it is below it. */
function shown(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : path;
}

function summary(result: PublishResult, io: CliIo): string {
  const where = shown(io, result.outDir);
  const index = `${where}${where.endsWith(sep) ? '' : sep}index.html`;
  return (
    `Published ${result.servers} MCP servers and ${result.tools} tools to ${sanitizeForTerminal(where, 300)}: ` +
    `${result.files} files, ${result.written} written, ${result.unchanged} unchanged, ${result.deleted} deleted (${result.wallMs} ms).\n` +
    `Open it in a browser: ${sanitizeForTerminal(index, 300)} (${sanitizeForTerminal(pathToFileURL(join(result.outDir, 'index.html')).href, 1000)})\n`
  );
}

async function runPublish(raw: RawPublishOptions, io: CliIo): Promise<ExitCode> {
  if (raw.out !== undefined && raw.out.trim() === '') throw new UsageError('--out needs a folder');
  const store = await openLowdbStore(resolve(io.cwd, raw.db ?? DEFAULT_DB), { write: false });
  let view;
  try {
    view = readCatalogue(store);
  } finally {
    await store.close();
  }
  const result = await publishSite(view, {
    outDir: resolve(io.cwd, raw.out ?? DEFAULT_SITE_DIR),
    ...(raw.baseUrl !== undefined ? { baseUrl: raw.baseUrl } : {}),
  });
  io.stdout.write(summary(result, io));
  return EXIT.ok;
}

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
      context.setCode(await runPublish(options, context.io));
    });
}
