/**
 * The conformance suite every CatalogueStore back end passes (after unstorage's driver test
 * utilities): each back end's test file calls `describeStoreConformance` with a factory of fresh
 * locations, and adds the tests only it can run.
 */
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { CatalogueServer } from '../../src/catalogue/catalogue-model.js';
import type { CatalogueStore, OpenStoreOptions } from '../../src/catalogue/catalogue-store.js';
import { StoreLockedError, StoreUseError } from '../../src/catalogue/store-errors.js';
import { makeServerRecord, serverId } from './fixtures/catalogue-records.js';

/** A fresh, empty place to open stores on (a directory, a memory volume). */
export interface StoreLocation {
  open(options: OpenStoreOptions): Promise<CatalogueStore>;
  dispose(): Promise<void>;
}

export interface StoreBackend {
  name: string;
  createLocation(): Promise<StoreLocation>;
}

function withId(record: CatalogueServer, id: string): CatalogueServer {
  return { ...record, id };
}

export function describeStoreConformance(backend: StoreBackend): void {
  describe(`CatalogueStore conformance: ${backend.name}`, () => {
    /** A fresh location, with every store opened through it closed after the test. */
    async function setUp(t: TestContext): Promise<{ open: (options: OpenStoreOptions) => Promise<CatalogueStore> }> {
      const location = await backend.createLocation();
      const opened: CatalogueStore[] = [];
      t.after(async () => {
        for (const store of opened) await store.close();
        await location.dispose();
      });
      return {
        open: async (options) => {
          const store = await location.open(options);
          opened.push(store);
          return store;
        },
      };
    }

    test('an empty writer holds nothing and has written nothing', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      assert.equal(store.writable, true);
      assert.equal(store.size(), 0);
      assert.deepEqual(store.list(), []);
      assert.equal(store.get(serverId(1)), undefined);
      assert.equal(typeof store.location, 'string');
      assert.equal(store.stats().journalAppends, 0);
      assert.equal(store.stats().snapshotWrites, 0);
    });

    test('put then get returns the record as stored', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      const record = makeServerRecord(1);
      await store.put(record);
      assert.deepEqual(store.get(record.id), record);
      assert.equal(store.size(), 1);
      assert.deepEqual(store.list(), [record]);
    });

    test('a record is stored as its JSON: undefined members are dropped', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      const record = { ...makeServerRecord(1), error: undefined };
      await store.put(record);
      const stored = store.get(record.id);
      assert.ok(stored);
      assert.equal(Object.hasOwn(stored, 'error'), false);
    });

    test('list is ordered by id in code-unit order', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      const ids = ['npm:b', 'url:https://z.example/mcp', 'list:servers.json#Zeta', 'npm:a', 'list:servers.json#alpha', 'npm:é', 'npm:B'];
      for (const id of ids) await store.put(withId(makeServerRecord(1), id));
      assert.deepEqual(
        store.list().map((record) => record.id),
        ['list:servers.json#Zeta', 'list:servers.json#alpha', 'npm:B', 'npm:a', 'npm:b', 'npm:é', 'url:https://z.example/mcp'],
      );
    });

    test('list returns a new array each time', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      await store.put(makeServerRecord(1));
      store.list().pop();
      assert.equal(store.list().length, 1);
    });

    test('put overwrites the record with the same id', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      await store.put(makeServerRecord(1, { at: '2026-01-01T00:00:00.000Z' }));
      const newer = makeServerRecord(1, { at: '2026-02-01T00:00:00.000Z', tools: 5 });
      await store.put(newer);
      assert.equal(store.size(), 1);
      assert.deepEqual(store.get(newer.id), newer);
      assert.equal(store.get(newer.id)?.report.tools.length, 5);
    });

    test('a stored record does not change when the caller changes its object', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      const record = makeServerRecord(1);
      await store.put(record);
      record.name = 'changed';
      record.history.push({ at: 'x', added: ['a'], removed: [], changed: [] });
      assert.equal(store.get(record.id)?.name, '@fixture/server-1');
      assert.deepEqual(store.get(record.id)?.history, []);
    });

    test('records survive close and reopen, for a writer and for a reader', async (t) => {
      const { open } = await setUp(t);
      const writer = await open({ write: true });
      for (let i = 0; i < 20; i += 1) await writer.put(makeServerRecord(i));
      await writer.close();
      const reader = await open({ write: false });
      assert.equal(reader.size(), 20);
      assert.deepEqual(reader.get(serverId(7)), makeServerRecord(7));
      const again = await open({ write: true });
      assert.equal(again.size(), 20);
      assert.deepEqual(again.list(), reader.list());
    });

    test('concurrent puts all land', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true, compactEvery: 50 });
      await Promise.all(Array.from({ length: 200 }, (_, i) => store.put(makeServerRecord(i))));
      assert.equal(store.size(), 200);
      assert.equal(store.stats().journalAppends, 200);
      await store.close();
      const reader = await open({ write: false });
      assert.equal(reader.size(), 200);
    });

    test('a reader sees the records a writer has put and not yet compacted', async (t) => {
      const { open } = await setUp(t);
      const writer = await open({ write: true, compactEvery: 1000 });
      for (let i = 0; i < 5; i += 1) await writer.put(makeServerRecord(i));
      assert.equal(writer.stats().snapshotWrites, 0);
      const reader = await open({ write: false });
      assert.equal(reader.size(), 5);
      assert.deepEqual(reader.get(serverId(4)), makeServerRecord(4));
    });

    test('a read-only store refuses put, and is opened while a writer holds the lock', async (t) => {
      const { open } = await setUp(t);
      const writer = await open({ write: true });
      await writer.put(makeServerRecord(1));
      const reader = await open({ write: false });
      assert.equal(reader.writable, false);
      await assert.rejects(reader.put(makeServerRecord(2)), (error: unknown) => {
        assert.ok(error instanceof StoreUseError);
        assert.equal(error.code, 'store-read-only');
        assert.equal(error.next, 'abort');
        return true;
      });
      await reader.flush();
      await reader.close();
      await reader.close();
      assert.equal(reader.size(), 1);
      assert.deepEqual(reader.stats(), { journalAppends: 0, snapshotWrites: 0, bytesWritten: 0, writeMs: 0 });
    });

    test('close is idempotent; a closed store refuses put and still reads', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      await store.put(makeServerRecord(1));
      await Promise.all([store.close(), store.close()]);
      await store.close();
      await store.flush();
      await assert.rejects(
        store.put(makeServerRecord(2)),
        (error: unknown) => error instanceof StoreUseError && error.code === 'store-closed',
      );
      assert.equal(store.size(), 1);
    });

    test('puts made before close are kept by it', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      const puts = Array.from({ length: 30 }, (_, i) => store.put(makeServerRecord(i)));
      await store.close();
      await Promise.all(puts);
      const reader = await open({ write: false });
      assert.equal(reader.size(), 30);
    });

    test('a second writer is refused while the first is open, and admitted once it closed', async (t) => {
      const { open } = await setUp(t);
      const first = await open({ write: true });
      await assert.rejects(open({ write: true }), (error: unknown) => {
        assert.ok(error instanceof StoreLockedError);
        assert.equal(error.code, 'store-locked');
        assert.equal(error.next, 'abort');
        assert.equal(error.holder?.pid, process.pid);
        assert.match(error.message, new RegExp(`locked by process ${process.pid} `));
        return true;
      });
      await first.put(makeServerRecord(1));
      await first.close();
      const second = await open({ write: true });
      await second.put(makeServerRecord(2));
      assert.equal(second.size(), 2);
    });

    test('stats count journal records and snapshot writes', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true, compactEvery: 3 });
      for (let i = 0; i < 7; i += 1) await store.put(makeServerRecord(i));
      // Compactions after 3 records (snapshot of 3) and 3 more (snapshot of 6); the 7th waits.
      assert.equal(store.stats().journalAppends, 7);
      assert.equal(store.stats().snapshotWrites, 2);
      await store.flush();
      assert.equal(store.stats().snapshotWrites, 3);
      await store.flush();
      assert.equal(store.stats().snapshotWrites, 3);
      await store.close();
      assert.equal(store.stats().snapshotWrites, 3);
      assert.equal(store.stats().journalAppends, 7);
    });

    test('the first flush of an empty writer writes an empty snapshot; a reader then opens it', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      await store.flush();
      assert.equal(store.stats().snapshotWrites, 1);
      await store.close();
      assert.equal(store.stats().snapshotWrites, 1);
      const reader = await open({ write: false });
      assert.equal(reader.size(), 0);
    });

    test('snapshot writes stay within ceil(N / compactEvery) + 1 for N puts', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true, compactEvery: 20 });
      const total = 250;
      for (let start = 0; start < total; start += 10) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => store.put(makeServerRecord(start + i, { tools: 1 }))));
      }
      await store.close();
      assert.equal(store.stats().journalAppends, total);
      assert.ok(store.stats().snapshotWrites <= Math.ceil(total / 20) + 1, `snapshotWrites ${store.stats().snapshotWrites}`);
      assert.ok(store.stats().snapshotWrites >= 2);
    });

    test('a record without an id, or without the fields readers rely on, is refused and not stored', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      await assert.rejects(
        store.put({} as CatalogueServer),
        (error: unknown) => error instanceof StoreUseError && error.code === 'store-record-invalid',
      );
      const { report: _report, ...withoutReport } = makeServerRecord(1);
      await assert.rejects(store.put(withoutReport as CatalogueServer), (error: unknown) => {
        assert.ok(error instanceof StoreUseError);
        assert.equal(error.code, 'store-record-invalid');
        assert.match(error.message, /\(no report\)/);
        return true;
      });
      assert.equal(store.size(), 0);
      await store.put(makeServerRecord(2));
      assert.equal(store.size(), 1);
    });

    test('compactEvery must be a positive integer', async (t) => {
      const { open } = await setUp(t);
      await assert.rejects(
        open({ write: true, compactEvery: 0 }),
        (error: unknown) => error instanceof StoreUseError && error.code === 'store-option-invalid',
      );
      await assert.rejects(
        open({ write: true, compactEvery: 1.5 }),
        (error: unknown) => error instanceof StoreUseError && error.code === 'store-option-invalid',
      );
      const store = await open({ write: true });
      assert.equal(store.writable, true);
    });

    test('ids that name Object properties are plain ids', async (t) => {
      const { open } = await setUp(t);
      const store = await open({ write: true });
      for (const id of ['__proto__', 'constructor', 'toString']) await store.put(withId(makeServerRecord(1), id));
      assert.equal(store.get('hasOwnProperty'), undefined);
      await store.close();
      const reader = await open({ write: false });
      assert.deepEqual(
        reader.list().map((record) => record.id),
        ['__proto__', 'constructor', 'toString'],
      );
      assert.equal(reader.get('__proto__')?.id, '__proto__');
    });
  });
}
