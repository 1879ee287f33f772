/**
 * Store write benchmark: `count` realistic catalogue records (ten classified tools each) written
 * one by one into a fresh embedded store through `put` (journal + compaction, the real path),
 * beside the naive way: a plain lowdb document with one `db.write()` per server, which rewrites
 * the whole file every time (time per write grows with the file, so the total grows with the
 * square of the count). The naive run stops at a time cap; the rest is extrapolated from the cost
 * per record of its last writes, and the output says so.
 *
 * Each variant runs in its own node process (this file, with --store-write-child), so that its
 * peak RSS is its own. Records are built before the clock starts; "RSS before writing" is what
 * they and node already take.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { CatalogueServer } from '../../dist/catalogue/catalogue-model.js';
import { openLowdbStore } from '../../dist/catalogue/lowdb-store.js';
import { row } from './stats.js';
import { benchServerRecord, TOOLS_PER_SERVER } from './store-records.js';
import { runSelfInChild } from './child-run.js';

const CHILD_FLAG = '--store-write-child';
const NAIVE_CAP_MS = 60_000;

type Variant = 'store' | 'naive';

interface VariantResult {
  variant: Variant;
  count: number;
  /** Records actually written (the naive run may stop at its cap). */
  written: number;
  totalMs: number;
  writeMs: number;
  /** Projected total for all `count` records, when the run stopped early. */
  projectedTotalMs: number | null;
  projectedWriteMs: number | null;
  bytesWritten: number;
  wholeFileWrites: number;
  fileBytes: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
}

function buildRecords(count: number): CatalogueServer[] {
  return Array.from({ length: count }, (_, index) => benchServerRecord(index));
}

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

async function runStore(records: CatalogueServer[], dir: string): Promise<Omit<VariantResult, 'rssBeforeBytes' | 'peakRssBytes'>> {
  const path = join(dir, 'catalogue.json');
  const started = performance.now();
  const store = await openLowdbStore(path, { write: true });
  for (const record of records) await store.put(record);
  await store.close();
  const totalMs = performance.now() - started;
  const stats = store.stats();
  return {
    variant: 'store',
    count: records.length,
    written: records.length,
    totalMs,
    writeMs: stats.writeMs,
    projectedTotalMs: null,
    projectedWriteMs: null,
    bytesWritten: stats.bytesWritten,
    wholeFileWrites: stats.snapshotWrites,
    fileBytes: statSync(path).size,
  };
}

async function runNaive(
  records: CatalogueServer[],
  dir: string,
  capMs: number,
): Promise<Omit<VariantResult, 'rssBeforeBytes' | 'peakRssBytes'>> {
  const path = join(dir, 'naive.json');
  const started = performance.now();
  const db = new Low<{ servers: Record<string, CatalogueServer> }>(new JSONFile(path), { servers: {} });
  await db.read();
  const writeTimes: number[] = [];
  let writeMs = 0;
  let bytesWritten = 0;
  for (const record of records) {
    if (performance.now() - started > capMs) break;
    db.data.servers[record.id] = record;
    const t0 = performance.now();
    await db.write();
    const elapsed = performance.now() - t0;
    writeTimes.push(elapsed);
    writeMs += elapsed;
    bytesWritten += statSync(path).size;
  }
  const totalMs = performance.now() - started;
  const written = writeTimes.length;
  let projectedTotalMs: number | null = null;
  let projectedWriteMs: number | null = null;
  if (written < records.length) {
    // Write i rewrites i records: its cost is about c·i. Estimate c from the last tenth of the writes.
    const tail = Math.max(1, Math.floor(written / 10));
    let tailMs = 0;
    let tailRecords = 0;
    for (let i = written - tail; i < written; i += 1) {
      tailMs += writeTimes[i] ?? 0;
      tailRecords += i + 1;
    }
    const perRecordMs = tailMs / tailRecords;
    let remainingMs = 0;
    for (let i = written + 1; i <= records.length; i += 1) remainingMs += perRecordMs * i;
    projectedWriteMs = writeMs + remainingMs;
    projectedTotalMs = totalMs + remainingMs;
  }
  return {
    variant: 'naive',
    count: records.length,
    written,
    totalMs,
    writeMs,
    projectedTotalMs,
    projectedWriteMs,
    bytesWritten,
    wholeFileWrites: written,
    fileBytes: statSync(path).size,
  };
}

/** In the child: build the records, write them one way, print the result as one JSON line. */
async function runChild(variant: Variant, count: number, capMs: number): Promise<void> {
  const records = buildRecords(count);
  const rssBeforeBytes = process.memoryUsage().rss;
  const dir = mkdtempSync(join(tmpdir(), 'mcp-risk-store-bench-'));
  try {
    const result = variant === 'store' ? await runStore(records, dir) : await runNaive(records, dir, capMs);
    process.stdout.write(`${JSON.stringify({ ...result, rssBeforeBytes, peakRssBytes: peakRss() } satisfies VariantResult)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runVariant(variant: Variant, count: number, capMs: number): Promise<VariantResult> {
  return runSelfInChild<VariantResult>(import.meta.url, [CHILD_FLAG, variant, String(count), String(capMs)], `store-write ${variant} run`);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Writes `count` records both ways and prints the figures side by side. */
export async function benchStoreWrites(count = 5000, naiveCapMs = NAIVE_CAP_MS): Promise<void> {
  const ours = await runVariant('store', count, naiveCapMs);
  const naive = await runVariant('naive', count, naiveCapMs);
  const capped = naive.projectedTotalMs !== null;
  const naiveTotal = naive.projectedTotalMs ?? naive.totalMs;
  const naiveWrite = naive.projectedWriteMs ?? naive.writeMs;
  console.log(
    `\n== Store writes: ${count.toLocaleString('en')} catalogue records (${TOOLS_PER_SERVER} classified tools each), put one by one into a fresh store`,
  );
  console.log(row('', 'mcp-risk store', 'baseline: lowdb write/server', ''));
  console.log(
    row(
      'total time',
      seconds(ours.totalMs),
      capped ? `≈${seconds(naiveTotal)} (projected)` : seconds(naive.totalMs),
      `${(naiveTotal / ours.totalMs).toFixed(0)}× faster`,
    ),
  );
  console.log(
    row('write time (incl. fsync)', seconds(ours.writeMs), capped ? `≈${seconds(naiveWrite)} (projected)` : seconds(naive.writeMs), ''),
  );
  console.log(
    row('whole-file writes', String(ours.wholeFileWrites), capped ? `${naive.written} (of ${count})` : String(naive.written), ''),
  );
  console.log(
    row('bytes written', megabytes(ours.bytesWritten), `${megabytes(naive.bytesWritten)}${capped ? ` for ${naive.written}` : ''}`, ''),
  );
  console.log(
    row('catalogue file', megabytes(ours.fileBytes), `${megabytes(naive.fileBytes)}${capped ? ` for ${naive.written}` : ''}`, ''),
  );
  console.log(row('peak RSS', megabytes(ours.peakRssBytes), megabytes(naive.peakRssBytes), ''));
  console.log(row('RSS before writing (node + records)', megabytes(ours.rssBeforeBytes), megabytes(naive.rssBeforeBytes), ''));
  if (capped) {
    console.log(
      `  The baseline stopped at its ${seconds(naiveCapMs)} cap after ${naive.written} of ${count} records (${seconds(naive.totalMs)}); ` +
        'its remaining writes are projected from the cost per record of its last tenth of writes (each write rewrites every record so far). ' +
        'The mcp-risk store fsyncs every put; lowdb does not fsync at all.',
    );
  }
}

const invokedAs = process.argv[1] === undefined ? '' : resolve(process.argv[1]);
if (invokedAs === fileURLToPath(import.meta.url) && process.argv[2] === CHILD_FLAG) {
  const [variant, count, capMs] = process.argv.slice(3);
  if (variant !== 'store' && variant !== 'naive') throw new Error(`unknown variant ${String(variant)}`);
  await runChild(variant, Number(count), Number(capMs));
}
