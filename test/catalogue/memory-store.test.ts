import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryVolume, openMemoryStore } from '../../src/catalogue/memory-store.js';
import { StoreLockedError } from '../../src/catalogue/store-errors.js';
import { makeServerRecord, serverId } from './fixtures/catalogue-records.js';
import { describeStoreConformance } from './store-conformance.js';

describeStoreConformance({
  name: 'memory',
  createLocation: async () => {
    const volume = createMemoryVolume();
    return { open: async (options) => openMemoryStore({ ...options, volume }), dispose: async () => {} };
  },
});

describe('memory store', () => {
  test('opens a writer on a fresh volume by default; two default stores share nothing', async () => {
    const a = openMemoryStore();
    const b = openMemoryStore();
    assert.equal(a.writable, true);
    assert.equal(a.location, 'memory');
    await a.put(makeServerRecord(1));
    assert.equal(b.size(), 0);
    await a.close();
    await b.close();
  });

  test('writes no bytes and takes no time on disk, but counts journal records and snapshots', async () => {
    const store = openMemoryStore({ compactEvery: 2 });
    for (let i = 0; i < 4; i += 1) await store.put(makeServerRecord(i));
    assert.deepEqual(store.stats(), { journalAppends: 4, snapshotWrites: 2, bytesWritten: 0, writeMs: 0 });
    await store.close();
  });

  test('a second writer on the same volume names this process, without a lock file', async () => {
    const volume = createMemoryVolume();
    const first = openMemoryStore({ volume });
    assert.throws(
      () => openMemoryStore({ volume }),
      (error: unknown) =>
        error instanceof StoreLockedError && error.lockPath === null && /Close the other writer first\.$/.test(error.message),
    );
    await first.close();
  });

  test('a reader reads the volume as it was when opened', async () => {
    const volume = createMemoryVolume();
    const writer = openMemoryStore({ volume });
    await writer.put(makeServerRecord(1));
    const reader = openMemoryStore({ volume, write: false });
    await writer.put(makeServerRecord(2));
    assert.deepEqual(
      reader.list().map((record) => record.id),
      [serverId(1)],
    );
    await writer.close();
  });
});
