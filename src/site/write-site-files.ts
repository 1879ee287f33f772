/**
 * Writes the site's files into the output folder, incrementally: a file whose content hash and
 * size match the previous publish's manifest (and whose copy on disk still has that size) is left
 * alone; changed and new files are written, a few at a time; files the previous publish wrote
 * that are no longer produced are deleted, with the folders they leave empty. Files come from a
 * generator and are hashed and dropped one by one, so memory does not grow with the site.
 *
 * The manifest is removed before the first write and written again at the end: a publish cut
 * short leaves no manifest, and the next one rewrites everything rather than trust stale hashes.
 */
import { createHash } from 'node:crypto';
import { mkdir, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import PQueue from 'p-queue';
import { InputError } from '../errors.js';
import { forgetPublishManifest, isSitePath, readPublishManifest, writePublishManifest, type PublishManifest } from './publish-manifest.js';
import type { SiteFile } from './site-file.js';

export const DEFAULT_WRITE_CONCURRENCY = 16;

export interface WriteStats {
  /** Files the site has. */
  files: number;
  written: number;
  unchanged: number;
  deleted: number;
  bytesWritten: number;
  /** Paths written, in the order they were produced (for tests and logs). */
  writtenPaths: string[];
  deletedPaths: string[];
}

export interface WriteOptions {
  concurrency?: number;
}

function outputError(outDir: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const path = (error as NodeJS.ErrnoException).path ?? outDir;
  return new InputError('input-unreadable', `cannot write the site in ${outDir}: ${code} on ${path}`, { cause: error });
}

async function ensureDirectory(outDir: string): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw outputError(outDir, error);
  }
  const info = await stat(outDir);
  if (!info.isDirectory()) throw new InputError('input-unreadable', `cannot write the site in ${outDir}: it is not a folder`);
}

async function sizeOnDisk(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  }
}

/** Removes `dir` and then its parents while they are empty, stopping at `outDir`. */
async function pruneEmpty(outDir: string, dirs: Iterable<string>): Promise<void> {
  const ordered = [...new Set(dirs)].sort((a, b) => b.length - a.length);
  for (const relative of ordered) {
    let current = relative;
    while (current !== '.' && current !== '') {
      try {
        await rmdir(join(outDir, current));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') break;
        throw error;
      }
      current = dirname(current);
    }
  }
}

export async function writeSiteFiles(outDir: string, files: Iterable<SiteFile>, options: WriteOptions = {}): Promise<WriteStats> {
  await ensureDirectory(outDir);
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_WRITE_CONCURRENCY);
  const previous = await readPublishManifest(outDir);
  if (previous.found) await forgetPublishManifest(outDir);
  const next: PublishManifest = new Map();
  const stats: WriteStats = { files: 0, written: 0, unchanged: 0, deleted: 0, bytesWritten: 0, writtenPaths: [], deletedPaths: [] };
  const madeDirectories = new Set<string>();
  const queue = new PQueue({ concurrency });
  let failure: unknown = null;

  const write = async (path: string, buffer: Buffer): Promise<void> => {
    const target = join(outDir, path);
    const directory = dirname(path);
    if (directory !== '.' && !madeDirectories.has(directory)) {
      await mkdir(join(outDir, directory), { recursive: true });
      madeDirectories.add(directory);
    }
    await writeFile(target, buffer);
    stats.written += 1;
    stats.bytesWritten += buffer.length;
    stats.writtenPaths.push(path);
  };

  let bug: Error | null = null;
  for (const file of files) {
    if (failure !== null) break;
    if (!isSitePath(file.path))
      bug = new Error(`the site would have a file with an unsafe path: ${JSON.stringify(file.path.slice(0, 200))}`);
    else if (next.has(file.path)) bug = new Error(`the site would have two files at ${file.path}`);
    if (bug !== null) break;
    const buffer = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    next.set(file.path, { sha256, bytes: buffer.length });
    stats.files += 1;
    const before = previous.manifest.get(file.path);
    const path = file.path;
    const task =
      before !== undefined && before.sha256 === sha256 && before.bytes === buffer.length
        ? async (): Promise<void> => {
            if ((await sizeOnDisk(join(outDir, path))) === buffer.length) stats.unchanged += 1;
            else await write(path, buffer);
          }
        : async (): Promise<void> => write(path, buffer);
    if (queue.size >= concurrency) await queue.onSizeLessThan(concurrency);
    queue.add(task).catch((error: unknown) => {
      failure ??= error;
    });
  }
  await queue.onIdle();
  if (bug !== null) throw bug;
  if (failure !== null) throw outputError(outDir, failure);

  const emptied: string[] = [];
  for (const path of previous.manifest.keys()) {
    if (next.has(path)) continue;
    try {
      await unlink(join(outDir, path));
      stats.deleted += 1;
      stats.deletedPaths.push(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw outputError(outDir, error);
    }
    const directory = dirname(path);
    if (directory !== '.') emptied.push(directory);
  }
  await pruneEmpty(outDir, emptied);
  try {
    await writePublishManifest(outDir, next);
  } catch (error) {
    throw outputError(outDir, error);
  }
  return stats;
}
