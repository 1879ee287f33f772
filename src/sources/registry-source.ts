/**
 * `registry:<base-url>` — the official MCP registry API (and registries that implement the
 * same generic API): `GET <base>/v0.1/servers?limit=100&version=latest[&cursor=…]`, following
 * `metadata.nextCursor` until it is empty, for at most MAX_REGISTRY_PAGES pages.
 *
 * Each list item is `{ server: {...server.json...}, _meta: {...} }` (current API) or the bare
 * server.json object with `_meta` inside (older registries); camelCase and the snake_case of
 * the 2025-07 drafts are both read. One entry per server, the first that mcp-risk can run:
 *   - an npm package with the stdio transport → `npm:<package>`, its version, arguments built
 *     from `packageArguments` (fixed value, else default; a required one with neither is left
 *     out and listed in `required`), environment variables with a fixed value in `env`,
 *     required ones in `required` (secret or not, with description and default);
 *   - otherwise a remote (`streamable-http`, then `sse`) → `url:<url>`, with `{variables}`
 *     in its URL and header values filled from their value or default, and fixed headers.
 * Servers with nothing runnable (pypi, oci, nuget, mcpb packages, ...) are skipped with a log
 * line; so are deleted servers and entries that are not the latest version. `runtimeArguments`
 * are for the runtime (npx, docker), which the crawler does not use, so they are not read.
 * Remote URLs naming localhost or a private network are refused (see public-url.ts).
 */
import { InputError, UsageError, errorMessage } from '../errors.js';
import { isUntrustedRecord, ownValue, quoteUntrusted } from '../hostile-text/untrusted-value.js';
import type { UntrustedRecord } from '../hostile-text/untrusted-value.js';
import type { CrawlEntry, CrawlLaunch, PackageMetadata, RequiredSetting } from '../crawl-entry.js';
import { fetchText } from './http/fetch-text.js';
import { isPublicHttpUrl } from './http/public-url.js';
import { isNpmPackageName, isNpmVersion } from '../npm-registry/npm-package-name.js';
import type { CatalogueSource, SourceContext } from './source.js';

export const REGISTRY_PAGE_SIZE = 100;
/** 200 pages of 100: far more servers than any registry lists today, and an end to a cursor that never ends. */
export const MAX_REGISTRY_PAGES = 200;
const MAX_SERVERS_PER_PAGE = 1000;
const MAX_INPUTS = 100;
const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';

const TEXT_LIMITS = { name: 200, description: 2000, value: 4096, cursor: 2048, url: 2048, version: 255 } as const;

export const registrySource: CatalogueSource = {
  kind: 'registry',
  summary: 'an MCP registry API (e.g. https://registry.modelcontextprotocol.io): its npm packages and remote servers',
  entries: registryEntries,
};

async function* registryEntries(location: string, context: SourceContext): AsyncGenerator<CrawlEntry> {
  const listUrl = serversUrl(location);
  const seenIds = new Set<string>();
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page += 1) {
    if (context.signal?.aborted) return;
    if (page > MAX_REGISTRY_PAGES) {
      context.log(`registry ${listUrl.origin}: stopped after ${MAX_REGISTRY_PAGES} pages`);
      return;
    }
    const url = new URL(listUrl);
    url.searchParams.set('limit', String(REGISTRY_PAGE_SIZE));
    url.searchParams.set('version', 'latest');
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);
    let body: UntrustedRecord;
    try {
      body = await fetchPage(url, context);
    } catch (error) {
      // Stopping early ends the listing; it is not a failure of the registry.
      if (context.signal?.aborted) return;
      // A registry that cannot be read at all is a bad location; one that fails later keeps what it gave.
      if (page === 1 || !(error instanceof InputError)) throw error;
      context.log(`registry ${listUrl.origin}: ${errorMessage(error)}; stopped after ${page - 1} pages`);
      return;
    }
    const servers = ownValue(body, 'servers');
    for (const item of Array.isArray(servers) ? servers.slice(0, MAX_SERVERS_PER_PAGE) : []) {
      const entry = registryEntry(item, listUrl.origin, context.log);
      if (entry === undefined || seenIds.has(entry.id)) continue;
      seenIds.add(entry.id);
      yield entry;
    }
    const next = nextCursor(body);
    if (next === undefined) return;
    if (seenCursors.has(next)) {
      context.log(`registry ${listUrl.origin}: the cursor ${quoteUntrusted(next)} came back a second time; stopped`);
      return;
    }
    seenCursors.add(next);
    cursor = next;
  }
}

/** `<base>/v0.1/servers`, unless the location already is a servers endpoint. */
function serversUrl(location: string): URL {
  let base: URL;
  try {
    base = new URL(location);
  } catch {
    throw new UsageError(`registry:${location} is not a URL; expected registry:https://<host>`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UsageError(`registry:${location} is not an http or https URL`);
  base.search = '';
  base.hash = '';
  if (/\/v0(\.\d+)?\/servers\/?$/.test(base.pathname)) return base;
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL('v0.1/servers', base);
}

async function fetchPage(url: URL, context: SourceContext): Promise<UntrustedRecord> {
  const fetched = await fetchText(url, {
    timeoutMs: context.timeoutMs,
    accept: 'application/json',
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  if (fetched.status !== 200) throw new InputError('input-unreadable', `cannot read ${url.href}: HTTP ${fetched.status}`);
  let body: unknown;
  try {
    body = JSON.parse(fetched.text);
  } catch (error) {
    throw new InputError('input-invalid', `${url.href} did not answer JSON (${errorMessage(error)})`, { cause: error });
  }
  if (!isUntrustedRecord(body) || !Array.isArray(ownValue(body, 'servers'))) {
    throw new InputError('input-invalid', `${url.href} did not answer a server list (no "servers" array)`);
  }
  return body;
}

function nextCursor(body: UntrustedRecord): string | undefined {
  const metadata = ownValue(body, 'metadata');
  if (!isUntrustedRecord(metadata)) return undefined;
  const value = field(metadata, 'nextCursor', 'next_cursor');
  return typeof value === 'string' && value !== '' && value.length <= TEXT_LIMITS.cursor ? value : undefined;
}

/** The first own value among the spellings a field has had. */
function field(record: UntrustedRecord, ...keys: string[]): unknown {
  for (const key of keys) {
    const value = ownValue(record, key);
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

function text(record: UntrustedRecord, max: number, ...keys: string[]): string | undefined {
  const value = field(record, ...keys);
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

function clipped(record: UntrustedRecord, max: number, ...keys: string[]): string | undefined {
  const value = field(record, ...keys);
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

function records(value: unknown): UntrustedRecord[] {
  return Array.isArray(value) ? value.slice(0, MAX_INPUTS).filter(isUntrustedRecord) : [];
}

function registryEntry(item: unknown, origin: string, log: (line: string) => void): CrawlEntry | undefined {
  if (!isUntrustedRecord(item)) return undefined;
  const wrapped = ownValue(item, 'server');
  const server = isUntrustedRecord(wrapped) ? wrapped : item;
  const meta = ownValue(item, '_meta') ?? ownValue(server, '_meta');
  const name = text(server, TEXT_LIMITS.name, 'name');
  if (name === undefined || name.trim() === '') {
    log(`registry ${origin}: an entry without a usable name was skipped`);
    return undefined;
  }
  const official = isUntrustedRecord(meta) ? ownValue(meta, OFFICIAL_META) : undefined;
  if (isUntrustedRecord(official)) {
    if (field(official, 'isLatest', 'is_latest') === false) return undefined;
    if (field(official, 'status') === 'deleted') {
      log(`registry ${origin}: ${quoteUntrusted(name)} is deleted; skipped`);
      return undefined;
    }
  }
  const location = origin;
  const metadata = serverMetadata(server);
  const skipped: string[] = [];
  for (const pkg of records(field(server, 'packages'))) {
    const registryType = text(pkg, 64, 'registryType', 'registry_type', 'registry_name');
    if (registryType !== 'npm') {
      skipped.push(registryType === undefined ? 'an untyped package' : `${quoteUntrusted(registryType, 20)} package`);
      continue;
    }
    const launch = npmLaunch(pkg);
    if (typeof launch === 'string') {
      skipped.push(launch);
      continue;
    }
    return {
      id: `npm:${launch.launch.package}`,
      name,
      source: { kind: 'registry', location },
      launch: launch.launch,
      ...(launch.required.length > 0 ? { required: launch.required } : {}),
      metadata: {
        ...metadata,
        name: launch.launch.package,
        ...(launch.launch.version === undefined ? {} : { version: launch.launch.version }),
      },
    };
  }
  const remotes = records(field(server, 'remotes'));
  const ordered = [...remotes.filter((r) => remoteType(r) === 'http'), ...remotes.filter((r) => remoteType(r) === 'sse')];
  for (const remote of ordered) {
    const launch = remoteLaunch(remote);
    if (typeof launch === 'string') {
      skipped.push(launch);
      continue;
    }
    return { id: `url:${launch.url}`, name, source: { kind: 'registry', location }, launch, metadata };
  }
  for (const remote of remotes) if (remoteType(remote) === undefined) skipped.push('a remote of an unknown transport');
  const why = skipped.length === 0 ? 'it lists no package and no remote' : `it offers only ${[...new Set(skipped)].join(', ')}`;
  log(`registry ${origin}: ${quoteUntrusted(name)} skipped: ${why}, nothing mcp-risk can run`);
  return undefined;
}

function serverMetadata(server: UntrustedRecord): PackageMetadata {
  const metadata: PackageMetadata = {};
  const description = clipped(server, TEXT_LIMITS.description, 'description');
  if (description !== undefined) metadata.description = description;
  const version = text(server, TEXT_LIMITS.version, 'version');
  if (version !== undefined) metadata.version = version;
  const repository = field(server, 'repository');
  const repositoryUrl = isUntrustedRecord(repository) ? text(repository, TEXT_LIMITS.url, 'url') : undefined;
  if (repositoryUrl !== undefined && isWebUrl(repositoryUrl)) metadata.repository = repositoryUrl;
  const website = text(server, TEXT_LIMITS.url, 'websiteUrl', 'website_url');
  if (website !== undefined && isWebUrl(website)) metadata.homepage = website;
  return metadata;
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

type NpmLaunch = { launch: Extract<CrawlLaunch, { kind: 'npm' }>; required: RequiredSetting[] };

/** An npm package's launch, or why it cannot be run. */
function npmLaunch(pkg: UntrustedRecord): NpmLaunch | string {
  const identifier = text(pkg, 214, 'identifier', 'name');
  if (identifier === undefined || !isNpmPackageName(identifier)) return 'an npm package with an invalid name';
  const transport = field(pkg, 'transport');
  const transportType = isUntrustedRecord(transport)
    ? field(transport, 'type')
    : (field(pkg, 'transportType', 'transport_type') ?? 'stdio');
  if (transportType !== undefined && transportType !== 'stdio') return 'an npm package serving HTTP';
  const launch: NpmLaunch['launch'] = { kind: 'npm', package: identifier };
  const version = text(pkg, TEXT_LIMITS.version, 'version');
  if (version !== undefined && version !== 'latest' && isNpmVersion(version)) launch.version = version;
  const required: RequiredSetting[] = [];

  const args: string[] = [];
  for (const [index, argument] of records(field(pkg, 'packageArguments', 'package_arguments')).entries()) {
    const type = field(argument, 'type');
    const flag = text(argument, 256, 'name');
    const value = inputValue(argument);
    if (type === 'named') {
      if (flag === undefined || flag === '') continue;
      if (value !== undefined) args.push(flag, value);
      else if (isRequired(argument)) required.push(setting(argument, flag, 'arg'));
    } else if (type === 'positional' || type === undefined) {
      if (value !== undefined) args.push(value);
      else if (isRequired(argument)) {
        const label = text(argument, 256, 'valueHint', 'value_hint') ?? flag ?? `argument ${index + 1}`;
        required.push(setting(argument, label, 'arg'));
      }
    }
  }
  if (args.length > 0) launch.args = args;

  const env: Record<string, string> = {};
  for (const variable of records(field(pkg, 'environmentVariables', 'environment_variables'))) {
    const name = text(variable, 256, 'name');
    if (name === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const fixed = fixedValue(variable);
    if (fixed !== undefined) Object.defineProperty(env, name, { value: fixed, enumerable: true, writable: true, configurable: true });
    else if (isRequired(variable)) required.push(setting(variable, name, 'env'));
  }
  if (Object.keys(env).length > 0) launch.env = env;
  return { launch, required };
}

function isRequired(input: UntrustedRecord): boolean {
  return field(input, 'isRequired', 'is_required') === true;
}

function setting(input: UntrustedRecord, name: string, kind: RequiredSetting['kind']): RequiredSetting {
  const result: RequiredSetting = { name, secret: field(input, 'isSecret', 'is_secret') === true, kind };
  const description = clipped(input, TEXT_LIMITS.description, 'description');
  if (description !== undefined) result.description = description;
  const fallback = text(input, TEXT_LIMITS.value, 'default');
  if (fallback !== undefined) result.default = fallback;
  return result;
}

/** An input's `value` with its `{variables}` filled in, when every one of them is known. */
function fixedValue(input: UntrustedRecord): string | undefined {
  const value = text(input, TEXT_LIMITS.value, 'value');
  if (value === undefined || value.includes('\u0000')) return undefined;
  return fillTemplate(value, field(input, 'variables'));
}

/** The fixed value, else the default: what the argument is when nobody is asked. */
function inputValue(input: UntrustedRecord): string | undefined {
  const fixed = fixedValue(input);
  if (fixed !== undefined) return fixed;
  const fallback = text(input, TEXT_LIMITS.value, 'default');
  return fallback === undefined || fallback.includes('\u0000') ? undefined : fallback;
}

/** Replaces `{name}` with the variable's value or default; undefined if a declared variable has neither. */
function fillTemplate(template: string, variables: unknown): string | undefined {
  let unresolved = false;
  const filled = template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const variable = isUntrustedRecord(variables) ? ownValue(variables, name) : undefined;
    // The spec leaves braces that name no declared variable as they are.
    if (!isUntrustedRecord(variable)) return whole;
    const value = text(variable, TEXT_LIMITS.value, 'value') ?? text(variable, TEXT_LIMITS.value, 'default');
    if (value === undefined) unresolved = true;
    return value ?? whole;
  });
  return unresolved ? undefined : filled;
}

function remoteType(remote: UntrustedRecord): 'http' | 'sse' | undefined {
  const type = field(remote, 'type', 'transportType', 'transport_type');
  if (type === 'streamable-http' || type === 'streamable' || type === 'http') return 'http';
  if (type === 'sse') return 'sse';
  return undefined;
}

/** A remote's launch, or why it cannot be reached. */
function remoteLaunch(remote: UntrustedRecord): Extract<CrawlLaunch, { kind: 'url' }> | string {
  const template = text(remote, TEXT_LIMITS.url, 'url');
  if (template === undefined) return 'a remote without a URL';
  const filled = fillTemplate(template, field(remote, 'variables'));
  if (filled === undefined || /[{}]/.test(filled)) return 'a remote whose URL needs configuration';
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return 'a remote with an invalid URL';
  }
  if (!isPublicHttpUrl(url)) return 'a remote on a private or local address';
  const launch: Extract<CrawlLaunch, { kind: 'url' }> = { kind: 'url', url: url.href, transport: remoteType(remote) ?? 'auto' };
  const headers: Record<string, string> = {};
  for (const header of records(field(remote, 'headers'))) {
    const name = text(header, 256, 'name');
    if (name === undefined || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) continue;
    const value = fixedValue(header);
    if (value !== undefined && !/[\r\n\u0000]/.test(value)) {
      Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  if (Object.keys(headers).length > 0) launch.headers = headers;
  return launch;
}
