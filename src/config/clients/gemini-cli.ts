import { pathApiFor } from '../platform-dirs.js';
import { isUntrustedRecord, ownValue } from '../../hostile-text/untrusted-value.js';
import type { ClientDefinition } from './client-definition.js';
import { pathTail, readServerMap, sectionRecord, standardFields } from './server-map.js';
import type { ServerFieldStyle } from './server-map.js';

const GEMINI_STYLE: ServerFieldStyle = {
  typeKeys: ['type'],
  // httpUrl is streamable HTTP and wins over url, which is SSE.
  urlKeys: [
    { key: 'httpUrl', implies: 'http' },
    { key: 'url', implies: 'sse' },
  ],
  remoteDefault: 'sse',
};

/**
 * Gemini CLI: `~/.gemini/settings.json` and `.gemini/settings.json` in the
 * project, servers under `mcpServers` with `command`/`args`/`env`/`cwd`, or
 * `url` (SSE), or `httpUrl` (streamable HTTP), and `headers`. Servers left out
 * by `mcp.excluded` / `excludeMCPServers`, or not in `mcp.allowed` /
 * `allowMCPServers` when that list is given, are marked disabled.
 */
export const geminiCli: ClientDefinition = {
  id: 'gemini-cli',
  label: 'Gemini CLI',
  section: 'mcpServers',
  locate(ctx) {
    const p = pathApiFor(ctx);
    return [
      { client: 'gemini-cli', scope: 'user', path: p.join(ctx.home, '.gemini', 'settings.json'), sectionOptional: true },
      { client: 'gemini-cli', scope: 'project', path: p.join(ctx.cwd, '.gemini', 'settings.json'), sectionOptional: true },
    ];
  },
  ownsFile(file) {
    return pathTail(file, 2) === '.gemini/settings.json';
  },
  extract(document, source) {
    const section = sectionRecord(document, ['mcpServers'], source.file);
    if (section === undefined) return undefined;
    const excluded = nameList(document, ['mcp', 'excluded']) ?? nameList(document, ['excludeMCPServers']);
    const allowed = nameList(document, ['mcp', 'allowed']) ?? nameList(document, ['allowMCPServers']);
    return readServerMap(section, source, (record, name) => {
      const fields = standardFields(record, GEMINI_STYLE);
      if (excluded?.has(name) === true || (allowed !== undefined && !allowed.has(name))) fields.disabled = true;
      return fields;
    });
  },
};

function nameList(document: unknown, keys: readonly string[]): Set<string> | undefined {
  let value: unknown = document;
  for (const key of keys) {
    if (!isUntrustedRecord(value)) return undefined;
    value = ownValue(value, key);
  }
  if (!Array.isArray(value)) return undefined;
  return new Set(value.filter((item): item is string => typeof item === 'string'));
}
