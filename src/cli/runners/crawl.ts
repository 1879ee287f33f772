/**
 * Runs `mcp-risk crawl`, declared (and described) in ../commands/crawl.ts.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import Table from 'cli-table3';
import { openLowdbStore } from '../../catalogue/lowdb-store.js';
import { crawl, type CrawlSourceSpec, type CrawlSummary } from '../../crawler/crawl.js';
import { createServerRunner } from '../../crawler/run-server.js';
import { DEFAULT_RESOURCE_LIMITS, type ResourceLimits } from '../../crawler/sandbox/resource-limits.js';
import { detectSandbox, sandboxRefusal } from '../../crawler/sandbox/sandbox-command.js';
import { describeMemoryBound } from '../../crawler/sandbox/memory-bound.js';
import { runningAsRoot } from '../../crawler/sandbox/sandbox-user.js';
import { DiskFullError, isDiskFull } from '../../crawler/disk-full.js';
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
  expose?: string[];
  memory?: string;
  maxProcesses?: string;
  tmpSize?: string;
  json?: boolean;
}

const MIB = 1024 ** 2;
/** Where npm packages go when root crawls: readable by the unprivileged users servers run as (root's HOME is not). */
const ROOT_CACHE_DIR = '/var/cache/mcp-risk/packages';

import { DEFAULT_DB } from '../defaults.js';

function positiveInt(raw: string | undefined, name: string, fallback: number, max: number, min = 1): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new UsageError(`${name} takes a whole number from ${min} to ${max} (got "${raw}")`);
  return Number(raw);
}

/** An --expose folder: it must exist and be a folder. */
function exposedFolder(cwd: string, raw: string): string {
  const dir = resolve(cwd, raw);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`--expose takes an existing folder (got "${raw.slice(0, 200)}")`);
  return dir;
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
  const table = new Table({
    head: ['servers', 'scanned', 'ok', 'failed', 'needs-config', 'listed-only', 'tools', 'changed', 'wall time'],
    style: { head: [], border: [] },
  });
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
  const root = runningAsRoot();
  const cacheDir = resolve(io.cwd, raw.cacheDir ?? (root ? ROOT_CACHE_DIR : join(io.home || homedir(), '.cache', 'mcp-risk', 'packages')));
  const limits: ResourceLimits = {
    ...DEFAULT_RESOURCE_LIMITS,
    cpuSeconds: Math.ceil(timeoutMs / 1000) + 30,
    memoryBytes: positiveInt(raw.memory, '--memory', DEFAULT_RESOURCE_LIMITS.memoryBytes / MIB, 1_048_576, 64) * MIB,
    maxProcesses: positiveInt(raw.maxProcesses, '--max-processes', DEFAULT_RESOURCE_LIMITS.maxProcesses, 65_536, 16),
    tmpfsBytes: positiveInt(raw.tmpSize, '--tmp-size', DEFAULT_RESOURCE_LIMITS.tmpfsBytes / MIB, 1_048_576) * MIB,
  };
  const expose = (raw.expose ?? []).map((dir) => exposedFolder(io.cwd, dir));
  const sandbox = await detectSandbox();
  const refusal = sandboxRefusal(sandbox, root);
  if (refusal !== null) {
    if (!raw.allowUnsandboxed) throw new UsageError(refusal);
    io.stderr.write(
      sandbox === 'none'
        ? 'mcp-risk: warning: no sandbox available; crawled servers run WITHOUT network isolation (--allow-unsandboxed)\n'
        : 'mcp-risk: warning: crawling as root without bubblewrap: crawled servers run as ROOT with only unshare (network isolated, the filesystem not) (--allow-unsandboxed)\n',
    );
  }
  const bound = await describeMemoryBound(limits);
  io.stderr.write(`mcp-risk: ${bound.warning ? 'warning: ' : ''}${bound.line}\n`);
  const store = await openLowdbStore(db, { write: true, onWarning: (message) => io.stderr.write(`mcp-risk: warning: ${message}\n`) }).catch(
    (error: unknown) => {
      throw isDiskFull(error) ? new DiskFullError(error, db) : error;
    },
  );
  const progress = createCrawlProgress(io, { quiet: raw.json === true });
  let summary: CrawlSummary | undefined;
  let failure: { error: unknown } | undefined;
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
        limits,
        expose,
        storePath: db,
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
  } catch (error) {
    failure = { error: isDiskFull(error) ? new DiskFullError(error, db) : error };
  }
  progress.stop();
  try {
    await store.close();
  } catch (error) {
    // The crawl's own error (if any) wins; a full disk while closing is still the environment's fault.
    failure ??= { error: isDiskFull(error) ? new DiskFullError(error, db) : error };
  }
  if (failure !== undefined) throw failure.error;
  if (summary === undefined) throw new Error('the crawl returned no summary');
  if (raw.json) io.stdout.write(`${JSON.stringify({ ...summary, store: db }, null, 2)}\n`);
  else io.stdout.write(renderSummary(summary, db));
  return summary.interrupted ? EXIT.interrupted : EXIT.ok;
}
