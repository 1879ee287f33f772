import type { RawServerFields } from '../build-server-entry.js';
import { dirFromEnv, pathApiFor } from '../platform-dirs.js';
import { isUntrustedRecord, ownValue, quoteUntrusted } from '../../hostile-text/untrusted-value.js';
import type { UntrustedRecord } from '../../hostile-text/untrusted-value.js';
import type { ClientDefinition, Extracted, ExtractSource } from './client-definition.js';
import {
  addEntry,
  entryProblem,
  MAX_SERVERS_PER_SECTION,
  pathTail,
  readServerMap,
  sectionRecord,
  standardFields,
  STANDARD_STYLE,
} from './server-map.js';

/** Files read from a `mcpServers/` block folder. */
export const CONTINUE_BLOCK_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/**
 * Continue: the global folder `~/.continue` (or `$CONTINUE_GLOBAL_DIR`) holds
 *  - `config.yaml` with `mcpServers:` as a YAML list of `{ name, command, args, env, cwd }`
 *    or `{ name, type: sse | streamable-http, url, requestOptions: { headers } }`;
 *  - `mcpServers/*.yaml` block files with the same list (and `*.json` files in
 *    the Claude/Cursor shape, which Continue also accepts there);
 *  - legacy `config.json` with `experimental.modelContextProtocolServers`, a list
 *    of `{ transport: { type, command, args, env, url } }`.
 * In a project, `.continue/mcpServers/` holds block files too.
 */
export const continueDev: ClientDefinition = {
  id: 'continue',
  label: 'Continue',
  section: 'mcpServers',
  locate(ctx) {
    const p = pathApiFor(ctx);
    const globalDir = dirFromEnv(ctx, 'CONTINUE_GLOBAL_DIR', p.join(ctx.home, '.continue'));
    return [
      { client: 'continue', scope: 'user', path: p.join(globalDir, 'config.yaml'), sectionOptional: true },
      { client: 'continue', scope: 'user', path: p.join(globalDir, 'config.json'), sectionOptional: true },
      {
        client: 'continue',
        scope: 'user',
        path: p.join(globalDir, 'mcpServers'),
        directoryExtensions: CONTINUE_BLOCK_EXTENSIONS,
        sectionOptional: false,
      },
      {
        client: 'continue',
        scope: 'project',
        path: p.join(ctx.cwd, '.continue', 'mcpServers'),
        directoryExtensions: CONTINUE_BLOCK_EXTENSIONS,
        sectionOptional: false,
      },
    ];
  },
  ownsFile(file) {
    const two = pathTail(file, 2);
    if (two === '.continue/config.yaml' || two === '.continue/config.json') return true;
    return pathTail(file, 3).startsWith('.continue/mcpservers/');
  },
  extract(document, source) {
    if (!isUntrustedRecord(document)) return undefined;
    const list = ownValue(document, 'mcpServers');
    if (Array.isArray(list)) return readServerList(list, source, (item) => item, 'mcpServers');
    const map = sectionRecord(document, ['mcpServers'], source.file);
    if (map !== undefined) return readServerMap(map, source, (record) => standardFields(record, STANDARD_STYLE));
    const experimental = ownValue(document, 'experimental');
    const legacy = isUntrustedRecord(experimental) ? ownValue(experimental, 'modelContextProtocolServers') : undefined;
    if (Array.isArray(legacy)) {
      return readServerList(legacy, source, (item) => ownValue(item, 'transport'), 'modelContextProtocolServers');
    }
    if (legacy !== undefined && legacy !== null) {
      return {
        entries: [],
        problems: [{ file: source.file, message: `${source.file}: experimental.modelContextProtocolServers must be a list` }],
      };
    }
    return undefined;
  },
};

/**
 * Reads a list of servers. `fieldsOf` picks the object holding the server's
 * fields (the item itself, or the legacy `transport` object). A nameless item
 * is called by the hub block it uses, else `<section>[<n>]` counting from 1.
 */
function readServerList(
  list: readonly unknown[],
  source: ExtractSource,
  fieldsOf: (item: UntrustedRecord) => unknown,
  section: string,
): Extracted {
  const result: Extracted = { entries: [], problems: [] };
  for (const [index, item] of list.entries()) {
    if (index >= MAX_SERVERS_PER_SECTION) {
      result.problems.push({
        file: source.file,
        message: `${source.file}: lists ${list.length} servers; only the first ${MAX_SERVERS_PER_SECTION} are read`,
      });
      break;
    }
    const fallbackName = `${section}[${index + 1}]`;
    if (!isUntrustedRecord(item)) {
      result.problems.push(entryProblem(source, fallbackName, `server ${quoteUntrusted(fallbackName)}: its entry is not an object`));
      continue;
    }
    const ownName = ownValue(item, 'name');
    const uses = ownValue(item, 'uses');
    const name =
      typeof ownName === 'string' && ownName.trim() !== '' ? ownName : typeof uses === 'string' && uses.trim() !== '' ? uses : fallbackName;
    addEntry(result, source, name, fieldsOf(item), (record) => continueFields(record, item));
  }
  return result;
}

function continueFields(record: UntrustedRecord, item: UntrustedRecord): RawServerFields | string {
  const uses = ownValue(item, 'uses');
  if (typeof uses === 'string' && ownValue(record, 'command') === undefined && ownValue(record, 'url') === undefined) {
    return `it uses the hub block ${quoteUntrusted(uses)}, which is not in the file`;
  }
  const requestOptions = ownValue(record, 'requestOptions');
  const headers = isUntrustedRecord(requestOptions) ? ownValue(requestOptions, 'headers') : ownValue(record, 'headers');
  return { ...standardFields(record, STANDARD_STYLE), headers };
}
