/**
 * The append-only journal beside a snapshot: `<path>.journal.jsonl`, one CatalogueServer as JSON
 * per line, oldest first; replayed over the snapshot on open (a later line for an id replaces an
 * earlier one). Appends are fsynced before a put resolves; a compaction empties the journal once
 * the snapshot holding its records is on disk.
 *
 * A crash can leave the last write torn: bytes after the last whole, valid record are ignored
 * (with a warning) — they belong to puts that had not resolved. An invalid line followed by valid
 * ones is not a torn write: the journal is refused (InputError `input-invalid`) and left as it is.
 */
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorMessage, InputError } from '../errors.js';
import type { CatalogueServer } from './catalogue-model.js';
import { storedServerProblem } from './catalogue-document.js';
import { syncDirectory, writeAll } from '../fs/write-file-atomic.js';

const NEWLINE = 0x0a;

export function journalPathFor(snapshotPath: string): string {
  return `${snapshotPath}.journal.jsonl`;
}

export interface JournalContents {
  /** Whole records, oldest first. */
  records: CatalogueServer[];
  /** Bytes after the last whole record, ignored (a write torn by a crash, or one in progress). */
  tornBytes: number;
}

/** Reads a journal; null when there is none. */
export async function readJournal(path: string): Promise<JournalContents | null> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError('input-unreadable', `cannot read the catalogue journal ${path}: ${errorMessage(error)}`, { cause: error });
  }
  const records: CatalogueServer[] = [];
  let validEnd = 0;
  let firstInvalidLine: number | null = null;
  let lineNumber = 0;
  for (let start = 0; start < buffer.length;) {
    const end = buffer.indexOf(NEWLINE, start);
    if (end === -1) break;
    lineNumber += 1;
    const record = parseLine(buffer.toString('utf8', start, end));
    start = end + 1;
    if (record === null) {
      firstInvalidLine ??= lineNumber;
      continue;
    }
    if (firstInvalidLine !== null) {
      throw new InputError(
        'input-invalid',
        `line ${firstInvalidLine} of the catalogue journal ${path} is not a record, and valid records follow it: ` +
          `this is not a torn write. ${path} was left untouched; move it away or repair that line.`,
      );
    }
    records.push(record);
    validEnd = start;
  }
  return { records, tornBytes: buffer.length - validEnd };
}

function parseLine(text: string): CatalogueServer | null {
  if (text.trim().length === 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return storedServerProblem(value) === null ? (value as CatalogueServer) : null;
}

/** What one journal write cost. */
export interface JournalWrite {
  bytes: number;
  ms: number;
}

/** The writer's open journal: whole-buffer appends, each fsynced; emptied after a compaction. */
export class JournalWriter {
  readonly path: string;
  readonly #handle: FileHandle;
  /** Bytes of whole records on disk: where a failed append is cut back to. */
  #committedBytes: number;
  #closed = false;
  /** Set when a failed append could not be cut back: the journal takes no more appends. */
  #broken: unknown = null;

  private constructor(path: string, handle: FileHandle, size: number) {
    this.path = path;
    this.#handle = handle;
    this.#committedBytes = size;
  }

  /** Opens (creating it if needed) the journal for appending. */
  static async open(path: string): Promise<JournalWriter> {
    const handle = await open(path, 'a');
    try {
      const { size } = await handle.stat();
      await syncDirectory(dirname(path));
      return new JournalWriter(path, handle, size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get bytes(): number {
    return this.#committedBytes;
  }

  /** Appends whole lines and fsyncs them. On failure the journal is cut back to its last whole record. */
  async append(lines: Buffer): Promise<JournalWrite> {
    if (this.#broken !== null) throw this.#broken;
    const started = performance.now();
    try {
      await writeAll(this.#handle, lines);
      await this.#handle.datasync();
    } catch (error) {
      try {
        await this.#handle.truncate(this.#committedBytes);
      } catch {
        // The journal may now end with a partial line: refuse further appends (a reopen ignores that tail).
        this.#broken = error;
      }
      throw error;
    }
    this.#committedBytes += lines.length;
    return { bytes: lines.length, ms: performance.now() - started };
  }

  /** Empties the journal (its records are in a durable snapshot). */
  async clear(): Promise<number> {
    const started = performance.now();
    await this.#handle.truncate(0);
    await this.#handle.sync();
    this.#committedBytes = 0;
    return performance.now() - started;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handle.close();
  }
}
