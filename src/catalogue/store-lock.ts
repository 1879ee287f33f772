/**
 * The writer's lock of a store: `<path>.lock`, created with O_EXCL, holding
 * `{"pid":…,"startedAt":…,"host":…}`. A second writer is refused with StoreLockedError; a lock
 * whose process is gone (same host, pid not running) is taken over, with a warning.
 *
 * Taking over renames the stale lock aside and checks that what it moved is the stale lock it read
 * (two processes taking over at once cannot both win: the loser finds a live lock, puts it back
 * and is refused).
 */
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { errorMessage, InputError } from '../errors.js';
import { StoreLockedError } from './store-errors.js';
import type { StoreLockHolder } from './store-errors.js';
import { isProcessRunning } from '../os/is-process-running.js';

/** A lock file that says nothing for this long was left by a writer that died while creating it. */
const UNREADABLE_LOCK_GRACE_MS = 60_000;
const LOCK_FILE_LIMIT = 4096;

export interface StoreLock {
  readonly path: string;
  /** Bytes written to create the lock file. */
  readonly bytes: number;
  release(): Promise<void>;
}

/** The holder a lock file names, or null when its text is not a lock. */
export function parseLockHolder(text: string): StoreLockHolder | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { pid, host, startedAt } = parsed as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
  if (typeof host !== 'string' || typeof startedAt !== 'string') return null;
  return { pid, host: host.slice(0, 256), startedAt: startedAt.slice(0, 64) };
}

interface LockState {
  text: string;
  holder: StoreLockHolder | null;
  ageMs: number;
}

async function readLock(lockPath: string): Promise<LockState | null> {
  try {
    const [buffer, info] = await Promise.all([readFile(lockPath), stat(lockPath)]);
    const text = buffer.subarray(0, LOCK_FILE_LIMIT).toString('utf8');
    return { text, holder: parseLockHolder(text), ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function isStale(state: LockState): boolean {
  if (state.holder === null) return state.ageMs > UNREADABLE_LOCK_GRACE_MS;
  return state.holder.host === hostname() && !isProcessRunning(state.holder.pid);
}

async function createLockFile(lockPath: string, holder: StoreLockHolder): Promise<number | null> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw new InputError('input-unreadable', `cannot create the lock ${lockPath}: ${errorMessage(error)}`, { cause: error });
  }
  const text = `${JSON.stringify(holder)}\n`;
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return Buffer.byteLength(text);
}

/** Moves a stale lock away; false when the file moved was not the stale lock read (it is put back). */
async function removeStaleLock(lockPath: string, stale: LockState): Promise<{ removed: boolean; current: LockState | null }> {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { removed: true, current: null };
    throw error;
  }
  const moved = await readLock(aside);
  if (moved !== null && moved.text !== stale.text) {
    // Another process replaced the stale lock with its own in the meantime: give it back.
    try {
      await link(aside, lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    await rm(aside, { force: true });
    return { removed: false, current: moved };
  }
  await rm(aside, { force: true });
  return { removed: true, current: null };
}

/** Takes the writer's lock of the store at `location`, or throws StoreLockedError. */
export async function acquireStoreLock(lockPath: string, location: string, onWarning: (message: string) => void): Promise<StoreLock> {
  const holder: StoreLockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const bytes = await createLockFile(lockPath, holder);
    if (bytes !== null) {
      let released = false;
      return {
        path: lockPath,
        bytes,
        release: async () => {
          if (released) return;
          released = true;
          await rm(lockPath, { force: true });
        },
      };
    }
    const state = await readLock(lockPath);
    if (state === null) continue;
    if (!isStale(state)) throw new StoreLockedError(location, lockPath, state.holder);
    const outcome = await removeStaleLock(lockPath, state);
    if (!outcome.removed) throw new StoreLockedError(location, lockPath, outcome.current?.holder ?? null);
    onWarning(
      state.holder === null
        ? `took over the lock of ${location}: ${lockPath} named no process and was ${Math.round(state.ageMs / 1000)} s old`
        : `took over the lock of ${location} left by process ${state.holder.pid} on ${state.holder.host} (since ${state.holder.startedAt}), which is no longer running`,
    );
  }
  throw new StoreLockedError(location, lockPath, null);
}
