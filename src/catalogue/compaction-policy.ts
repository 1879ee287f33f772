/**
 * When a store folds its journal into a new snapshot. Both back ends use this rule, so their
 * write statistics agree.
 *
 * A snapshot write costs the size of the whole catalogue. Compacting after a fixed number of
 * records would make the total bytes written grow with the square of the records written; so a
 * compaction waits for `compactEvery` journal records AND for at least as many journal records as
 * the last snapshot held. Each snapshot write is then paid for by as many appends, and the bytes
 * written stay proportional to the records written (at most about three times the journal bytes).
 * The number of snapshot writes for N puts on an empty store is at most ceil(N / compactEvery).
 */

import { StoreUseError } from './store-errors.js';

export const DEFAULT_COMPACT_EVERY = 500;

/** Whether `journalRecords` appended since the last snapshot (of `snapshotRecords` records) call for a compaction. */
export function isCompactionDue(journalRecords: number, snapshotRecords: number, compactEvery: number): boolean {
  return journalRecords >= Math.max(compactEvery, snapshotRecords);
}

/** The option as given, checked: a positive integer, or the default. */
export function resolveCompactEvery(compactEvery: number | undefined): number {
  if (compactEvery === undefined) return DEFAULT_COMPACT_EVERY;
  if (!Number.isInteger(compactEvery) || compactEvery < 1) {
    throw new StoreUseError('store-option-invalid', `compactEvery must be a positive integer (got ${String(compactEvery)})`);
  }
  return compactEvery;
}
