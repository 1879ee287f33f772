/**
 * Replacing a file so that it is always whole on disk, even across a power cut: write a temporary
 * file beside it (same folder, same file system), fsync it, rename it over the target, fsync the
 * directory. A reader sees either the old content or the new, never half.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Text is written to disk in pieces of about this many characters. */
const CHUNK_CHARACTERS = 1 << 20;

export interface WriteFileAtomicOptions {
  /** Permission bits of the new file, set exactly (the umask cannot narrow them). Without it, a new file's default. */
  readonly mode?: number;
  /**
   * 'unique' (the default): a fresh temporary name per write, created exclusively, so concurrent
   * writers never share one. 'fixed': always `temporaryPathFor(path)`, for a single writer (a lock
   * holder) that overwrites or removes a leftover from a crash.
   */
  readonly temporary?: 'unique' | 'fixed';
}

/** The fixed temporary file `writeFileAtomic` uses for `path` (`.<name>.tmp`, as steno names it). */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp`);
}

/**
 * Writes `content` (or the concatenation of its pieces, UTF-8, as they come) as the new content of
 * `path`, atomically. A piece source that throws leaves the old file as it was. Returns the bytes written.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Iterable<string> | AsyncIterable<string>,
  options: WriteFileAtomicOptions = {},
): Promise<number> {
  const fixed = options.temporary === 'fixed';
  const temporary = fixed ? temporaryPathFor(path) : uniqueTemporaryPathFor(path);
  const handle =
    options.mode === undefined ? await open(temporary, fixed ? 'w' : 'wx') : await open(temporary, fixed ? 'w' : 'wx', options.mode);
  let bytes: number;
  try {
    try {
      if (options.mode !== undefined) await handle.chmod(options.mode);
      bytes = await writePieces(handle, typeof content === 'string' ? [content] : content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
  return bytes;
}

/** Writes all of `buffer` at the handle's current position (or the end, for a file opened to append). */
export async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}

/** Makes a rename or a file creation in `directory` durable. Windows cannot open a directory; it has nothing to do. */
export async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function uniqueTemporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes the pieces in chunks of about CHUNK_CHARACTERS characters; returns the bytes written. */
async function writePieces(handle: FileHandle, pieces: Iterable<string> | AsyncIterable<string>): Promise<number> {
  let bytes = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const writePending = async (): Promise<void> => {
    if (pendingLength === 0) return;
    const buffer = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingLength = 0;
    await writeAll(handle, buffer);
    bytes += buffer.length;
  };
  /** Adds a piece; true when enough is pending to write. */
  const add = (piece: string): boolean => {
    pending.push(piece);
    pendingLength += piece.length;
    return pendingLength >= CHUNK_CHARACTERS;
  };
  if (Symbol.asyncIterator in pieces) {
    for await (const piece of pieces) if (add(piece)) await writePending();
  } else {
    for (const piece of pieces) if (add(piece)) await writePending();
  }
  await writePending();
  return bytes;
}
