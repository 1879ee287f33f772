/**
 * The crawl obeys what a runner's error says happens next (errors.ts): `skip-server` and `fix-input`
 * fail that entry only and the crawl goes on; `abort` (and any untyped error, a bug) stops the crawl,
 * keeps what finished and is rethrown. The real crawl() over a real list file and the in-memory store;
 * the runners answer without starting anything.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openMemoryStore } from '../../src/catalogue/memory-store.js';
import { StoreLockedError, StoreUseError } from '../../src/catalogue/store-errors.js';
import { crawl, type CrawlEvent, type ServerRunner } from '../../src/crawler/crawl.js';
import { DiskFullError } from '../../src/crawler/disk-full.js';
import { SandboxError } from '../../src/crawler/sandbox/sandbox-errors.js';
import { InputError, ServerError, type McpRiskError } from '../../src/errors.js';
import type { CrawlEntry } from '../../src/crawl-entry.js';
import { InstallError } from '../../src/npm-registry/install-errors.js';
import { listSource } from '../../src/sources/list-source.js';

const NAMES = ['first', 'second', 'third', 'fourth'];
let dir: string;
let list: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-risk-decisions-'));
  list = join(dir, 'servers.json');
  const servers = Object.fromEntries(NAMES.map((name) => [name, { command: 'node', args: [`${name}.mjs`] }]));
  await writeFile(list, JSON.stringify({ mcpServers: servers }));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A runner that lists one tool for every entry but `second`, for which it throws `error`. */
function throwingAt(error: unknown): ServerRunner {
  return async (entry: CrawlEntry) => {
    if (entry.name === 'second') throw error;
    return {
      status: 'ok',
      snapshot: {
        name: entry.name,
        version: '1.0.0',
        target: entry.id,
        transport: 'stdio',
        protocolVersion: '2025-06-18',
        capabilities: { tools: {} },
        instructions: null,
        promptCount: null,
        resourceCount: null,
        tools: [{ name: 'list_items', description: 'List the items' }],
        warnings: [],
      },
    };
  };
}

async function crawlWith(runner: ServerRunner) {
  const store = openMemoryStore();
  const events: CrawlEvent[] = [];
  const result = crawl({
    store,
    sources: [{ source: listSource, location: list }],
    sourceContext: { npmRegistry: 'http://127.0.0.1:9/', cwd: dir, render: false, pageCap: 1, politeDelayMs: 0, timeoutMs: 1_000 },
    runner,
    concurrency: 1,
    timeoutMs: 1_000,
    maxAgeMs: 3_600_000,
    onEvent: (event) => events.push(event),
  });
  return { store, events, result };
}

describe('the crawl decides by the error’s next step', () => {
  const failsOneEntry: Array<[string, McpRiskError]> = [
    ['skip-server (ServerError)', new ServerError('server-exited', 'the server exited before it answered')],
    ['skip-server (InstallError)', new InstallError('package-not-found', 'package nope is not in the registry')],
    ['fix-input (InputError)', new InputError('config-invalid', 'the entry names no command')],
  ];
  for (const [kind, error] of failsOneEntry) {
    test(`${kind}: that server is recorded as failed and the crawl goes on`, async () => {
      const { store, result } = await crawlWith(throwingAt(error));
      const summary = await result;
      assert.equal(summary.scanned, 4);
      assert.deepEqual(summary.byStatus, { ok: 3, failed: 1, 'needs-config': 0, 'listed-only': 0 });
      const second = store.get('list:second');
      assert.equal(second?.status, 'failed');
      assert.deepEqual(second?.error, { code: error.code, message: error.message });
      assert.deepEqual(second?.report.tools, []);
      assert.equal(store.get('list:fourth')?.status, 'ok');
    });
  }

  const stopsTheCrawl: Array<[string, unknown, string]> = [
    [
      'abort (StoreLockedError)',
      new StoreLockedError('memory', null, { pid: 1, host: 'elsewhere', startedAt: '2026-01-01T00:00:00Z' }),
      'stopped at list:second: The catalogue memory is locked by process 1 on elsewhere',
    ],
    [
      'abort (DiskFullError)',
      new DiskFullError(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }), 'db.json'),
      'stopped at list:second: no space left on the disk',
    ],
    ['abort (SandboxError)', new SandboxError('no sandbox works here'), 'stopped at list:second: no sandbox works here'],
    [
      'abort, internal (StoreUseError)',
      new StoreUseError('store-closed', 'the catalogue memory is closed'),
      'internal error on list:second: the catalogue memory is closed',
    ],
    ['an untyped error (a bug)', new TypeError('cannot read x of undefined'), 'internal error on list:second: cannot read x of undefined'],
  ];
  for (const [kind, error, line] of stopsTheCrawl) {
    test(`${kind}: the crawl stops, keeps what finished and rethrows the error`, async () => {
      const { store, events, result } = await crawlWith(throwingAt(error));
      await assert.rejects(result, (thrown) => thrown === error);
      // One at a time: the first server finished and is kept; none after the second was started.
      assert.deepEqual(
        store.list().map((server) => [server.id, server.status]),
        [['list:first', 'ok']],
      );
      const started = events.flatMap((event) => (event.type === 'started' ? [event.entry.name] : []));
      assert.deepEqual(started, ['first', 'second']);
      const logged = events.flatMap((event) => (event.type === 'log' ? [event.line] : []));
      const stopped = logged.filter((text) => text.includes('list:second'));
      assert.equal(stopped.length, 1);
      assert.ok(stopped[0]?.startsWith(line), stopped[0]);
    });
  }
});
