import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { z } from 'zod';
import type { Deadline } from '../connectors/deadline.js';
import { ServerError } from '../errors.js';
import { quoteForWarning } from '../hostile-text/bounded-text.js';
import { describeJsonType } from './json-measure.js';

export type ListMethod = 'tools/list' | 'prompts/list' | 'resources/list';

const ITEMS_KEY = { 'tools/list': 'tools', 'prompts/list': 'prompts', 'resources/list': 'resources' } as const;

/** Longer cursors are not sent back: a cursor is an opaque token, not a payload. */
export const MAX_CURSOR_LENGTH = 4096;

// The SDK's own result schemas reject a whole page for one malformed tool;
// we take the result as it is and check it ourselves, entry by entry.
const ANY_RESULT = z.unknown();

/**
 * Calls a paginated list method, following `nextCursor`, and hands each
 * page's items to `onPage` (which returns false to stop). Stops with a
 * warning after `maxPages` pages, on a cursor already seen (a server paging
 * in circles), or on a cursor that is not a string or is too long.
 *
 * Rejects with the raw error when a request fails (the caller explains it
 * with Connection.describeFailure), and with ServerError('protocol-error')
 * when a page is not a list result.
 */
export async function listPages(
  client: Client,
  deadline: Deadline,
  method: ListMethod,
  maxPages: number,
  warnings: string[],
  onPage: (items: unknown[]) => boolean,
): Promise<void> {
  const key = ITEMS_KEY[method];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page += 1) {
    if (page > maxPages) {
      warnings.push(`${method}: stopped after ${maxPages} pages (maxPages); the server offered more`);
      return;
    }
    const params = cursor === undefined ? {} : { cursor };
    const result = await deadline.run(method, (bounds) => client.request({ method, params }, ANY_RESULT, bounds));
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      throw new ServerError('protocol-error', `${method} answered with ${describeJsonType(result)} instead of a result object`);
    }
    const { [key]: items, nextCursor } = result as Record<string, unknown>;
    if (!Array.isArray(items)) {
      throw new ServerError('protocol-error', `${method} result has no ${key} array (${key} is ${describeJsonType(items)})`);
    }
    if (!onPage(items)) return;
    if (nextCursor === undefined || nextCursor === null || nextCursor === '') return;
    if (typeof nextCursor !== 'string') {
      warnings.push(`${method} returned a nextCursor that is not a string (${describeJsonType(nextCursor)}); stopped paging`);
      return;
    }
    if (nextCursor.length > MAX_CURSOR_LENGTH) {
      warnings.push(`${method} returned a nextCursor longer than ${MAX_CURSOR_LENGTH} characters; stopped paging`);
      return;
    }
    if (seenCursors.has(nextCursor)) {
      warnings.push(`${method} returned cursor ${quoteForWarning(nextCursor)} again after page ${page}; stopped paging`);
      return;
    }
    seenCursors.add(nextCursor);
    cursor = nextCursor;
  }
}
