import { UsageError } from '../errors.js';
import { entryIdentity } from './entry-identity.js';
import { isClientId } from './server-entry.js';
import type { ServerEntry } from './server-entry.js';
import { quoteUntrusted } from '../hostile-text/untrusted-value.js';

/**
 * The entry `wanted` names (for `--server <name>` or `--server <client>:<name>`); throws
 * UsageError when there is none, listing the names there are. Within one client, the project
 * entry wins over the user one, as it does in the client (Claude Code's `~/.claude.json` may hold
 * both). When different clients define different servers under that name, the choice is the
 * user's: the error lists `--server <client>:<name>` for each. (The same server in several clients
 * is no ambiguity: the first is taken.)
 */
export function selectServer(entries: readonly ServerEntry[], wanted: string, where: string): ServerEntry {
  const named = entriesNamed(entries, wanted);
  if (named.length === 0) {
    const names = [...new Set(entries.map((entry) => entry.name))];
    const known =
      names.length === 0
        ? 'it has no usable servers'
        : `its servers are ${names
            .slice(0, 20)
            .map((n) => quoteUntrusted(n, 60))
            .join(', ')}${names.length > 20 ? ', ...' : ''}`;
    throw new UsageError(`no server named ${quoteUntrusted(wanted)} in ${where}; ${known}`);
  }
  const byClient = new Map<string, ServerEntry>();
  for (const entry of named) {
    const current = byClient.get(entry.client);
    if (current === undefined || (current.scope !== 'project' && entry.scope === 'project')) byClient.set(entry.client, entry);
  }
  const candidates = [...byClient.values()];
  if (new Set(candidates.map(entryIdentity)).size > 1) {
    const name = candidates[0]?.name ?? wanted;
    const choices = candidates.map((entry) => `--server ${entry.client}:${name} (${entry.file})`).join(', ');
    throw new UsageError(`${candidates.length} clients define different servers named ${quoteUntrusted(name)}; pick one: ${choices}`);
  }
  return candidates[0] as ServerEntry;
}

/** `name` exactly; otherwise, for `<client>:<name>`, that client's entries of that name. */
function entriesNamed(entries: readonly ServerEntry[], wanted: string): ServerEntry[] {
  const exact = entries.filter((entry) => entry.name === wanted);
  if (exact.length > 0) return exact;
  const colon = wanted.indexOf(':');
  const client = colon > 0 ? wanted.slice(0, colon) : '';
  if (!isClientId(client)) return [];
  const name = wanted.slice(colon + 1);
  return entries.filter((entry) => entry.client === client && entry.name === name);
}
