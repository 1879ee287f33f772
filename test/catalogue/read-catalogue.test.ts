import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CatalogueServer } from '../../src/catalogue/catalogue-model.js';
import { openMemoryStore } from '../../src/catalogue/memory-store.js';
import { readCatalogue, summarizeCatalogue } from '../../src/catalogue/read-catalogue.js';
import type { CatalogueStore } from '../../src/catalogue/catalogue-store.js';
import { VERSION } from '../../src/version.js';
import { makeServerRecord, serverId } from './fixtures/catalogue-records.js';

function failed(index: number, name?: string): CatalogueServer {
  const record = makeServerRecord(index, { tools: 0, ...(name !== undefined ? { name } : {}) });
  return { ...record, status: 'failed', error: { code: 'server-timeout', message: 'no answer to initialize within 30 s' } };
}

async function storeWith(records: CatalogueServer[]): Promise<CatalogueStore> {
  const store = openMemoryStore();
  for (const record of records) await store.put(record);
  return store;
}

describe('readCatalogue', () => {
  test('is the scan JSON shape: versioned envelope, one ServerReport per server with its catalogue fields, ordered by id', async () => {
    const ok = { ...makeServerRecord(2), history: [{ at: '2026-02-01T00:00:00.000Z', added: ['x'], removed: [], changed: [] }] };
    const store = await storeWith([ok, failed(1)]);
    const view = readCatalogue(store);
    assert.equal(view.schemaVersion, 1);
    assert.deepEqual(view.generator, { name: 'mcp-risk', version: VERSION });
    assert.deepEqual(
      view.servers.map((server) => server.id),
      [serverId(1), serverId(2)],
    );
    const second = view.servers[1];
    assert.ok(second);
    assert.deepEqual(second, {
      id: ok.id,
      ...ok.report,
      name: ok.name,
      source: ok.source,
      status: 'ok',
      metadata: ok.metadata,
      firstSeen: ok.firstSeen,
      lastCrawled: ok.lastCrawled,
      history: ok.history,
    });
    assert.deepEqual(Object.keys(second), [
      'id',
      'name',
      'version',
      'target',
      'transport',
      'protocolVersion',
      'capabilities',
      'instructions',
      'prompts',
      'resources',
      'warnings',
      'tools',
      'summary',
      'source',
      'status',
      'metadata',
      'firstSeen',
      'lastCrawled',
      'history',
    ]);
    assert.equal(second.tools.length, 3);
    assert.equal(Object.hasOwn(second, 'launch'), false);
    assert.equal(Object.hasOwn(second, 'toolHashes'), false);
  });

  test("a failed server carries the crawl's error", async () => {
    const view = readCatalogue(await storeWith([failed(1)]));
    assert.deepEqual(view.servers[0]?.error, { code: 'server-timeout', message: 'no answer to initialize within 30 s' });
    assert.equal(view.servers[0]?.status, 'failed');
    assert.deepEqual(view.servers[0]?.tools, []);
  });

  test('server selects by id, else every server of that name, else none', async () => {
    const store = await storeWith([
      makeServerRecord(1, { name: 'github' }),
      makeServerRecord(2, { name: 'github' }),
      makeServerRecord(3, { name: serverId(1) }),
    ]);
    assert.deepEqual(
      readCatalogue(store, { server: serverId(1) }).servers.map((server) => server.id),
      [serverId(1)],
    );
    assert.deepEqual(
      readCatalogue(store, { server: 'github' }).servers.map((server) => server.id),
      [serverId(1), serverId(2)],
    );
    assert.deepEqual(readCatalogue(store, { server: 'nothing' }).servers, []);
  });
});

describe('summarizeCatalogue', () => {
  test('counts servers by status, tools by category and severity, and changes', async () => {
    const changed = {
      ...makeServerRecord(1),
      lastCrawled: '2026-05-01T00:00:00.000Z',
      history: [
        { at: 'a', added: [], removed: ['x'], changed: [] },
        { at: 'b', added: ['y'], removed: [], changed: [] },
      ],
    };
    const store = await storeWith([changed, makeServerRecord(2, { tools: 10 }), failed(3), { ...failed(4), status: 'needs-config' }]);
    const summary = summarizeCatalogue(store);
    const tools = [changed, makeServerRecord(2, { tools: 10 })].flatMap((record) => record.report.tools);
    const expectedCategories = { read: 0, write: 0, execute: 0, destructive: 0, financial: 0 };
    const expectedSeverities = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const tool of tools) {
      expectedCategories[tool.category] += 1;
      expectedSeverities[tool.severity] += 1;
    }
    assert.deepEqual(summary, {
      servers: 4,
      byStatus: { ok: 2, failed: 1, 'needs-config': 1, 'listed-only': 0 },
      tools: 13,
      byCategory: expectedCategories,
      bySeverity: expectedSeverities,
      findings: tools.reduce((n, tool) => n + tool.findings.length, 0),
      changedServers: 1,
      changes: 2,
      lastCrawled: '2026-05-01T00:00:00.000Z',
    });
    // The fixture's tools span several categories: the counts are not all in one bucket.
    assert.ok(Object.values(expectedCategories).filter((count) => count > 0).length >= 3);
  });

  test('an empty catalogue counts nothing', () => {
    const summary = summarizeCatalogue(openMemoryStore());
    assert.equal(summary.servers, 0);
    assert.equal(summary.tools, 0);
    assert.equal(summary.lastCrawled, null);
    assert.deepEqual(summary.byStatus, { ok: 0, failed: 0, 'needs-config': 0, 'listed-only': 0 });
  });
});
