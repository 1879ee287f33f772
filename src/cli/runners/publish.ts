/**
 * Runs `mcp-risk publish`, declared (and described) in ../commands/publish.ts.
 */
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openLowdbStore } from '../../catalogue/lowdb-store.js';
import { readCatalogue } from '../../catalogue/read-catalogue.js';
import { UsageError } from '../../errors.js';
import { publishSite, type PublishResult } from '../../site/publish-site.js';
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { DEFAULT_DB, DEFAULT_SITE_DIR } from '../defaults.js';

export interface RawPublishOptions {
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

export async function runPublish(raw: RawPublishOptions, io: CliIo): Promise<ExitCode> {
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
