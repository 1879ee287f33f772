/**
 * Crawl benchmarks.
 *  1. 5,000 in-process fixture servers (SDK servers on in-memory transports, no spawning) crawled
 *     into a fresh embedded store: total time, store write time and peak memory — beside the same
 *     crawl into a store that does one lowdb write per server (the naive way; capped in time and
 *     extrapolated, as it grows quadratically).
 *  2. A real stdio crawl: time per server of crawling the Flowforge fixture through the real
 *     runner (sandbox, scan, classify, store) beside a bare SDK client that only lists its tools.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { JSONFile } from 'lowdb/node';
import { Low } from 'lowdb';
import type { CatalogueServer } from '../../dist/catalogue/catalogue-model.js';
import type { CatalogueStore, StoreWriteStats } from '../../dist/catalogue/catalogue-store.js';
import { openLowdbStore } from '../../dist/catalogue/lowdb-store.js';
import type { Connection } from '../../dist/connectors/connection.js';
import { crawl, type ServerRunner } from '../../dist/crawler/crawl.js';
import { createServerRunner } from '../../dist/crawler/run-server.js';
import { snapshotFromConnection } from '../../dist/scanner/scan-server.js';
import type { CrawlEntry } from '../../dist/crawl-entry.js';
import type { CatalogueSource } from '../../dist/sources/source.js';
import { FLOWFORGE_TOOLS } from '../../test/fixtures/servers/flowforge-tools.mjs';
import { median, row } from './stats.js';

const SERVERS = 5_000;
const NAIVE_CAP_MS = 60_000;

function entrySource(entries: CrawlEntry[]): CatalogueSource {
  return {
    kind: 'list',
    summary: 'benchmark entries',
    async *entries() {
      yield* entries;
    },
  };
}

function inProcessEntries(count: number): CrawlEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `list:bench-${i}`,
    name: `bench-${i}`,
    source: { kind: 'list' as const, location: 'bench' },
    launch: { kind: 'command' as const, command: 'in-process', args: [String(i)] },
  }));
}

/** An SDK server with ten Flowforge tools, reached over an in-memory transport pair. */
const inProcessRunner: ServerRunner = async (entry, { timeoutMs, signal }) => {
  const index = Number(entry.launch.kind === 'command' ? entry.launch.args[0] : 0);
  const tools = Array.from({ length: 10 }, (_, k) => FLOWFORGE_TOOLS[(index + k) % FLOWFORGE_TOOLS.length]);
  const server = new Server({ name: entry.name, version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'mcp-risk-bench', version: '1.0.0' });
  await client.connect(clientSide);
  const connection: Connection = {
    client,
    transport: 'stdio',
    protocolVersion: '2025-11-25',
    stderrTail: () => '',
    describeFailure: async () => null,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
  try {
    const snapshot = await snapshotFromConnection(
      connection,
      { target: 'in-process', transport: 'stdio', fallbackName: entry.name },
      { timeoutMs, signal },
    );
    return { status: 'ok', snapshot };
  } finally {
    await connection.close();
  }
};

/** The naive store: one whole-file lowdb write per server. */
async function openNaiveStore(path: string): Promise<CatalogueStore & { records: number }> {
  const db = new Low<{ servers: Record<string, CatalogueServer> }>(new JSONFile(path), { servers: {} });
  await db.read();
  const stats: StoreWriteStats = { journalAppends: 0, snapshotWrites: 0, bytesWritten: 0, writeMs: 0 };
  let records = 0;
  return {
    location: path,
    writable: true,
    get: (id) => db.data.servers[id],
    list: () => Object.values(db.data.servers),
    size: () => Object.keys(db.data.servers).length,
    async put(server) {
      db.data.servers[server.id] = server;
      const t0 = performance.now();
      await db.write();
      stats.writeMs += performance.now() - t0;
      stats.snapshotWrites += 1;
      records += 1;
    },
    flush: async () => undefined,
    close: async () => undefined,
    stats: () => ({ ...stats }),
    get records() {
      return records;
    },
  };
}

async function timedCrawl(store: CatalogueStore, entries: CrawlEntry[], signal?: AbortSignal) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  const summary = await crawl({
    store,
    sources: [{ source: entrySource(entries), location: 'bench' }],
    sourceContext: {
      npmRegistry: 'http://127.0.0.1:9/',
      cwd: process.cwd(),
      render: false,
      pageCap: 1,
      politeDelayMs: 0,
      timeoutMs: 10_000,
    },
    runner: inProcessRunner,
    concurrency: 8,
    timeoutMs: 10_000,
    maxAgeMs: 3_600_000,
    ...(signal ? { signal } : {}),
  });
  clearInterval(sampler);
  return { ms: performance.now() - t0, summary, peak: Math.max(peak, process.memoryUsage().rss), stats: store.stats() };
}

export async function benchCrawlInProcess(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-risk-crawl-bench-'));
  try {
    const entries = inProcessEntries(SERVERS);
    const store = await openLowdbStore(join(dir, 'catalogue.json'), { write: true });
    const ours = await timedCrawl(store, entries);
    await store.close();
    global.gc?.();
    const naive = await openNaiveStore(join(dir, 'naive.json'));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('cap')), NAIVE_CAP_MS);
    const base = await timedCrawl(naive, entries, controller.signal);
    clearTimeout(timer);
    const done = naive.records;
    const capped = done < SERVERS;
    // Whole-file rewrites grow with the file: time per write is linear in records, total is quadratic.
    const extrapolatedMs = capped ? base.ms * (SERVERS / done) ** 2 : base.ms;
    console.log(`\n== Crawl of ${SERVERS.toLocaleString('en')} in-process fixture servers (10 tools each, no spawning) into a fresh store`);
    console.log(row('', 'mcp-risk store', 'baseline: lowdb write/server', ''));
    console.log(
      row(
        'total time',
        `${(ours.ms / 1000).toFixed(1)} s`,
        capped
          ? `≈${(extrapolatedMs / 1000).toFixed(0)} s (${done} done in ${(base.ms / 1000).toFixed(0)} s)`
          : `${(base.ms / 1000).toFixed(1)} s`,
        `${(extrapolatedMs / ours.ms).toFixed(0)}× faster`,
      ),
    );
    console.log(
      row('store write time', `${(ours.stats.writeMs / 1000).toFixed(2)} s`, `${(base.stats.writeMs / 1000).toFixed(1)} s for ${done}`, ''),
    );
    console.log(row('whole-file writes', String(ours.stats.snapshotWrites), String(base.stats.snapshotWrites), ''));
    console.log(row('peak memory (RSS)', `${(ours.peak / 1024 / 1024).toFixed(0)} MB`, `${(base.peak / 1024 / 1024).toFixed(0)} MB`, ''));
    console.log(row('servers stored / tools', `${ours.summary.scanned} / ${ours.summary.tools}`, `${done}`, ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The baseline: start the server, list its tools with a bare SDK client, close. */
async function bareList(command: string, args: string[]): Promise<number> {
  const client = new Client({ name: 'bare-list-tools', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command, args, stderr: 'pipe' }));
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    count += page.tools.length;
    cursor = page.nextCursor;
  } while (cursor);
  await client.close();
  return count;
}

export async function benchCrawlStdio(runs = 7): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-risk-crawl-stdio-'));
  try {
    const fixture = join(process.cwd(), 'test', 'fixtures', 'servers', 'flowforge.mjs');
    const entries: CrawlEntry[] = Array.from({ length: runs }, (_, i) => ({
      id: `list:flowforge-${i}`,
      name: `flowforge-${i}`,
      source: { kind: 'list', location: 'bench' },
      launch: { kind: 'command', command: process.execPath, args: [fixture] },
    }));
    const runner = createServerRunner({
      nodePath: process.execPath,
      registry: 'http://127.0.0.1:9/',
      cacheDir: join(dir, 'cache'),
      cwd: process.cwd(),
      allowUnsandboxed: false,
      installTimeoutMs: 60_000,
      limits: { cpuSeconds: 60 },
    });
    const store = await openLowdbStore(join(dir, 'catalogue.json'), { write: true });
    const perServer: number[] = [];
    for (const entry of entries) {
      const t0 = performance.now();
      await crawl({
        store,
        sources: [{ source: entrySource([entry]), location: 'bench' }],
        sourceContext: {
          npmRegistry: 'http://127.0.0.1:9/',
          cwd: process.cwd(),
          render: false,
          pageCap: 1,
          politeDelayMs: 0,
          timeoutMs: 30_000,
        },
        runner,
        concurrency: 1,
        timeoutMs: 30_000,
        maxAgeMs: 3_600_000,
      });
      perServer.push(performance.now() - t0);
    }
    await store.close();
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await bareList(process.execPath, [fixture]);
      bare.push(performance.now() - t0);
    }
    console.log(`\n== Real stdio crawl: the Flowforge fixture (45 tools), median of ${runs} servers`);
    console.log(row('', 'mcp-risk crawl', 'baseline: bare SDK list', ''));
    console.log(
      row(
        'time per server',
        `${median(perServer).toFixed(0)} ms`,
        `${median(bare).toFixed(0)} ms`,
        `${(median(perServer) / median(bare)).toFixed(2)}× (crawl: sandboxed, classified, stored; both started from this process)`,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
