/**
 * The embedded catalogue store (default `data/catalogue.json`): a lowdb document as the compacted
 * snapshot, plus an append-only journal beside it, so that a put costs one appended line instead
 * of a rewrite of the whole file (lowdb alone rewrites everything on every write: 5,000 servers
 * written one by one took 23 minutes).
 *
 * Files, for a store at `<path>`:
 *  - `<path>`: the snapshot, a lowdb JSON document (format in catalogue-document.ts), replaced
 *    atomically (write, fsync, rename, fsync the directory);
 *  - `<path>.journal.jsonl`: records put since the snapshot, one JSON line each (catalogue-journal.ts);
 *    removed by a clean close;
 *  - `<path>.lock`: the writer's lock (store-lock.ts).
 *
 * Writes: `put` appends its line and fsyncs before it resolves; puts made while an append is in
 * flight share the next append and its fsync (group commit). A compaction (compaction-policy.ts,
 * and on `flush`/`close`) writes the snapshot, then empties the journal. On open the snapshot is
 * loaded and the journal replayed over it: a crash loses at most the records whose put had not
 * resolved; a torn last line is ignored with a warning. A writer that finds a journal compacts it
 * at once.
 *
 * Readers (`write: false`) take no lock: they load snapshot and journal as they are at open (read
 * again if a compaction replaced the snapshot meanwhile) and never write.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { errorMessage, InputError } from '../errors.js';
import type { CatalogueServer } from './catalogue-model.js';
import type { CatalogueStore, OpenStoreOptions, StoreWriteStats } from './catalogue-store.js';
import { CATALOGUE_SCHEMA_VERSION, CatalogueFile, compareIds } from './catalogue-document.js';
import type { CatalogueDocument } from './catalogue-document.js';
import { journalPathFor, JournalWriter, readJournal } from './catalogue-journal.js';
import type { JournalContents } from './catalogue-journal.js';
import { temporaryPathFor } from '../fs/write-file-atomic.js';
import { isCompactionDue, resolveCompactEvery } from './compaction-policy.js';
import { prepareRecord } from './prepare-record.js';
import { StoreUseError } from './store-errors.js';
import { acquireStoreLock } from './store-lock.js';
import type { StoreLock } from './store-lock.js';

export interface LowdbStoreOptions extends OpenStoreOptions {
  /** Where warnings go (a torn journal tail ignored, a stale lock taken over, a failed compaction). Default: process.emitWarning. */
  onWarning?: (message: string) => void;
}

export function lockPathFor(snapshotPath: string): string {
  return `${snapshotPath}.lock`;
}

/** Opens the store at `path` (the snapshot file; journal and lock sit beside it). */
export async function openLowdbStore(path: string, options: LowdbStoreOptions): Promise<CatalogueStore> {
  const compactEvery = resolveCompactEvery(options.compactEvery);
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, { code: 'MCP_RISK_CATALOGUE' }));
  return options.write ? openWriter(path, compactEvery, warn) : openReader(path, warn);
}

function emptyStats(): StoreWriteStats {
  return { journalAppends: 0, snapshotWrites: 0, bytesWritten: 0, writeMs: 0 };
}

/** A stable identity of the snapshot file: a compaction (rename) changes it. */
async function snapshotIdentity(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    return `${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

interface Loaded {
  db: Low<CatalogueDocument>;
  snapshotExists: boolean;
  journal: JournalContents | null;
}

/** Snapshot, then journal; read again if a writer replaced the snapshot in between. */
async function loadStore(file: CatalogueFile, journalPath: string): Promise<Loaded> {
  for (let attempt = 1; ; attempt += 1) {
    const db = new Low<CatalogueDocument>(file, { schemaVersion: CATALOGUE_SCHEMA_VERSION, servers: new Map() });
    const before = await snapshotIdentity(file.path);
    await db.read();
    const journal = await readJournal(journalPath);
    const after = await snapshotIdentity(file.path);
    if (before === after || attempt >= 5) return { db, snapshotExists: after !== null, journal };
  }
}

function replay(db: Low<CatalogueDocument>, journal: JournalContents | null): void {
  for (const record of journal?.records ?? []) db.data.servers.set(record.id, record);
}

function tornWarning(journalPath: string, tornBytes: number): string {
  return `ignored an incomplete record at the end of ${journalPath} (${tornBytes} bytes): a put cut short by a crash, which had not resolved`;
}

async function openReader(path: string, warn: (message: string) => void): Promise<CatalogueStore> {
  const journalPath = journalPathFor(path);
  const file = new CatalogueFile(path);
  const loaded = await loadStore(file, journalPath);
  if (!loaded.snapshotExists && loaded.journal === null) {
    throw new InputError('input-unreadable', `there is no catalogue at ${path} (mcp-risk crawl creates it)`);
  }
  if (loaded.journal !== null && loaded.journal.tornBytes > 0) warn(tornWarning(journalPath, loaded.journal.tornBytes));
  replay(loaded.db, loaded.journal);
  return new LowdbStore({
    location: path,
    db: loaded.db,
    writer: null,
    compactEvery: 1,
    stats: emptyStats(),
    snapshotExists: loaded.snapshotExists,
    warn,
  });
}

async function openWriter(path: string, compactEvery: number, warn: (message: string) => void): Promise<CatalogueStore> {
  await mkdir(dirname(path), { recursive: true });
  const stats = emptyStats();
  const lock = await acquireStoreLock(lockPathFor(path), path, warn);
  stats.bytesWritten += lock.bytes;
  let journal: JournalWriter | null = null;
  try {
    const journalPath = journalPathFor(path);
    const file = new CatalogueFile(path, (write) => {
      stats.bytesWritten += write.bytes;
      stats.writeMs += write.ms;
    });
    const loaded = await loadStore(file, journalPath);
    replay(loaded.db, loaded.journal);
    await rm(temporaryPathFor(path), { force: true });
    journal = await JournalWriter.open(journalPath);
    const store = new LowdbStore({
      location: path,
      db: loaded.db,
      writer: { journal, lock },
      compactEvery,
      stats,
      snapshotExists: loaded.snapshotExists,
      warn,
    });
    if (loaded.journal !== null && (loaded.journal.records.length > 0 || loaded.journal.tornBytes > 0)) {
      if (loaded.journal.tornBytes > 0) warn(tornWarning(journalPath, loaded.journal.tornBytes));
      await store.compactAtOpen();
    }
    return store;
  } catch (error) {
    await journal?.close();
    await lock.release();
    throw error;
  }
}

interface PendingPut {
  line: string;
  record: CatalogueServer;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface StoreParts {
  location: string;
  db: Low<CatalogueDocument>;
  /** Null for a reader. */
  writer: { journal: JournalWriter; lock: StoreLock } | null;
  compactEvery: number;
  stats: StoreWriteStats;
  snapshotExists: boolean;
  warn: (message: string) => void;
}

class LowdbStore implements CatalogueStore {
  readonly location: string;
  readonly writable: boolean;
  readonly #db: Low<CatalogueDocument>;
  readonly #writer: StoreParts['writer'];
  readonly #compactEvery: number;
  readonly #stats: StoreWriteStats;
  readonly #warn: (message: string) => void;
  #snapshotExists: boolean;
  #sorted: CatalogueServer[] | null = null;
  /** Records appended to the journal since the last snapshot. */
  #journalRecords = 0;
  /** Records the last snapshot held. */
  #snapshotRecords: number;
  /** After a failed compaction, the journal size at which to try again. */
  #retryCompactionAt = 0;
  #queue: PendingPut[] = [];
  #flushWaiters: Waiter[] = [];
  #draining = false;
  #closing: Promise<void> | null = null;

  constructor(parts: StoreParts) {
    this.location = parts.location;
    this.writable = parts.writer !== null;
    this.#db = parts.db;
    this.#writer = parts.writer;
    this.#compactEvery = parts.compactEvery;
    this.#stats = parts.stats;
    this.#warn = parts.warn;
    this.#snapshotExists = parts.snapshotExists;
    this.#snapshotRecords = parts.db.data.servers.size;
  }

  get(id: string): CatalogueServer | undefined {
    return this.#db.data.servers.get(id);
  }

  list(): CatalogueServer[] {
    this.#sorted ??= [...this.#db.data.servers.values()].sort((a, b) => compareIds(a.id, b.id));
    return [...this.#sorted];
  }

  size(): number {
    return this.#db.data.servers.size;
  }

  stats(): StoreWriteStats {
    return { ...this.#stats };
  }

  async put(server: CatalogueServer): Promise<void> {
    if (this.#writer === null) throw new StoreUseError('store-read-only', `the catalogue ${this.location} was opened read-only`);
    if (this.#closing !== null) throw new StoreUseError('store-closed', `the catalogue ${this.location} is closed`);
    const { line, record } = prepareRecord(server, this.location);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ line, record, resolve, reject });
      this.#kick();
    });
  }

  async flush(): Promise<void> {
    if (this.#writer === null) return;
    if (this.#closing !== null) return this.#closing;
    return this.#requestFlush();
  }

  close(): Promise<void> {
    this.#closing ??= this.#closeOnce();
    return this.#closing;
  }

  /** Folds a journal found at open into the snapshot (before any put). */
  async compactAtOpen(): Promise<void> {
    await this.#compact();
  }

  #requestFlush(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#flushWaiters.push({ resolve, reject });
      this.#kick();
    });
  }

  async #closeOnce(): Promise<void> {
    const writer = this.#writer;
    if (writer === null) return;
    let failure: { error: unknown } | null = null;
    try {
      await this.#requestFlush();
    } catch (error) {
      failure = { error };
    }
    try {
      await writer.journal.close();
      // Everything is in the snapshot: the empty journal goes, so that only the catalogue file stays.
      if (failure === null) await rm(writer.journal.path, { force: true });
    } finally {
      await writer.lock.release();
    }
    if (failure !== null) throw failure.error;
  }

  #kick(): void {
    if (this.#draining) return;
    this.#draining = true;
    void this.#drain();
  }

  /** The single writer loop: appends (batched), compactions and flushes, one at a time. Never throws. */
  async #drain(): Promise<void> {
    try {
      for (;;) {
        if (this.#queue.length > 0) {
          await this.#commit(this.#queue.splice(0));
        } else if (this.#flushWaiters.length > 0) {
          await this.#flushFor(this.#flushWaiters.splice(0));
        } else {
          break;
        }
      }
    } catch (error) {
      for (const waiter of [...this.#queue.splice(0), ...this.#flushWaiters.splice(0)]) waiter.reject(error);
    } finally {
      this.#draining = false;
    }
  }

  async #commit(batch: PendingPut[]): Promise<void> {
    const journal = (this.#writer as NonNullable<StoreParts['writer']>).journal;
    try {
      const write = await journal.append(Buffer.from(batch.map((pending) => pending.line).join(''), 'utf8'));
      this.#stats.bytesWritten += write.bytes;
      this.#stats.writeMs += write.ms;
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    const servers = this.#db.data.servers;
    for (const pending of batch) servers.set(pending.record.id, pending.record);
    this.#sorted = null;
    this.#journalRecords += batch.length;
    this.#stats.journalAppends += batch.length;
    // The batch is durable; a compaction it calls for runs before its puts resolve, so that the
    // statistics a caller reads after a put are settled (the next batch waits for it either way).
    if (
      this.#journalRecords >= this.#retryCompactionAt &&
      isCompactionDue(this.#journalRecords, this.#snapshotRecords, this.#compactEvery)
    ) {
      try {
        await this.#compact();
      } catch (error) {
        // The records are safe in the journal; try again after another compactEvery records, and on flush.
        this.#retryCompactionAt = this.#journalRecords + this.#compactEvery;
        this.#warn(`compacting the catalogue ${this.location} failed (${errorMessage(error)}); its records are safe in the journal`);
      }
    }
    for (const pending of batch) pending.resolve();
  }

  async #flushFor(waiters: Waiter[]): Promise<void> {
    try {
      if (this.#journalRecords > 0 || !this.#snapshotExists) await this.#compact();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    for (const waiter of waiters) waiter.resolve();
  }

  async #compact(): Promise<void> {
    const journal = (this.#writer as NonNullable<StoreParts['writer']>).journal;
    await this.#db.write();
    this.#snapshotExists = true;
    this.#stats.snapshotWrites += 1;
    this.#snapshotRecords = this.#db.data.servers.size;
    this.#stats.writeMs += await journal.clear();
    this.#journalRecords = 0;
    this.#retryCompactionAt = 0;
  }
}
