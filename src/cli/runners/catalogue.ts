/**
 * Runs `mcp-risk catalogue`, declared (and described) in ../commands/catalogue.ts.
 */
import { resolve } from 'node:path';
import Table from 'cli-table3';
import { openLowdbStore } from '../../catalogue/lowdb-store.js';
import { readCatalogue, type CatalogueView } from '../../catalogue/read-catalogue.js';
import { UsageError } from '../../errors.js';
import { renderTable } from '../../report/render-table.js';
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { DEFAULT_DB } from '../defaults.js';

export interface RawCatalogueOptions {
  db?: string;
  format?: string;
  server?: string;
  color?: boolean;
}

function overview(view: CatalogueView): string {
  const table = new Table({
    head: ['Server', 'Status', 'Version', 'Tools', 'Highest', 'Destructive', 'Financial', 'Last crawled', 'Changes'],
    style: { head: [], border: [] },
  });
  for (const server of view.servers) {
    table.push([
      sanitizeForTerminal(server.name, 40),
      server.status,
      sanitizeForTerminal(server.metadata.version ?? server.version ?? '', 20),
      server.tools.length,
      server.summary.highestSeverity ?? '',
      server.summary.byCategory.destructive,
      server.summary.byCategory.financial,
      server.lastCrawled.slice(0, 16).replace('T', ' '),
      server.history.length > 0 ? String(server.history.length) : '',
    ]);
  }
  const tools = view.servers.reduce((n, s) => n + s.tools.length, 0);
  return `${table.toString()}\n${view.servers.length} servers, ${tools} tools\n`;
}

function serverDetail(view: CatalogueView, color: boolean, width: number | undefined): string {
  const parts: string[] = [];
  for (const server of view.servers) {
    parts.push(
      `${sanitizeForTerminal(server.name, 80)} — ${server.status}${server.error ? `: ${sanitizeForTerminal(server.error.message, 300)}` : ''}`,
    );
    parts.push(
      `source ${sanitizeForTerminal(`${server.source.kind}:${server.source.location}`, 200)}; first seen ${server.firstSeen}; last crawled ${server.lastCrawled}`,
    );
    parts.push(
      renderTable(
        { schemaVersion: 1, generator: view.generator, servers: [server] },
        { color, ...(width !== undefined ? { width } : {}) },
      ).trimEnd(),
    );
    for (const change of server.history) {
      const changed = change.changed.map((c) => `${c.tool} (${c.fields.join(', ')})`);
      parts.push(
        `change ${change.at}${change.fromVersion || change.toVersion ? ` ${change.fromVersion ?? '?'} → ${change.toVersion ?? '?'}` : ''}: ` +
          `added ${change.added.length ? change.added.map((n) => sanitizeForTerminal(n, 80)).join(', ') : 'none'}; ` +
          `removed ${change.removed.length ? change.removed.map((n) => sanitizeForTerminal(n, 80)).join(', ') : 'none'}; ` +
          `changed ${changed.length ? changed.map((n) => sanitizeForTerminal(n, 120)).join(', ') : 'none'}`,
      );
    }
  }
  return `${parts.join('\n')}\n`;
}

export async function runCatalogue(raw: RawCatalogueOptions, io: CliIo): Promise<ExitCode> {
  const format = raw.format ?? (io.stdout.isTTY ? 'table' : 'json');
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json (got "${format}")`);
  const store = await openLowdbStore(resolve(io.cwd, raw.db ?? DEFAULT_DB), {
    write: false,
    onWarning: (message) => io.stderr.write(`mcp-risk: warning: ${sanitizeForTerminal(message, 300)}\n`),
  });
  try {
    const view = readCatalogue(store, raw.server !== undefined ? { server: raw.server } : {});
    if (raw.server !== undefined && view.servers.length === 0)
      throw new UsageError(`no server named "${sanitizeForTerminal(raw.server, 80)}" in the catalogue`);
    if (format === 'json') io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    else if (raw.server !== undefined)
      io.stdout.write(serverDetail(view, raw.color !== false && io.stdout.isTTY === true, io.stdout.columns));
    else io.stdout.write(overview(view));
  } finally {
    await store.close();
  }
  return EXIT.ok;
}
