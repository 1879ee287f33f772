/**
 * `list:<file>` — servers listed in a JSON (with comments) or YAML file:
 *
 *   { "mcpServers": { "<name>": { "command", "args", "env" } | { "url", "headers", "type" } },
 *     "packages":   [ { "npm": "<package>", "version"?, "args"?, "env"? } ] }
 *
 * Either section may be absent, not both. `mcpServers` entries are read with the client-config
 * rules (src/config) and get the id `list:<name>`; an entry that runs `npx [-y] <package> ...`
 * is launched as that npm package (installed with scripts disabled rather than run through
 * npx). `packages` entries get the id `npm:<package>`, so a package listed here and found in a
 * registry is one server. A bad file is an InputError naming it; a bad entry is logged and
 * skipped.
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import { buildServerEntry } from '../config/build-server-entry.js';
import { STANDARD_STYLE, standardFields } from '../config/clients/server-map.js';
import { characterClass, CONTROL_CHARACTERS } from '../hostile-text/hidden-characters.js';
import { configFormatOf, parseConfigText } from '../hostile-text/parse-config-text.js';
import { readBoundedText } from '../hostile-text/read-bounded-text.js';
import type { ServerEntry } from '../config/server-entry.js';
import { isUntrustedRecord, ownEntries, ownValue, quoteUntrusted } from '../hostile-text/untrusted-value.js';
import type { UntrustedRecord } from '../hostile-text/untrusted-value.js';
import type { CrawlEntry, CrawlLaunch } from '../crawl-entry.js';
import { isNpmVersion, parsePackageSpec } from '../npm-registry/npm-package-name.js';

/** A control character (hidden-characters.ts) or `=`: never in an environment variable's name. */
const ENV_NAME_FORBIDDEN = new RegExp(`${characterClass(CONTROL_CHARACTERS)}|=`, 'u');
import type { CatalogueSource, SourceContext } from './source.js';

/** At most this many servers are read from one list file. */
export const MAX_LIST_ENTRIES = 10_000;

const LIMITS = { argCount: 1000, argChars: 32 * 1024, envCount: 500, envNameChars: 256, envValueChars: 64 * 1024 } as const;

export const listSource: CatalogueSource = {
  kind: 'list',
  summary: 'a JSON or YAML file with an "mcpServers" object (client-config shape) and/or a "packages" list of npm packages',
  entries: listEntries,
};

async function* listEntries(location: string, context: SourceContext): AsyncGenerator<CrawlEntry> {
  const file = path.resolve(context.cwd, location);
  const document = parseConfigText(await readBoundedText(file), configFormatOf(file), file);
  const { servers, packages } = listSections(document, file);
  const seen = new Set<string>();
  let count = 0;
  const admit = (entry: CrawlEntry): boolean => {
    if (seen.has(entry.id)) {
      context.log(`${file}: ${entry.id} is listed more than once; the first entry is used`);
      return false;
    }
    count += 1;
    if (count > MAX_LIST_ENTRIES) return false;
    seen.add(entry.id);
    return true;
  };

  for (const [name, value] of servers === undefined ? [] : ownEntries(servers)) {
    if (context.signal?.aborted) return;
    const entry = serverEntry(name, value, file, context.log);
    if (entry !== undefined && admit(entry)) yield entry;
    if (count > MAX_LIST_ENTRIES) break;
  }
  for (const [index, value] of (packages ?? []).entries()) {
    if (context.signal?.aborted || count > MAX_LIST_ENTRIES) break;
    const entry = packageEntry(index, value, file, context.log);
    if (entry !== undefined && admit(entry)) yield entry;
  }
  if (count > MAX_LIST_ENTRIES)
    context.log(`${file}: lists more than ${MAX_LIST_ENTRIES} servers; only the first ${MAX_LIST_ENTRIES} are read`);
}

function listSections(document: unknown, file: string): { servers?: UntrustedRecord; packages?: unknown[] } {
  const expected = 'expected an object with an "mcpServers" object and/or a "packages" list';
  if (!isUntrustedRecord(document)) throw new InputError('config-invalid', `${file} is not a list of servers: ${expected}`);
  const servers = ownValue(document, 'mcpServers');
  const packages = ownValue(document, 'packages');
  if (servers === undefined && packages === undefined)
    throw new InputError('config-invalid', `${file} is not a list of servers: ${expected}`);
  if (servers !== undefined && !isUntrustedRecord(servers))
    throw new InputError('config-invalid', `${file}: "mcpServers" must be an object of named servers`);
  if (packages !== undefined && !Array.isArray(packages)) throw new InputError('config-invalid', `${file}: "packages" must be a list`);
  return { ...(servers === undefined ? {} : { servers }), ...(packages === undefined ? {} : { packages }) };
}

function serverEntry(name: string, value: unknown, file: string, log: (line: string) => void): CrawlEntry | undefined {
  if (!isUntrustedRecord(value)) {
    log(`${file}: server ${quoteUntrusted(name)}: its entry is not an object; skipped`);
    return undefined;
  }
  const built = buildServerEntry(name, standardFields(value, STANDARD_STYLE), { client: 'generic', file, scope: 'user' });
  if (!built.ok) {
    log(`${file}: ${built.message}; skipped`);
    return undefined;
  }
  const server = built.entry;
  if (server.disabled === true) {
    log(`${file}: server ${quoteUntrusted(name)} is disabled; skipped`);
    return undefined;
  }
  if (server.cwd !== undefined) log(`${file}: server ${quoteUntrusted(name)}: its cwd is not used by the crawler`);
  const explicitType = ownValue(value, 'type') !== undefined && ownValue(value, 'type') !== null;
  return { id: `list:${name}`, name, source: { kind: 'list', location: file }, launch: launchOf(server, explicitType) };
}

function launchOf(server: ServerEntry, explicitType: boolean): CrawlLaunch {
  if (server.transport === 'stdio') {
    const command = server.command ?? '';
    const args = server.args ?? [];
    const npm = npxPackage(command, args);
    if (npm !== undefined) {
      return {
        kind: 'npm',
        package: npm.name,
        ...(npm.version === undefined ? {} : { version: npm.version }),
        ...(npm.args.length > 0 ? { args: npm.args } : {}),
        ...(server.env === undefined ? {} : { env: server.env }),
      };
    }
    return { kind: 'command', command, args, ...(server.env === undefined ? {} : { env: server.env }) };
  }
  const transport = explicitType || server.transport === 'sse' ? server.transport : 'auto';
  return { kind: 'url', url: server.url ?? '', ...(server.headers === undefined ? {} : { headers: server.headers }), transport };
}

/** Flags of npx that do not change which package runs. */
const NPX_NEUTRAL_FLAGS = new Set(['-y', '--yes', '-q', '--quiet']);

/** `npx [-y] <package>[@version] args...` → the package; anything else (other npx flags, no package) → undefined. */
function npxPackage(command: string, args: readonly string[]): { name: string; version?: string; args: string[] } | undefined {
  const base = command.replace(/\\/g, '/').split('/').pop()?.toLowerCase() ?? '';
  if (base !== 'npx' && base !== 'npx.cmd') return undefined;
  let index = 0;
  while (index < args.length && NPX_NEUTRAL_FLAGS.has(args[index] ?? '')) index += 1;
  const spec = args[index];
  if (spec === undefined || spec.startsWith('-')) return undefined;
  const parsed = parsePackageSpec(spec);
  if (parsed === undefined) return undefined;
  return { ...parsed, args: args.slice(index + 1) };
}

function packageEntry(index: number, value: unknown, file: string, log: (line: string) => void): CrawlEntry | undefined {
  const label = `packages[${index}]`;
  const skip = (reason: string): undefined => {
    log(`${file}: ${label}: ${reason}; skipped`);
    return undefined;
  };
  if (!isUntrustedRecord(value)) return skip('it is not an object');
  const npm = ownValue(value, 'npm');
  if (typeof npm !== 'string') return skip('"npm" must be a package name');
  const spec = parsePackageSpec(npm.trim());
  if (spec === undefined) return skip(`${quoteUntrusted(npm)} is not an npm package name`);
  const versionValue = ownValue(value, 'version');
  let version = spec.version;
  if (versionValue !== undefined && versionValue !== null) {
    if (typeof versionValue !== 'string' || !isNpmVersion(versionValue.trim()))
      return skip('"version" must be an npm version, range or tag');
    if (spec.version !== undefined && spec.version !== versionValue.trim()) return skip('it names two different versions');
    version = versionValue.trim() === 'latest' ? undefined : versionValue.trim();
  }
  const args = readArgs(ownValue(value, 'args'));
  if (typeof args === 'string') return skip(args);
  const env = readEnv(ownValue(value, 'env'));
  if (typeof env === 'string') return skip(env);
  const launch: CrawlLaunch = {
    kind: 'npm',
    package: spec.name,
    ...(version === undefined ? {} : { version }),
    ...(args.length > 0 ? { args } : {}),
    ...(Object.keys(env).length > 0 ? { env } : {}),
  };
  return {
    id: `npm:${spec.name}`,
    name: spec.name,
    source: { kind: 'list', location: file },
    launch,
    metadata: { name: spec.name, ...(version === undefined ? {} : { version }) },
  };
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  return undefined;
}

function readArgs(value: unknown): string[] | string {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return '"args" must be a list';
  if (value.length > LIMITS.argCount) return `it has more than ${LIMITS.argCount} args`;
  const args: string[] = [];
  for (const item of value) {
    const text = scalarText(item);
    if (text === undefined) return '"args" must be strings';
    if (text.length > LIMITS.argChars || text.includes('\u0000')) return 'an arg is too long or contains a NUL character';
    args.push(text);
  }
  return args;
}

function readEnv(value: unknown): Record<string, string> | string {
  const env: Record<string, string> = {};
  if (value === undefined || value === null) return env;
  if (!isUntrustedRecord(value)) return '"env" must be a map of names to strings';
  const entries = ownEntries(value);
  if (entries.length > LIMITS.envCount) return `"env" has more than ${LIMITS.envCount} entries`;
  for (const [name, item] of entries) {
    const text = scalarText(item);
    if (text === undefined) return '"env" values must be strings';
    if (name.trim() === '' || name.length > LIMITS.envNameChars || ENV_NAME_FORBIDDEN.test(name))
      return `${quoteUntrusted(name)} is not an environment variable name`;
    if (text.length > LIMITS.envValueChars || text.includes('\u0000'))
      return `the value of ${quoteUntrusted(name)} is too long or contains a NUL character`;
    Object.defineProperty(env, name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return env;
}
