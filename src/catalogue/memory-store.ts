/**
 * The catalogue store in memory, for benchmarks and tests: the same contract as the embedded store
 * (it passes the same conformance suite) without a disk. Records live in a `MemoryVolume`, which
 * plays the part of the files: stores opened on the same volume see each other's records, and its
 * writer lock refuses a second writer within the process (StoreLockedError naming this process).
 *
 * Records are kept as a JSON round trip of what was put (what the embedded store would read back).
 * The write statistics count the same events as the embedded store — journal records, snapshot
 * writes by the same compaction rule — but no bytes and no time: nothing is written to disk.
 */
import { hostname } from 'node:os';
import type { CatalogueServer } from './catalogue-model.js';
import type { CatalogueStore, OpenStoreOptions, StoreWriteStats } from './catalogue-store.js';
import { compareIds } from './catalogue-document.js';
import { isCompactionDue, resolveCompactEvery } from './compaction-policy.js';
import { prepareRecord } from './prepare-record.js';
import { StoreLockedError, StoreUseError } from './store-errors.js';
import type { StoreLockHolder } from './store-errors.js';

/** Where memory stores keep their records. */
export interface MemoryVolume {
  readonly servers: Map<string, CatalogueServer>;
  /** The writer holding the lock, if any. */
  lock: StoreLockHolder | null;
  /** Whether a snapshot was "written" (the first flush of an empty volume writes one, as on disk). */
  snapshotExists: boolean;
}

export function createMemoryVolume(): MemoryVolume {
  return { servers: new Map(), lock: null, snapshotExists: false };
}

export interface MemoryStoreOptions extends Partial<OpenStoreOptions> {
  /** The volume to open; a fresh, empty one by default. */
  volume?: MemoryVolume;
}

/** Opens a store in memory: a writer (`write` defaults to true) on a fresh volume unless one is given. */
export function openMemoryStore(options: MemoryStoreOptions = {}): CatalogueStore {
  const volume = options.volume ?? createMemoryVolume();
  const write = options.write ?? true;
  const compactEvery = resolveCompactEvery(options.compactEvery);
  if (!write) return new MemoryStore(new Map(volume.servers), null, compactEvery);
  if (volume.lock !== null) throw new StoreLockedError('memory', null, volume.lock);
  volume.lock = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  return new MemoryStore(volume.servers, volume, compactEvery);
}

class MemoryStore implements CatalogueStore {
  readonly location = 'memory';
  readonly writable: boolean;
  readonly #servers: Map<string, CatalogueServer>;
  /** The volume this writer holds the lock of; null for a reader. */
  readonly #volume: MemoryVolume | null;
  readonly #compactEvery: number;
  readonly #stats: StoreWriteStats = { journalAppends: 0, snapshotWrites: 0, bytesWritten: 0, writeMs: 0 };
  #sorted: CatalogueServer[] | null = null;
  #journalRecords = 0;
  #snapshotRecords: number;
  #closed = false;

  constructor(servers: Map<string, CatalogueServer>, volume: MemoryVolume | null, compactEvery: number) {
    this.#servers = servers;
    this.#volume = volume;
    this.writable = volume !== null;
    this.#compactEvery = compactEvery;
    this.#snapshotRecords = servers.size;
  }

  get(id: string): CatalogueServer | undefined {
    return this.#servers.get(id);
  }

  list(): CatalogueServer[] {
    this.#sorted ??= [...this.#servers.values()].sort((a, b) => compareIds(a.id, b.id));
    return [...this.#sorted];
  }

  size(): number {
    return this.#servers.size;
  }

  stats(): StoreWriteStats {
    return { ...this.#stats };
  }

  async put(server: CatalogueServer): Promise<void> {
    if (this.#volume === null) throw new StoreUseError('store-read-only', 'the catalogue memory was opened read-only');
    if (this.#closed) throw new StoreUseError('store-closed', 'the catalogue memory is closed');
    const { record } = prepareRecord(server, this.location);
    this.#servers.set(record.id, record);
    this.#sorted = null;
    this.#journalRecords += 1;
    this.#stats.journalAppends += 1;
    if (isCompactionDue(this.#journalRecords, this.#snapshotRecords, this.#compactEvery)) this.#compact();
  }

  async flush(): Promise<void> {
    if (this.#volume === null || this.#closed) return;
    if (this.#journalRecords > 0 || !this.#volume.snapshotExists) this.#compact();
  }

  async close(): Promise<void> {
    if (this.#volume === null || this.#closed) return;
    await this.flush();
    this.#closed = true;
    this.#volume.lock = null;
  }

  #compact(): void {
    if (this.#volume !== null) this.#volume.snapshotExists = true;
    this.#stats.snapshotWrites += 1;
    this.#snapshotRecords = this.#servers.size;
    this.#journalRecords = 0;
  }
}
