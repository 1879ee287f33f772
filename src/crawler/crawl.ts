/**
 * A crawl: read every source, decide which servers are due, run each due one through a
 * `ServerRunner` a few at a time, classify what it listed, and put the record in the store —
 * with the hashes of its tools and what changed since the previous crawl.
 *
 * Resumable by construction: a record is stored as soon as its server is done (the store makes
 * it durable), and a server whose record is fresh is not due. An interrupted crawl, run again,
 * scans only what it had not finished. Aborting stops taking new servers; finished work is kept.
 *
 * An error thrown while running a server says what happens next (errors.ts), and the crawl obeys:
 * `skip-server` and `fix-input` fail that entry only (see `failsOnlyThisEntry`); `abort`, or any
 * other thrown value (a bug), stops the crawl, keeps every record finished, and is rethrown for the
 * command to exit with its code.
 */
import PQueue from 'p-queue';
import type { CatalogueServer, CrawlStatus } from '../catalogue/catalogue-model.js';
import type { CatalogueStore } from '../catalogue/catalogue-store.js';
import { diffTools, hashTools } from '../catalogue/tool-hashes.js';
import { classifyServer } from '../classifier/classify-server.js';
import { errorMessage, isMcpRiskError, ServerError, type McpRiskError } from '../errors.js';
import { isDiskFull } from './disk-full.js';
import { removeStaleCgroups } from './sandbox/cgroup-limits.js';
import { removeStaleHomes } from './sandbox/sandbox-command.js';
import type { ServerSnapshot } from '../model.js';
import { failedSnapshot } from '../scanner/scan-server.js';
import type { CrawlEntry } from '../crawl-entry.js';
import type { CatalogueSource, SourceContext } from '../sources/source.js';
import { DEFAULT_FAILED_MAX_AGE_MS, dueReason, launchHash } from './due-rule.js';

/** What running one server produced. */
export interface RunOutcome {
  status: CrawlStatus;
  snapshot: ServerSnapshot;
  error?: { code: string; message: string };
  /** The version actually run (npm packages), when the runner learned it. */
  version?: string;
}

/**
 * Runs (or reaches) one server and lists its tools. A server's own failure is an outcome (`failed`),
 * or a thrown typed error that fails this entry only (`failsOnlyThisEntry`); anything else it throws
 * stops the crawl.
 */
export type ServerRunner = (entry: CrawlEntry, options: { timeoutMs: number; signal: AbortSignal }) => Promise<RunOutcome>;

export interface CrawlSourceSpec {
  source: CatalogueSource;
  location: string;
}

export type CrawlEvent =
  | { type: 'source'; spec: string; entries: number }
  | { type: 'planned'; due: number; fresh: number; total: number }
  | { type: 'started'; entry: CrawlEntry }
  | { type: 'finished'; entry: CrawlEntry; status: CrawlStatus; tools: number; changed: boolean; durationMs: number }
  | { type: 'log'; line: string };

export interface CrawlOptions {
  store: CatalogueStore;
  sources: readonly CrawlSourceSpec[];
  sourceContext: Omit<SourceContext, 'log' | 'signal'>;
  runner: ServerRunner;
  concurrency: number;
  /** Most servers to scan in this run. */
  limit?: number;
  timeoutMs: number;
  /** A record older than this is due again. */
  maxAgeMs: number;
  /** A failed record older than this is due again (default 6 h; see due-rule.ts). */
  failedMaxAgeMs?: number;
  /** Re-crawl only the entries whose last crawl failed. */
  retryFailed?: boolean;
  signal?: AbortSignal;
  now?: () => Date;
  onEvent?: (event: CrawlEvent) => void;
}

export interface CrawlSummary {
  sources: number;
  entries: number;
  due: number;
  scanned: number;
  byStatus: Record<CrawlStatus, number>;
  tools: number;
  changed: number;
  interrupted: boolean;
  wallMs: number;
}

/**
 * Whether `error`, thrown while running one entry, fails that entry only, by the error's `next`:
 *  - `skip-server`: the server cannot be installed, started or reached: recorded as failed, the crawl goes on;
 *  - `fix-input`: the same. An entry of a list, a registry or a page is input to its own server only:
 *    what must be fixed is that entry, and no other server is concerned. (A source that cannot be
 *    read at all is input to the whole run: its error stops the crawl before any server runs.)
 *  - `abort`, or a value that is not a typed error (a bug): no, the crawl stops.
 */
export function failsOnlyThisEntry(error: unknown): error is McpRiskError {
  return isMcpRiskError(error) && error.next !== 'abort';
}

/** How a server that failed before it listed tools is named in its snapshot: its package, or the entry's id. */
export function entryTarget(entry: CrawlEntry): string {
  return entry.launch.kind === 'npm' ? `npm:${entry.launch.package}` : entry.id;
}

/** The outcome of a server that failed (or needs configuration) before it listed any tools. */
export function failedOutcome(
  entry: CrawlEntry,
  target: string,
  error: { code: string; message: string },
  status: RunOutcome['status'] = 'failed',
): RunOutcome {
  const transport = entry.launch.kind === 'url' ? 'http' : 'stdio';
  const snapshot = failedSnapshot(
    { target, transport, name: entry.name, fallbackName: entry.name },
    new ServerError('spawn-failed', error.message),
  );
  snapshot.error = { ...error };
  return { status, snapshot, error: { ...error } };
}

/** The log line of a crawl stopped at `entry` by `error`. */
function stopLine(entry: CrawlEntry, error: unknown): string {
  if (isDiskFull(error)) return `stopped at ${entry.id}: no space left on the disk`;
  if (isMcpRiskError(error) && !error.internal) return `stopped at ${entry.id}: ${errorMessage(error)}`;
  return `internal error on ${entry.id}: ${errorMessage(error)}`;
}

/** Whether a stored record must be crawled again (the rule: due-rule.ts). */
export function isDue(
  entry: CrawlEntry,
  previous: CatalogueServer | undefined,
  now: Date,
  maxAgeMs: number,
  failedMaxAgeMs = DEFAULT_FAILED_MAX_AGE_MS,
  retryFailed = false,
): boolean {
  return dueReason(entry, previous, now, { maxAgeMs, failedMaxAgeMs, retryFailed }) !== null;
}

async function collectEntries(options: CrawlOptions, log: (line: string) => void): Promise<CrawlEntry[]> {
  const seen = new Map<string, CrawlEntry>();
  for (const spec of options.sources) {
    if (options.signal?.aborted) break;
    let count = 0;
    const context: SourceContext = { ...options.sourceContext, log, ...(options.signal ? { signal: options.signal } : {}) };
    for await (const entry of spec.source.entries(spec.location, context)) {
      count += 1;
      if (!seen.has(entry.id)) seen.set(entry.id, entry);
      if (options.signal?.aborted) break;
    }
    options.onEvent?.({ type: 'source', spec: `${spec.source.kind}:${spec.location}`, entries: count });
  }
  return [...seen.values()];
}

export function buildRecord(
  entry: CrawlEntry,
  outcome: RunOutcome,
  previous: CatalogueServer | undefined,
  at: Date,
  durationMs: number,
): CatalogueServer {
  const report = classifyServer(outcome.snapshot);
  const { toolHashes, toolPartHashes } = hashTools(outcome.snapshot.tools);
  const iso = at.toISOString();
  const version = outcome.version ?? entry.metadata?.version ?? (entry.launch.kind === 'npm' ? entry.launch.version : undefined);
  const metadata = { ...entry.metadata, ...(version !== undefined ? { version } : {}) };
  const history = [...(previous?.history ?? [])];
  // A failed crawl says nothing about the tools: keep the previous hashes to compare with next time.
  const keepPrevious = outcome.status !== 'ok' && outcome.status !== 'listed-only' && previous !== undefined;
  if (!keepPrevious) {
    const change = diffTools(previous, { toolHashes, toolPartHashes }, iso, {
      from: previous?.metadata.version ?? null,
      to: version ?? null,
    });
    if (change) history.push(change);
  }
  const record: CatalogueServer = {
    id: entry.id,
    name: entry.name,
    source: entry.source,
    launch: entry.launch,
    launchHash: launchHash(entry),
    metadata,
    status: outcome.status,
    firstSeen: previous?.firstSeen ?? iso,
    lastCrawled: iso,
    durationMs,
    report,
    toolHashes: keepPrevious ? previous.toolHashes : toolHashes,
    toolPartHashes: keepPrevious ? previous.toolPartHashes : toolPartHashes,
    history,
  };
  if (outcome.error) record.error = outcome.error;
  return record;
}

export async function crawl(options: CrawlOptions): Promise<CrawlSummary> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const log = (line: string): void => options.onEvent?.({ type: 'log', line });
  const summary: CrawlSummary = {
    sources: options.sources.length,
    entries: 0,
    due: 0,
    scanned: 0,
    byStatus: { ok: 0, failed: 0, 'needs-config': 0, 'listed-only': 0 },
    tools: 0,
    changed: 0,
    interrupted: false,
    wallMs: 0,
  };
  // What crawlers killed with -9 left behind: servers' HOME folders and cgroups.
  const stale = (await removeStaleHomes()) + (await removeStaleCgroups());
  if (stale > 0) log(`removed ${stale} temporary HOME folder(s) and cgroup(s) left by a crawl that was killed`);
  const entries = await collectEntries(options, log);
  summary.entries = entries.length;
  const planStart = now();
  let due = entries.filter((entry) =>
    isDue(entry, options.store.get(entry.id), planStart, options.maxAgeMs, options.failedMaxAgeMs, options.retryFailed),
  );
  if (options.limit !== undefined) due = due.slice(0, options.limit);
  summary.due = due.length;
  options.onEvent?.({ type: 'planned', due: due.length, fresh: entries.length - due.length, total: entries.length });

  const queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
  const stop = new AbortController();
  const onAbort = (): void => {
    summary.interrupted = true;
    queue.clear();
    stop.abort(options.signal?.reason);
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const failures: unknown[] = [];
  /** Runs one entry and stores its record; an error that stops the crawl stops it before the queue starts another. */
  const crawlOne = async (entry: CrawlEntry): Promise<void> => {
    if (stop.signal.aborted) return;
    options.onEvent?.({ type: 'started', entry });
    const t0 = performance.now();
    let outcome: RunOutcome;
    try {
      outcome = await options.runner(entry, { timeoutMs: options.timeoutMs, signal: stop.signal });
    } catch (error) {
      if (stop.signal.aborted) return;
      if (!failsOnlyThisEntry(error)) throw error;
      outcome = failedOutcome(entry, entryTarget(entry), { code: error.code, message: errorMessage(error) });
    }
    if (stop.signal.aborted && outcome.status !== 'ok') return;
    const durationMs = Math.round(performance.now() - t0);
    const previous = options.store.get(entry.id);
    const record = buildRecord(entry, outcome, previous, now(), durationMs);
    await options.store.put(record);
    const changed = record.history.length > (previous?.history.length ?? 0) && previous !== undefined;
    summary.scanned += 1;
    summary.byStatus[record.status] += 1;
    summary.tools += record.report.tools.length;
    if (changed) summary.changed += 1;
    options.onEvent?.({ type: 'finished', entry, status: record.status, tools: record.report.tools.length, changed, durationMs });
  };
  for (const entry of due) {
    void queue.add(async () => {
      try {
        await crawlOne(entry);
      } catch (error) {
        failures.push(error);
        log(stopLine(entry, error));
        stop.abort(error);
        queue.clear();
      }
    });
  }
  await queue.onIdle();
  options.signal?.removeEventListener('abort', onAbort);
  await options.store.flush();
  summary.wallMs = Math.round(performance.now() - started);
  if (failures.length > 0) throw failures[0];
  return summary;
}
