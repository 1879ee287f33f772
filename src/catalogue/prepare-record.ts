/**
 * What a put stores: the record checked (an id and the fields the catalogue readers rely on, so a
 * reopen never meets a record it refuses), serialised once as its journal line, and the copy kept
 * in memory — a JSON round trip, exactly what a reopen reads back, unaffected by later changes to
 * the caller's object.
 */
import type { CatalogueServer } from './catalogue-model.js';
import { storedServerProblem } from './catalogue-document.js';
import { StoreUseError } from './store-errors.js';

/** Serialises a record as its journal line and the copy the store keeps (what a reopen would read). */
export function prepareRecord(server: CatalogueServer, location: string): { line: string; record: CatalogueServer } {
  if (typeof server !== 'object' || server === null || typeof server.id !== 'string' || server.id.length === 0) {
    throw new StoreUseError('store-record-invalid', `a record put into the catalogue ${location} has no id`);
  }
  const line = JSON.stringify(server);
  const record: unknown = JSON.parse(line);
  const problem = storedServerProblem(record);
  if (problem !== null) {
    throw new StoreUseError(
      'store-record-invalid',
      `the record ${JSON.stringify(server.id.slice(0, 200))} put into the catalogue ${location} is incomplete (${problem})`,
    );
  }
  return { line: `${line}\n`, record: record as CatalogueServer };
}
