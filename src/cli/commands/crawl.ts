/**
 * `mcp-risk crawl`: crawl catalogue sources into the store, resumably, with a progress display
 * and a summary at the end (a table, or JSON with --json). Ctrl-C stops taking new servers;
 * everything finished is kept.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import Table from 'cli-table3';
import { openLowdbStore } from '../../catalogue/lowdb-store.js';
import { crawl, type CrawlSourceSpec, type CrawlSummary } from '../../crawler/crawl.js';
import { createServerRunner } from '../../crawler/run-server.js';
import { detectSandbox } from '../../crawler/sandbox/sandbox-command.js';
import { UsageError } from '../../errors.js';
import { parseSourceSpec } from '../../sources/index.js';
import { createCrawlProgress } from '../crawl-progress.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export interface RawCrawlOptions {
  source?: string[];
  db?: string;
  concurrency?: string;
  limit?: string;
  timeout?: string;
  registry?: string;
  maxAge?: string;
  failedMaxAge?: string;
  retryFailed?: boolean;
  render?: boolean;
  pageCap?: string;
  cacheDir?: string;
  allowUnsandboxed?: boolean;
  json?: boolean;
}

export { DEFAULT_DB } from '../defaults.js';
import { DEFAULT_DB } from '../defaults.js';

function positiveInt(raw: string | undefined, name: string, fallback: number, max: number, min = 1): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new UsageError(`${name} takes a whole number from ${min} to ${max} (got "${raw}")`);
  return Number(raw);
}

function registryUrl(raw: string | undefined, io: CliIo): string {
  const value = raw ?? io.env['npm_config_registry'] ?? 'https://registry.npmjs.org/';
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.toString().endsWith('/') ? url.toString() : `${url.toString()}/`;
  } catch {
    throw new UsageError(`--registry must be an http(s) URL (got "${value}")`);
  }
}

function renderSummary(summary: CrawlSummary, db: string): string {
  const table = new Table({ head: ['servers', 'scanned', 'ok', 'failed', 'needs-config', 'listed-only', 'tools', 'changed', 'wall time'], style: { head: [], border: [] } });
  table.push([
    summary.entries,
    summary.scanned,
    summary.byStatus.ok,
    summary.byStatus.failed,
    summary.byStatus['needs-config'],
    summary.byStatus['listed-only'],
    summary.tools,
    summary.changed,
    `${(summary.wallMs / 1000).toFixed(1)} s`,
  ]);
  const note = summary.interrupted ? '\ninterrupted: finished servers are kept; run the same command again to continue.' : '';
  return `${table.toString()}\nstore: ${db}${note}\n`;
}

export async function runCrawl(raw: RawCrawlOptions, io: CliIo): Promise<ExitCode> {
  const specs = raw.source ?? [];
  if (specs.length === 0) throw new UsageError('crawl needs at least one --source <kind>:<location> (list:, npm:, registry:, html:)');
  const sources: CrawlSourceSpec[] = specs.map((spec) => parseSourceSpec(spec));
  const concurrency = positiveInt(raw.concurrency, '--concurrency', 4, 64);
  const limit = raw.limit !== undefined ? positiveInt(raw.limit, '--limit', 1, 1_000_000) : undefined;
  const timeoutMs = positiveInt(raw.timeout, '--timeout', 30_000, 600_000);
  const maxAgeHours = positiveInt(raw.maxAge, '--max-age', 168, 100_000, 0);
  const failedMaxAgeHours = positiveInt(raw.failedMaxAge, '--failed-max-age', 6, 100_000, 0);
  const pageCap = positiveInt(raw.pageCap, '--page-cap', 200, 100_000);
  const registry = registryUrl(raw.registry, io);
  const db = resolve(io.cwd, raw.db ?? DEFAULT_DB);
  const cacheDir = resolve(io.cwd, raw.cacheDir ?? join(io.home || homedir(), '.cache', 'mcp-risk', 'packages'));
  const sandbox = await detectSandbox();
  if (sandbox === 'none') {
    if (!raw.allowUnsandboxed) {
      throw new UsageError('no sandbox available (bubblewrap or unshare -n): crawled servers would run with network access; install bubblewrap, or pass --allow-unsandboxed');
    }
    io.stderr.write('mcp-risk: warning: no sandbox available; crawled servers run WITHOUT network isolation (--allow-unsandboxed)\n');
  }
  const store = await openLowdbStore(db, { write: true, onWarning: (message) => io.stderr.write(`mcp-risk: warning: ${message}\n`) });
  const progress = createCrawlProgress(io, { quiet: raw.json === true });
  let summary: CrawlSummary;
  try {
    summary = await crawl({
      store,
      sources,
      sourceContext: { npmRegistry: registry, cwd: io.cwd, render: raw.render === true, pageCap, politeDelayMs: 1_000, timeoutMs },
      runner: createServerRunner({
        nodePath: process.execPath,
        registry,
        cacheDir,
        cwd: io.cwd,
        allowUnsandboxed: raw.allowUnsandboxed === true,
        installTimeoutMs: Math.max(120_000, timeoutMs),
        cpuSeconds: Math.ceil(timeoutMs / 1000) + 30,
        memoryBytes: 16 * 1024 ** 3,
      }),
      concurrency,
      ...(limit !== undefined ? { limit } : {}),
      timeoutMs,
      maxAgeMs: maxAgeHours * 3_600_000,
      failedMaxAgeMs: failedMaxAgeHours * 3_600_000,
      retryFailed: raw.retryFailed === true,
      ...(io.signal ? { signal: io.signal } : {}),
      onEvent: (event) => progress.onEvent(event),
    });
  } finally {
    progress.stop();
    await store.close();
  }
  if (raw.json) io.stdout.write(`${JSON.stringify({ ...summary, store: db }, null, 2)}\n`);
  else io.stdout.write(renderSummary(summary, db));
  return summary.interrupted ? EXIT.interrupted : EXIT.ok;
}
