/**
 * The catalogue store contract. Every back end (the embedded lowdb one, the in-memory one used
 * by benchmarks and tests) passes the same conformance suite in test/catalogue/.
 *
 * Contract:
 *  - Opening for writing takes an exclusive lock: a second writer is refused with StoreLockedError
 *    (never interleaved). A lock left by a dead process is taken over. Readers need no lock.
 *  - `put` resolves only when the record is durable: a crash (kill -9) after `put` resolved loses
 *    nothing; a crash loses at most the records whose `put` had not resolved.
 *  - Writes grow linearly with the number of records written (no whole-file rewrite per record).
 *  - Files on disk are always whole: every file is replaced atomically (write, fsync, rename).
 *  - `list()` is ordered by id; records are returned as stored (callers must not mutate them).
 */
import type { CatalogueServer } from './catalogue-model.js';

export interface StoreWriteStats {
  /** Records appended to the journal. */
  journalAppends: number;
  /** Whole snapshots written (compactions). */
  snapshotWrites: number;
  /** Bytes written to disk, all files. */
  bytesWritten: number;
  /** Time spent writing (including fsync), in milliseconds. */
  writeMs: number;
}

export interface CatalogueStore {
  /** Where the store lives, for messages (a path, or `memory`). */
  readonly location: string;
  readonly writable: boolean;
  get(id: string): CatalogueServer | undefined;
  list(): CatalogueServer[];
  size(): number;
  /** Durable when resolved. Throws if the store was opened read-only. */
  put(server: CatalogueServer): Promise<void>;
  /** Compact pending journal records into the snapshot. */
  flush(): Promise<void>;
  /** Flush and release the lock. Idempotent. */
  close(): Promise<void>;
  stats(): StoreWriteStats;
}

export interface OpenStoreOptions {
  /** Open for writing (takes the lock). */
  write: boolean;
  /** Compact after at least this many journal records (default 500), and no sooner than the last snapshot's record count (compaction-policy.ts). */
  compactEvery?: number;
}
