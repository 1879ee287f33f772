import { open } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** Config files larger than this are refused: no client writes one that big. */
export const MAX_CONFIG_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Reads a config file as UTF-8 text, refusing anything that is not a regular
 * file or is larger than MAX_CONFIG_FILE_BYTES. Reads at most the size seen
 * when it was opened (plus one byte, to refuse a file that grows meanwhile).
 * A leading BOM is dropped.
 */
export async function readBoundedText(file: string, maxBytes = MAX_CONFIG_FILE_BYTES): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new InputError('input-unreadable', `cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new InputError('input-unreadable', `cannot read ${file}: not a regular file`);
    }
    if (stats.size > maxBytes) {
      throw new InputError(
        'input-unreadable',
        `${file} is ${formatSize(stats.size)}; config files over ${formatSize(maxBytes)} are not read`,
      );
    }
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > stats.size) {
      throw new InputError('input-unreadable', `cannot read ${file}: it grew while being read`);
    }
    const text = buffer.subarray(0, length).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('input-unreadable', `cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  } finally {
    await handle.close();
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'not a regular file';
    case 'ENOTDIR':
      return 'a parent of it is not a directory';
    default:
      return code ?? (error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error));
  }
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}
