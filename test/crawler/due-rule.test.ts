/**
 * When a crawl runs an entry again: a fixed list entry at once, a failed one after
 * --failed-max-age, only failed ones with --retry-failed. Real list files, the real sandboxed
 * runner and fixture servers, the real embedded store (reopened between crawls, as a new process
 * would).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openLowdbStore } from '../../src/catalogue/lowdb-store.js';
import { crawl, type CrawlSummary } from '../../src/crawler/crawl.js';
import { dueReason, launchHash } from '../../src/crawler/due-rule.js';
import { createServerRunner } from '../../src/crawler/run-server.js';
import { run } from '../../src/cli/run.js';
import type { CrawlEntry } from '../../src/crawl-entry.js';
import { listSource } from '../../src/sources/list-source.js';
import { memoryIo } from '../cli/cli-io.js';

const NODE = process.execPath;
/** A server that works and needs no node_modules in the sandbox (hand-written JSON-RPC). */
const WORKING = ['test/fixtures/servers/hostile.mjs', 'undeclared-tools'];
const CRASHING = 'test/fixtures/servers/crashing.mjs';
const HOUR = 3_600_000;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-risk-due-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CONTEXT = { npmRegistry: 'http://127.0.0.1:9/', cwd: process.cwd(), render: false, pageCap: 10, politeDelayMs: 0, timeoutMs: 10_000 };

type ListServers = Record<string, { command: string; args: string[]; env?: Record<string, string> }>;

async function writeList(path: string, servers: ListServers): Promise<void> {
  await writeFile(path, JSON.stringify({ mcpServers: servers }));
}

/** One crawl in its own store session (opened and closed, as one run of the command). */
async function crawlOnce(
  list: string,
  db: string,
  at: Date,
  extra: { failedMaxAgeMs?: number; retryFailed?: boolean } = {},
): Promise<CrawlSummary> {
  const store = await openLowdbStore(db, { write: true });
  try {
    return await crawl({
      store,
      sources: [{ source: listSource, location: list }],
      sourceContext: CONTEXT,
      runner: createServerRunner({
        nodePath: NODE,
        registry: 'http://127.0.0.1:9/',
        cacheDir: join(dir, 'cache'),
        cwd: process.cwd(),
        allowUnsandboxed: false,
        installTimeoutMs: 30_000,
        limits: { cpuSeconds: 60 },
      }),
      concurrency: 2,
      timeoutMs: 10_000,
      maxAgeMs: 168 * HOUR,
      now: () => at,
      ...extra,
    });
  } finally {
    await store.close();
  }
}

async function statusOf(db: string): Promise<Record<string, string>> {
  const store = await openLowdbStore(db, { write: false });
  try {
    return Object.fromEntries(store.list().map((record) => [record.name, record.status]));
  } finally {
    await store.close();
  }
}

describe('the re-crawl due rule', () => {
  test('fixing a failed list entry: the next crawl re-runs just that entry, long before --max-age', async () => {
    const list = join(dir, 'fix.json');
    const db = join(dir, 'fix-catalogue.json');
    const t0 = new Date('2026-01-01T00:00:00Z');
    await writeList(list, { good: { command: NODE, args: WORKING }, broken: { command: NODE, args: [CRASHING, 'type-error'] } });
    const first = await crawlOnce(list, db, t0);
    assert.equal(first.scanned, 2);
    assert.deepEqual(await statusOf(db), { good: 'ok', broken: 'failed' });

    const unchanged = await crawlOnce(list, db, new Date(t0.getTime() + 60_000));
    assert.equal(unchanged.scanned, 0, 'nothing changed and nothing is old: nothing is due');

    await writeList(list, { good: { command: NODE, args: WORKING }, broken: { command: NODE, args: WORKING } });
    const fixed = await crawlOnce(list, db, new Date(t0.getTime() + 120_000));
    assert.equal(fixed.scanned, 1);
    assert.equal(fixed.byStatus.ok, 1);
    assert.deepEqual(await statusOf(db), { good: 'ok', broken: 'ok' });

    const again = await crawlOnce(list, db, new Date(t0.getTime() + 180_000));
    assert.equal(again.scanned, 0, 'the fixed definition is remembered across store sessions');
  });

  test('an entry that needs config is re-run once its env names change', async () => {
    const list = join(dir, 'needs.json');
    const db = join(dir, 'needs-catalogue.json');
    const t0 = new Date('2026-01-01T00:00:00Z');
    await writeList(list, { gh: { command: NODE, args: [CRASHING, 'missing-env'] } });
    await crawlOnce(list, db, t0);
    assert.deepEqual(await statusOf(db), { gh: 'needs-config' });
    assert.equal((await crawlOnce(list, db, new Date(t0.getTime() + 7 * HOUR))).scanned, 0, 'needs-config is not retried as a failure');
    await writeList(list, { gh: { command: NODE, args: [CRASHING, 'missing-env'], env: { GITHUB_TOKEN: 'x' } } });
    assert.equal((await crawlOnce(list, db, new Date(t0.getTime() + 8 * HOUR))).scanned, 1);
  });

  test('a failed entry is due again after --failed-max-age (6 h by default), an ok one only after --max-age', async () => {
    const list = join(dir, 'age.json');
    const db = join(dir, 'age-catalogue.json');
    const t0 = new Date('2026-01-01T00:00:00Z');
    await writeList(list, { good: { command: NODE, args: WORKING }, broken: { command: NODE, args: [CRASHING, 'type-error'] } });
    await crawlOnce(list, db, t0);
    assert.equal((await crawlOnce(list, db, new Date(t0.getTime() + 5 * HOUR))).scanned, 0);
    const later = await crawlOnce(list, db, new Date(t0.getTime() + 6 * HOUR));
    assert.equal(later.scanned, 1);
    assert.equal(later.byStatus.failed, 1);
    assert.equal((await crawlOnce(list, db, new Date(t0.getTime() + 7 * HOUR), { failedMaxAgeMs: 2 * HOUR })).scanned, 0);
    assert.equal((await crawlOnce(list, db, new Date(t0.getTime() + 8 * HOUR), { failedMaxAgeMs: 2 * HOUR })).scanned, 1);
  });

  test('crawl --retry-failed re-runs only the failed entries: not the ok ones, not new ones', async () => {
    const list = join(dir, 'retry.json');
    const db = join(dir, 'retry-catalogue.json');
    await writeList(list, { good: { command: NODE, args: WORKING }, broken: { command: NODE, args: [CRASHING, 'type-error'] } });
    const first = memoryIo();
    assert.equal(await run(['crawl', '--source', `list:${list}`, '--db', db, '--json'], first), 0, first.err());
    await writeList(list, {
      good: { command: NODE, args: WORKING },
      broken: { command: NODE, args: [CRASHING, 'type-error'] },
      newcomer: { command: NODE, args: WORKING },
    });
    const retry = memoryIo();
    assert.equal(await run(['crawl', '--source', `list:${list}`, '--db', db, '--retry-failed', '--json'], retry), 0, retry.err());
    const summary = JSON.parse(retry.out()) as { scanned: number; byStatus: { failed: number } };
    assert.equal(summary.scanned, 1);
    assert.equal(summary.byStatus.failed, 1);
    assert.deepEqual(Object.keys(await statusOf(db)).sort(), ['broken', 'good']);
    const bad = memoryIo();
    assert.equal(await run(['crawl', '--source', `list:${list}`, '--db', db, '--failed-max-age', 'soon'], bad), 2);
    assert.match(bad.err(), /--failed-max-age takes a whole number/);
  });

  test('the launch hash: env and header names count, their values and order do not', () => {
    const entry = (env: Record<string, string>): CrawlEntry => ({
      id: 'list:x#a',
      name: 'a',
      source: { kind: 'list', location: 'x' },
      launch: { kind: 'command', command: 'node', args: ['s.mjs'], env },
    });
    assert.equal(launchHash(entry({ A: '1', B: '2' })), launchHash(entry({ B: 'other', A: 'dummy' })));
    assert.notEqual(launchHash(entry({ A: '1' })), launchHash(entry({ A: '1', B: '2' })));
    assert.notEqual(
      launchHash(entry({})),
      launchHash({ ...entry({}), launch: { kind: 'command', command: 'node', args: ['s.mjs', '--x'] } }),
    );
    const { launchHash: _dropped, ...older } = {
      id: 'list:x#a',
      name: 'a',
      source: { kind: 'list' as const, location: 'x' },
      launch: entry({ A: '1' }).launch,
      launchHash: 'not kept by older versions',
      metadata: {},
      status: 'ok' as const,
      firstSeen: '2026-01-01T00:00:00.000Z',
      lastCrawled: '2026-01-01T00:00:00.000Z',
      durationMs: 1,
      report: {
        name: 'a',
        version: null,
        target: 'node',
        transport: 'stdio' as const,
        protocolVersion: null,
        capabilities: null,
        instructions: null,
        prompts: null,
        resources: null,
        warnings: [],
        tools: [],
        summary: {
          tools: 0,
          byCategory: { read: 0, write: 0, execute: 0, destructive: 0, financial: 0 },
          bySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
          highestSeverity: null,
          findings: 0,
        },
      },
      toolHashes: {},
      toolPartHashes: {},
      history: [],
    };
    const rule = { maxAgeMs: 168 * HOUR, failedMaxAgeMs: 6 * HOUR, retryFailed: false };
    const now = new Date('2026-01-01T01:00:00Z');
    assert.equal(
      dueReason(entry({ A: 'changed value' }), older, now, rule),
      null,
      'a record without a launch hash is compared by its stored launch',
    );
    assert.equal(dueReason(entry({ A: '1', B: '2' }), older, now, rule), 'changed');
  });
});
