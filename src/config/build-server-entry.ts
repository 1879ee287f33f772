import { variableSyntaxOf } from './expand-variables.js';
import type { ClientId, ConfigScope, EntryTransport, ServerEntry } from './server-entry.js';
import { characterClass, CONTROL_CHARACTERS, HIDDEN_CHARACTERS } from '../hostile-text/hidden-characters.js';

/** Any C0 or C1 control character (hidden-characters.ts): never in a name. */
const CONTROL_CHARACTER = new RegExp(characterClass(CONTROL_CHARACTERS), 'u');
import { isUntrustedRecord, ownEntries, quoteUntrusted } from '../hostile-text/untrusted-value.js';

/** Bounds on what one entry may hold: beyond them the entry is reported and skipped. */
export const ENTRY_LIMITS = {
  nameChars: 200,
  commandChars: 4096,
  argCount: 1000,
  argChars: 32 * 1024,
  mapSize: 500,
  mapKeyChars: 256,
  mapValueChars: 64 * 1024,
  urlChars: 8192,
} as const;

/** Where an entry was read. */
export interface EntrySource {
  client: ClientId;
  file: string;
  scope: ConfigScope;
}

/** The fields of one server as its client names them, mapped onto ours but not yet checked. */
export interface RawServerFields {
  /** The client's transport word (`type`, `transport`, ...), if the entry has one. */
  type?: unknown;
  command?: unknown;
  args?: unknown;
  env?: unknown;
  cwd?: unknown;
  url?: unknown;
  headers?: unknown;
  disabled?: boolean;
  /** The transport to assume for a URL when the entry names none. */
  remoteDefault?: 'http' | 'sse';
}

export type BuiltEntry = { ok: true; entry: ServerEntry } | { ok: false; message: string };

/**
 * Checks one server's raw fields and builds its ServerEntry, or says (in one
 * line, naming the server) why it cannot be used. Numbers and booleans in
 * args, env and headers are taken as their text (YAML and TOML write them bare).
 */
export function buildServerEntry(name: string, raw: RawServerFields, source: EntrySource): BuiltEntry {
  const label = `server ${quoteUntrusted(name)}`;
  const fail = (reason: string): BuiltEntry => ({ ok: false, message: `${label}: ${reason}` });

  const nameProblem = checkName(name);
  if (nameProblem !== undefined) return fail(nameProblem);

  const command = optionalText(raw.command, 'command', ENTRY_LIMITS.commandChars);
  if (typeof command === 'object') return fail(command.problem);
  const url = optionalText(raw.url, 'url', ENTRY_LIMITS.urlChars);
  if (typeof url === 'object') return fail(url.problem);
  const cwd = optionalText(raw.cwd, 'cwd', ENTRY_LIMITS.commandChars);
  if (typeof cwd === 'object') return fail(cwd.problem);

  const transport = chooseTransport(raw, command, url);
  if (typeof transport === 'object') return fail(transport.problem);

  const entry: ServerEntry = { name, client: source.client, file: source.file, scope: source.scope, transport };
  if (transport === 'stdio') {
    if (command === undefined) return fail(`transport is stdio but it has no command`);
    entry.command = command;
    const args = readArgs(raw.args);
    if (!Array.isArray(args)) return fail(args.problem);
    if (args.length > 0) entry.args = args;
    const env = readStringMap(raw.env, 'env');
    if (!env.ok) return fail(env.problem);
    if (Object.keys(env.map).length > 0) entry.env = env.map;
    if (cwd !== undefined) entry.cwd = cwd;
  } else {
    if (url === undefined) return fail(`transport is ${transport} but it has no URL`);
    // A URL built from the client's variables (`${BASE_URL}/mcp`) is checked once they are expanded (expand-variables.ts).
    const urlProblem = url.includes('${') && variableSyntaxOf(source.client) !== 'none' ? undefined : checkUrl(url);
    if (urlProblem !== undefined) return fail(urlProblem);
    entry.url = url;
    const headers = readStringMap(raw.headers, 'headers');
    if (!headers.ok) return fail(headers.problem);
    if (Object.keys(headers.map).length > 0) entry.headers = headers.map;
  }
  if (raw.disabled === true) entry.disabled = true;
  return { ok: true, entry };
}

/** Control and invisible characters (hidden-characters.ts): they would let a name disguise itself on a terminal. */
const HIDDEN_IN_NAME = new RegExp(characterClass(HIDDEN_CHARACTERS), 'u');

function checkName(name: string): string | undefined {
  if (name.trim() === '') return 'its name is empty';
  if (name.length > ENTRY_LIMITS.nameChars) return `its name is longer than ${ENTRY_LIMITS.nameChars} characters`;
  if (HIDDEN_IN_NAME.test(name)) return 'its name contains control characters';
  return undefined;
}

type Checked<T> = T | { problem: string };

function optionalText(value: unknown, field: string, max: number): Checked<string | undefined> {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return { problem: `${field} must be a string` };
  if (value.trim() === '') return undefined;
  if (value.length > max) return { problem: `${field} is longer than ${max} characters` };
  if (value.includes('\u0000')) return { problem: `${field} contains a NUL character` };
  return value;
}

const TRANSPORT_WORDS: Readonly<Record<string, EntryTransport>> = {
  stdio: 'stdio',
  http: 'http',
  'streamable-http': 'http',
  streamablehttp: 'http',
  streamable_http: 'http',
  streamable: 'http',
  sse: 'sse',
};

function chooseTransport(raw: RawServerFields, command: string | undefined, url: string | undefined): Checked<EntryTransport> {
  if (raw.type !== undefined && raw.type !== null) {
    if (typeof raw.type !== 'string') return { problem: 'its transport type must be a string' };
    const word = raw.type.trim().toLowerCase();
    const known = Object.prototype.hasOwnProperty.call(TRANSPORT_WORDS, word) ? TRANSPORT_WORDS[word] : undefined;
    if (known === undefined) return { problem: `unsupported transport type ${quoteUntrusted(raw.type, 40)}` };
    return known;
  }
  if (command !== undefined) return 'stdio';
  if (url !== undefined) return inferRemoteTransport(url, raw.remoteDefault ?? 'http');
  return { problem: 'it has neither a command nor a URL' };
}

/** A URL whose path ends in /sse is an SSE endpoint whatever the client's default. */
function inferRemoteTransport(url: string, fallback: 'http' | 'sse'): EntryTransport {
  try {
    return /\/sse\/?$/i.test(new URL(url).pathname) ? 'sse' : fallback;
  } catch {
    return fallback;
  }
}

function checkUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'its URL is not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `its URL scheme ${quoteUntrusted(parsed.protocol, 20)} is not http or https`;
  }
  return undefined;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function readArgs(value: unknown): Checked<string[]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return { problem: 'args must be a list' };
  if (value.length > ENTRY_LIMITS.argCount) return { problem: `it has more than ${ENTRY_LIMITS.argCount} args` };
  const args: string[] = [];
  for (const item of value) {
    const text = scalarText(item);
    if (text === undefined) return { problem: 'args must be strings' };
    if (text.length > ENTRY_LIMITS.argChars) return { problem: `an arg is longer than ${ENTRY_LIMITS.argChars} characters` };
    if (text.includes('\u0000')) return { problem: 'an arg contains a NUL character' };
    args.push(text);
  }
  return args;
}

type MapResult = { ok: true; map: Record<string, string> } | { ok: false; problem: string };

function readStringMap(value: unknown, field: 'env' | 'headers'): MapResult {
  const map: Record<string, string> = {};
  if (value === undefined || value === null) return { ok: true, map };
  if (!isUntrustedRecord(value)) return { ok: false, problem: `${field} must be a map of names to strings` };
  const entries = ownEntries(value);
  if (entries.length > ENTRY_LIMITS.mapSize) return { ok: false, problem: `${field} has more than ${ENTRY_LIMITS.mapSize} entries` };
  // Header values may not span lines (that would smuggle extra headers); env values may.
  const forbiddenInValue = field === 'headers' ? /[\u0000\r\n]/ : /\u0000/;
  for (const [key, item] of entries) {
    if (item === null || item === undefined) continue;
    const text = scalarText(item);
    if (text === undefined) return { ok: false, problem: `${field} values must be strings` };
    if (key.trim() === '') return { ok: false, problem: `a name in ${field} is empty` };
    if (key.length > ENTRY_LIMITS.mapKeyChars)
      return { ok: false, problem: `a name in ${field} is longer than ${ENTRY_LIMITS.mapKeyChars} characters` };
    if (text.length > ENTRY_LIMITS.mapValueChars)
      return { ok: false, problem: `a value in ${field} is longer than ${ENTRY_LIMITS.mapValueChars} characters` };
    if (CONTROL_CHARACTER.test(key) || forbiddenInValue.test(text)) {
      return { ok: false, problem: `${field} contains a control or line-break character` };
    }
    Object.defineProperty(map, key, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return { ok: true, map };
}
