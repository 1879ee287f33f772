/**
 * Typed errors of the catalogue store. A store that is locked by another writer, or used the
 * wrong way (written while read-only, after close, with a record without id, with a bad option), stops the run:
 * `next` is `abort`. A lock is the environment's doing (exit 2); a wrong use is a bug of mcp-risk
 * (`internal`, exit 70). A store file in a shape we do not read is an InputError (see errors.ts).
 */
import { McpRiskError } from '../errors.js';

/** Who holds a store's lock, as its lock file says. */
export interface StoreLockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

/** Another writer holds the store's lock (or its lock file cannot be read). Exit 2. */
export class StoreLockedError extends McpRiskError {
  readonly next = 'abort' as const;
  /** Null for a store without a lock file (in memory). */
  readonly lockPath: string | null;
  /** Null when the lock file exists but does not say who holds it. */
  readonly holder: StoreLockHolder | null;

  constructor(location: string, lockPath: string | null, holder: StoreLockHolder | null, options?: { cause?: unknown }) {
    super('store-locked', describeLock(location, lockPath, holder), options);
    this.lockPath = lockPath;
    this.holder = holder;
  }
}

function describeLock(location: string, lockPath: string | null, holder: StoreLockHolder | null): string {
  const stale =
    lockPath === null
      ? 'Close the other writer first.'
      : `If no mcp-risk process is writing it, the lock is stale: delete ${lockPath} and run again.`;
  if (holder === null) {
    return `The catalogue ${location} is locked (${lockPath} exists but does not say by whom). ${stale}`;
  }
  return (
    `The catalogue ${location} is locked by process ${holder.pid} on ${holder.host} (since ${holder.startedAt}): ` +
    `another crawl is writing it; wait for it to finish. ${stale}`
  );
}

export type StoreUseErrorCode = 'store-read-only' | 'store-closed' | 'store-record-invalid' | 'store-option-invalid';

/** The store was asked for something its state does not allow: a programming error of the caller. Exit 70. */
export class StoreUseError extends McpRiskError {
  readonly next = 'abort' as const;
  override readonly internal = true;
  constructor(code: StoreUseErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
