/**
 * What makes two config entries the same server: the same command line (with the same folder and
 * environment), or the same URL (with the same headers). Two clients configured with the same
 * server are scanned once. The identity holds env and header values: it is compared, never shown.
 */
import type { ServerEntry } from './server-entry.js';

export function entryIdentity(entry: ServerEntry): string {
  const sorted = (map: Record<string, string> | undefined): [string, string][] =>
    Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entry.transport === 'stdio') {
    return JSON.stringify(['stdio', entry.command ?? '', entry.args ?? [], entry.cwd ?? null, sorted(entry.env)]);
  }
  return JSON.stringify(['url', entry.url ?? '', sorted(entry.headers)]);
}
