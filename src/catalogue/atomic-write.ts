/**
 * Replacing a file so that it is always whole on disk, even across a power cut: write a temporary
 * file beside it, fsync it, rename it over the target, fsync the directory. Only the store's lock
 * holder writes, so the temporary name is fixed (`.<name>.tmp`, as steno names it) and a leftover
 * from a crash is simply overwritten or removed.
 */
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Text is written to disk in pieces of about this many characters. */
const CHUNK_CHARACTERS = 1 << 20;

/** The temporary file `writeFileAtomic` uses for `path`. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp`);
}

/** Writes the concatenation of `pieces` (UTF-8) as the new content of `path`, atomically. Returns the bytes written. */
export async function writeFileAtomic(path: string, pieces: Iterable<string>): Promise<number> {
  const temporary = temporaryPathFor(path);
  const handle = await open(temporary, 'w');
  let bytes = 0;
  try {
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
    for (const piece of pieces) {
      pending.push(piece);
      pendingLength += piece.length;
      if (pendingLength >= CHUNK_CHARACTERS) await writePending();
    }
    await writePending();
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
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
