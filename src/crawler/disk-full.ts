import { McpRiskError, errorMessage } from '../errors.js';

/** errno codes of a full disk or an exhausted quota. */
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/** Whether `error` (or its cause) is a write that failed for lack of disk space. */
export function isDiskFull(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && DISK_FULL.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The disk (or quota) of the store or of the crawl's temporary files is full:
 * an environment problem, not a bug. The crawl stops; every server recorded
 * before is kept (the store's journal is fsync'd per record). Exit 2.
 */
export class DiskFullError extends McpRiskError {
  readonly next = 'abort' as const;
  constructor(cause: unknown, db: string) {
    super(
      'disk-full',
      `no space left on the disk (writing the crawl store ${db} or its temporary files: ${errorMessage(cause).slice(0, 200)}); the crawl stopped and every server recorded before is kept: free some space and run the same command again`,
      { cause },
    );
  }
}
