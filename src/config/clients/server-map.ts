import { InputError } from '../../errors.js';
import { buildServerEntry } from '../build-server-entry.js';
import type { RawServerFields } from '../build-server-entry.js';
import type { ConfigProblem, EntryTransport } from '../server-entry.js';
import { isUntrustedRecord, ownEntries, ownValue, quoteUntrusted } from '../../hostile-text/untrusted-value.js';
import type { UntrustedRecord } from '../../hostile-text/untrusted-value.js';
import type { Extracted, ExtractSource } from './client-definition.js';

/** At most this many servers are read from one section. */
export const MAX_SERVERS_PER_SECTION = 500;

/** How a client names the fields of a `{ "<name>": { ... } }` server entry. */
export interface ServerFieldStyle {
  /** Keys that may hold the transport word, in order of preference. */
  typeKeys: readonly string[];
  /** Keys that may hold the URL, in order of preference, with the transport each implies when no type is given. */
  urlKeys: readonly { key: string; implies?: EntryTransport }[];
  /** The transport of a URL entry that names none (and whose path does not end in /sse). */
  remoteDefault: 'http' | 'sse';
}

export const STANDARD_STYLE: ServerFieldStyle = {
  typeKeys: ['type'],
  urlKeys: [{ key: 'url' }],
  remoteDefault: 'http',
};

/** Maps one entry object onto our fields using the client's names. */
export function standardFields(record: UntrustedRecord, style: ServerFieldStyle): RawServerFields {
  let type: unknown;
  for (const key of style.typeKeys) {
    const value = ownValue(record, key);
    if (value !== undefined && value !== null) {
      type = value;
      break;
    }
  }
  let url: unknown;
  for (const { key, implies } of style.urlKeys) {
    const value = ownValue(record, key);
    if (value !== undefined && value !== null) {
      url = value;
      if (type === undefined && implies !== undefined && ownValue(record, 'command') === undefined) type = implies;
      break;
    }
  }
  return {
    type,
    command: ownValue(record, 'command'),
    args: ownValue(record, 'args'),
    env: ownValue(record, 'env'),
    cwd: ownValue(record, 'cwd'),
    url,
    headers: ownValue(record, 'headers'),
    disabled: ownValue(record, 'disabled') === true || ownValue(record, 'enabled') === false,
    remoteDefault: style.remoteDefault,
  };
}

/**
 * Reads a `{ "<name>": { ... } }` section. Entries that cannot be used are
 * problems (naming the server) and are skipped; the rest are kept in file order.
 */
export function readServerMap(
  section: UntrustedRecord,
  source: ExtractSource,
  toFields: (record: UntrustedRecord, name: string) => RawServerFields | string,
): Extracted {
  const result: Extracted = { entries: [], problems: [] };
  const servers = ownEntries(section);
  for (const [index, [name, value]] of servers.entries()) {
    if (index >= MAX_SERVERS_PER_SECTION) {
      result.problems.push({
        file: source.file,
        message: `${source.file}: lists ${servers.length} servers; only the first ${MAX_SERVERS_PER_SECTION} are read`,
      });
      break;
    }
    addEntry(result, source, name, value, toFields);
  }
  return result;
}

/** Checks and adds one named entry to a result. */
export function addEntry(
  result: Extracted,
  source: ExtractSource,
  name: string,
  value: unknown,
  toFields: (record: UntrustedRecord, name: string) => RawServerFields | string,
): void {
  if (!isUntrustedRecord(value)) {
    result.problems.push(entryProblem(source, name, `server ${quoteUntrusted(name)}: its entry is not an object`));
    return;
  }
  const fields = toFields(value, name);
  if (typeof fields === 'string') {
    result.problems.push(entryProblem(source, name, `server ${quoteUntrusted(name)}: ${fields}`));
    return;
  }
  const built = buildServerEntry(name, fields, source);
  if (built.ok) result.entries.push(built.entry);
  else result.problems.push(entryProblem(source, name, built.message));
}

/** A problem about one server; its message names the file and the server. */
export function entryProblem(source: ExtractSource, server: string, message: string): ConfigProblem {
  return { file: source.file, server, message: `${source.file}: ${message}` };
}

/** The last path segments of a file, lower-cased, with `\` read as `/` (for matching file names on any platform). */
export function pathTail(file: string, segments: number): string {
  return file.replace(/\\/g, '/').toLowerCase().split('/').slice(-segments).join('/');
}

/**
 * The record at a key path of a document: undefined when the path is absent,
 * an InputError('config-invalid') when something is there but is not a map of
 * servers.
 */
export function sectionRecord(document: unknown, keys: readonly string[], file: string): UntrustedRecord | undefined {
  let value: unknown = document;
  for (const key of keys) {
    if (!isUntrustedRecord(value)) return undefined;
    value = ownValue(value, key);
  }
  if (value === undefined || value === null) return undefined;
  if (!isUntrustedRecord(value)) {
    throw new InputError('config-invalid', `${file}: ${keys.join('.')} must be an object mapping server names to servers`);
  }
  return value;
}
