import { UsageError } from '../errors.js';
import type { ServerEntry } from './server-entry.js';
import { quoteUntrusted } from './untrusted-value.js';

/**
 * The entry named `name` (for `--server <name>`); throws UsageError when
 * there is none, listing the names there are. When a file has the name in both
 * scopes (a Claude Code `~/.claude.json` with user and per-project servers),
 * the project one wins, as it does in the client.
 */
export function selectServer(entries: readonly ServerEntry[], name: string, where: string): ServerEntry {
  const named = entries.filter((entry) => entry.name === name);
  const chosen = named.find((entry) => entry.scope === 'project') ?? named[0];
  if (chosen === undefined) {
    const names = [...new Set(entries.map((entry) => entry.name))];
    const known =
      names.length === 0
        ? 'it has no usable servers'
        : `its servers are ${names.slice(0, 20).map((n) => quoteUntrusted(n, 60)).join(', ')}${names.length > 20 ? ', ...' : ''}`;
    throw new UsageError(`no server named ${quoteUntrusted(name)} in ${where}; ${known}`);
  }
  return chosen;
}
