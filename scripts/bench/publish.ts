/**
 * Publish benchmark: `mcp-risk publish` of a catalogue of 10,000 servers with 100,000 tools
 * (realistic records: store-records.ts, ten classified Flowforge-derived tools per server, with
 * package metadata and change history), read from a real embedded store on disk. Targets: the
 * first publish under 60 s and 2 GB peak RSS.
 *
 * Figures, each beside a baseline:
 *  - the first publish (every file written) beside the floor: loading the same store and only
 *    serialising catalogue.json (what any publish must at least do);
 *  - a re-publish of the unchanged catalogue, and one after a single server changed, beside the
 *    first publish (time and files written).
 *
 * Every run is its own node process (this file with --publish-child), so its peak RSS is its own;
 * times are measured inside it, from opening the store to the last file written.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLowdbStore } from '../../dist/catalogue/lowdb-store.js';
import { readCatalogue } from '../../dist/catalogue/read-catalogue.js';
import { run } from '../../dist/cli/run.js';
import type { CliIo } from '../../dist/cli/io.js';
import { row } from './stats.js';
import { benchServerRecord, TOOLS_PER_SERVER } from './store-records.js';
import { runSelfInChild } from './child-run.js';

const CHILD_FLAG = '--publish-child';
const TARGET_MS = 60_000;
const TARGET_RSS = 2 * 1024 ** 3;

type Mode = 'publish' | 'floor';

interface ChildResult {
  mode: Mode;
  wallMs: number;
  peakRssBytes: number;
  files: number;
  written: number;
  unchanged: number;
  deleted: number;
  bytes: number;
}

function bufferIo(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => void (out += text) },
    stderr: { write: (text: string) => void (err += text) },
    readStdin: async () => '',
    env: {},
    cwd,
    home: tmpdir(),
    platform: process.platform,
    out: () => out,
    err: () => err,
  };
}

/** In the child: publish (through the real command) or only serialise catalogue.json; one JSON line out. */
async function runChild(mode: Mode, db: string, out: string): Promise<void> {
  const started = performance.now();
  let result: Omit<ChildResult, 'wallMs' | 'peakRssBytes'>;
  if (mode === 'floor') {
    const store = await openLowdbStore(db, { write: false });
    const view = readCatalogue(store);
    await store.close();
    const text = `${JSON.stringify(view)}\n`;
    writeFileSync(join(out, 'catalogue.json'), text);
    result = { mode, files: 1, written: 1, unchanged: 0, deleted: 0, bytes: Buffer.byteLength(text) };
  } else {
    const io = bufferIo(process.cwd());
    const code = await run(['publish', '--db', db, '--out', out, '--base-url', 'https://mcp-risk.example/catalogue/'], io);
    if (code !== 0) throw new Error(`publish exited ${code}: ${io.err()}`);
    const match = /: (\d+) files, (\d+) written, (\d+) unchanged, (\d+) deleted/.exec(io.out());
    if (match === null) throw new Error(`unexpected publish output: ${io.out()}`);
    const [files, written, unchanged, deleted] = match.slice(1).map(Number) as [number, number, number, number];
    result = { mode, files, written, unchanged, deleted, bytes: 0 };
  }
  const wallMs = performance.now() - started;
  const line: ChildResult = { ...result, wallMs, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function runInChild(mode: Mode, db: string, out: string): Promise<ChildResult> {
  return runSelfInChild<ChildResult>(import.meta.url, [CHILD_FLAG, mode, db, out], `publish ${mode} run`);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const count = (n: number): string => n.toLocaleString('en');

/** Publishes `servers` generated servers, re-publishes unchanged and after one change, and prints the figures. */
export async function benchPublish(servers = 10_000): Promise<{ firstMs: number; peakRssBytes: number; changedWritten: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-risk-publish-bench-'));
  try {
    const db = join(dir, 'catalogue.json');
    const site = join(dir, 'site');
    const floorDir = join(dir, 'floor');
    const t0 = performance.now();
    const store = await openLowdbStore(db, { write: true });
    const puts: Promise<void>[] = [];
    for (let index = 0; index < servers; index += 1) puts.push(store.put(benchServerRecord(index)));
    await Promise.all(puts);
    await store.close();
    const storeMs = performance.now() - t0;

    mkdirSync(floorDir, { recursive: true });
    const floor = await runInChild('floor', db, floorDir);
    const first = await runInChild('publish', db, site);
    const unchanged = await runInChild('publish', db, site);

    // One server crawled again: one tool's description changed, a new version, a later crawl.
    const changedIndex = Math.floor(servers / 2);
    const record = benchServerRecord(changedIndex);
    const tool = record.report.tools[0];
    if (tool === undefined) throw new Error('the benchmark record has no tools');
    tool.description = `${tool.description} It now also archives what it replaces.`;
    record.metadata = { ...record.metadata, version: '9.0.0' };
    record.lastCrawled = new Date(Date.UTC(2026, 5, 1)).toISOString();
    const writer = await openLowdbStore(db, { write: true });
    await writer.put(record);
    await writer.close();
    const changed = await runInChild('publish', db, site);

    const tools = servers * TOOLS_PER_SERVER;
    console.log(
      `\n== Publish: ${count(servers)} servers, ${count(tools)} tools (store built in ${seconds(storeMs)}, not counted), each run its own process`,
    );
    console.log(row('', 'mcp-risk publish', 'baseline', ''));
    console.log(
      row(
        'first publish: time',
        seconds(first.wallMs),
        `${seconds(floor.wallMs)} (floor: catalogue.json only)`,
        `${(first.wallMs / floor.wallMs).toFixed(1)}× the floor (target < ${seconds(TARGET_MS)}: ${first.wallMs < TARGET_MS ? 'met' : 'NOT met'})`,
      ),
    );
    console.log(
      row(
        'first publish: peak RSS',
        megabytes(first.peakRssBytes),
        `${megabytes(floor.peakRssBytes)} (floor)`,
        `target < 2 GB: ${first.peakRssBytes < TARGET_RSS ? 'met' : 'NOT met'}`,
      ),
    );
    console.log(
      row(
        'first publish: files written',
        count(first.written),
        `1 (floor: ${megabytes(floor.bytes)})`,
        `${count(first.files)} files in the site`,
      ),
    );
    console.log(
      row(
        're-publish, nothing changed: time',
        seconds(unchanged.wallMs),
        `${seconds(first.wallMs)} (first publish)`,
        `${((unchanged.wallMs / first.wallMs) * 100).toFixed(0)}% of it`,
      ),
    );
    console.log(
      row(
        're-publish, nothing changed: written',
        count(unchanged.written),
        `${count(first.written)} (first publish)`,
        `${count(unchanged.unchanged)} unchanged`,
      ),
    );
    console.log(
      row(
        're-publish, one server changed: time',
        seconds(changed.wallMs),
        `${seconds(first.wallMs)} (first publish)`,
        `${((changed.wallMs / first.wallMs) * 100).toFixed(0)}% of it`,
      ),
    );
    console.log(
      row(
        're-publish, one server changed: written',
        count(changed.written),
        `${count(first.written)} (first publish)`,
        `${count(changed.deleted)} deleted`,
      ),
    );
    console.log(row('re-publish: peak RSS', megabytes(changed.peakRssBytes), `${megabytes(first.peakRssBytes)} (first publish)`, ''));
    return { firstMs: first.wallMs, peakRssBytes: first.peakRssBytes, changedWritten: changed.written };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const invokedAs = process.argv[1] === undefined ? '' : resolve(process.argv[1]);
if (invokedAs === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === CHILD_FLAG) {
    const [mode, db, out] = process.argv.slice(3);
    if ((mode !== 'publish' && mode !== 'floor') || db === undefined || out === undefined)
      throw new Error('usage: --publish-child publish|floor <db> <out>');
    await runChild(mode, db, out);
  } else {
    const wanted = process.argv[2] !== undefined ? Number(process.argv[2]) : undefined;
    await benchPublish(wanted);
  }
}
