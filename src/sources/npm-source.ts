/**
 * `npm:<name>[@<version>][,<name>...]` or `npm:@<file>` (one name per line,
 * `#` comments): each package is looked up in the npm registry and yielded
 * with its metadata and the version to install.
 *
 * A package the registry does not have (or cannot answer for) is still
 * yielded, with a log line, without metadata and with `launch.version` only
 * when one was pinned: the crawl then tries to install it, installPackage
 * throws InstallError('package-not-found' | 'install-failed'), and the lead
 * records the server as failed with that code. Every requested name thus
 * ends up in the store. `lookupNpmPackage` gives the same lookup with a
 * typed status, for callers that want to know at once.
 *
 * Ambiguity: `npm:@scope/pkg` is a scoped package and `npm:@list.txt` a file.
 * A location starting with `@` (and no comma) is read as a file when that
 * file exists or when it starts with `./`, `../`, `/` or `~/`.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { isUntrustedRecord, ownRecord, ownValue, quoteUntrusted, type UntrustedRecord } from '../hostile-text/untrusted-value.js';
import { characterClass, CONTROL_CHARACTERS } from '../hostile-text/hidden-characters.js';
import { readBoundedText } from '../hostile-text/read-bounded-text.js';
import { excerptLine } from '../hostile-text/terminal-text.js';
import { InputError } from '../errors.js';
import { InstallError, type InstallErrorCode } from '../npm-registry/install-errors.js';
import { fetchPackument, isExactVersion, resolveVersion } from '../npm-registry/npm-registry.js';
import { checkPackageName } from '../npm-registry/npm-package-name.js';
import type { CrawlEntry, PackageMetadata } from '../crawl-entry.js';

/** White space or a control character (hidden-characters.ts): never in a URL we follow. */
const URL_FORBIDDEN = new RegExp(`\\s|${characterClass(CONTROL_CHARACTERS)}`, 'u');
import type { CatalogueSource, SourceContext } from './source.js';

/** The largest names file we read. */
export const MAX_NAMES_FILE_BYTES = 4 * 1024 * 1024;
/** Bounds on metadata strings copied from the registry. */
const MAX_DESCRIPTION = 1000;
const MAX_URL = 500;
const MAX_LICENSE = 100;
/** A dist-tag (`latest`, `next`, `beta`): letters, digits, `.`, `_`, `-`. */
const DIST_TAG = /^[A-Za-z][\w.-]{0,63}$/;

/** One package to look up: a name and, optionally, an exact version or dist-tag. */
export interface NpmRequest {
  name: string;
  version?: string;
}

/** The outcome of looking up one package: always an entry, plus why it has no metadata when it has none. */
export type NpmLookup =
  | { status: 'found'; entry: CrawlEntry }
  | { status: 'not-found' | 'unavailable'; entry: CrawlEntry; code: InstallErrorCode; message: string };

export const npmSource: CatalogueSource = {
  kind: 'npm',
  summary: 'npm:<package>[@version][,<package>...] or npm:@<file> (one package per line): packages from the npm registry',
  async *entries(location: string, context: SourceContext): AsyncIterable<CrawlEntry> {
    const requests = await readNpmRequests(location, context.cwd);
    for (const request of requests) {
      if (context.signal?.aborted) throw context.signal.reason;
      const lookup = await lookupNpmPackage(request, location, context);
      if (lookup.status !== 'found') context.log(`npm: ${lookup.message}; it will be recorded as failed`);
      yield lookup.entry;
    }
  },
};

/** The packages a location names, deduplicated, in order. InputError for a bad name or an unreadable file. */
export async function readNpmRequests(location: string, cwd: string): Promise<NpmRequest[]> {
  const file = namesFile(location, cwd);
  const items: { text: string; where: string }[] = [];
  if (file === null) {
    for (const text of location.split(',')) items.push({ text: text.trim(), where: `npm:${location}` });
  } else {
    const lines = (await readBoundedText(file, MAX_NAMES_FILE_BYTES)).split(/\r?\n/);
    lines.forEach((line, index) => items.push({ text: line.replace(/(^|\s)#.*$/, '').trim(), where: `${file}:${index + 1}` }));
  }
  const seen = new Set<string>();
  const requests: NpmRequest[] = [];
  for (const item of items) {
    if (item.text.length === 0) continue;
    const request = parseRequest(item.text, item.where);
    const key = `${request.name}@${request.version ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    requests.push(request);
  }
  if (requests.length === 0) throw new InputError('input-invalid', `npm:${location} names no package`);
  return requests;
}

/** The names file a location refers to, or null when it lists names. */
function namesFile(location: string, cwd: string): string | null {
  if (!location.startsWith('@') || location.includes(',')) return null;
  const path = location.slice(1);
  const explicit = /^(?:\.{1,2}\/|\/|~\/)/.test(path);
  const file = path.startsWith('~/') ? resolve(homedir(), path.slice(2)) : resolve(cwd, path);
  if (explicit) return file;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/** `name`, `name@version`, `@scope/name@tag`. */
function parseRequest(text: string, where: string): NpmRequest {
  const at = text.indexOf('@', text.startsWith('@') ? 1 : 0);
  const name = checkPackageName(at === -1 ? text : text.slice(0, at), where);
  if (at === -1) return { name };
  const version = text.slice(at + 1);
  if (!isExactVersion(version) && !DIST_TAG.test(version)) {
    throw new InputError(
      'input-invalid',
      `${where}: ${quoteUntrusted(version)} is not an exact version or a dist-tag (ranges are not resolved)`,
    );
  }
  return { name, version };
}

/**
 * Looks one package up in `context.npmRegistry`. Registry problems are
 * reported in the result (never thrown); the caller's abort is rethrown.
 */
export async function lookupNpmPackage(request: NpmRequest, location: string, context: SourceContext): Promise<NpmLookup> {
  const base: CrawlEntry = {
    id: `npm:${request.name}`,
    name: request.name,
    source: { kind: 'npm', location },
    launch: { kind: 'npm', package: request.name, ...(request.version === undefined ? {} : { version: request.version }) },
  };
  try {
    const packument = await fetchPackument(context.npmRegistry, request.name, {
      timeoutMs: context.timeoutMs,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
    const resolved = resolveVersion(request.name, packument, request.version);
    return {
      status: 'found',
      entry: {
        ...base,
        launch: { kind: 'npm', package: request.name, version: resolved.version },
        metadata: packageMetadata(request.name, resolved.version, packument, resolved.document),
      },
    };
  } catch (error) {
    if (context.signal?.aborted) throw context.signal.reason;
    if (!(error instanceof InstallError)) throw error;
    return {
      status: error.code === 'package-not-found' ? 'not-found' : 'unavailable',
      entry: base,
      code: error.code,
      message: error.message,
    };
  }
}

/**
 * What the registry says about a version, bounded and made printable. The
 * version's own fields win over the packument's. Weekly downloads are read
 * only when the document carries them (`downloads.weekly`, as the registry's
 * search API shapes them): the real packument does not, and the downloads API
 * is another host (api.npmjs.org) that a crawl does not call, so it is
 * normally undefined.
 */
export function packageMetadata(name: string, version: string, packument: UntrustedRecord, document: UntrustedRecord): PackageMetadata {
  const pick = (field: string): unknown => ownValue(document, field) ?? ownValue(packument, field);
  const metadata: PackageMetadata = { name, version };
  const description = pick('description');
  if (typeof description === 'string' && description.trim().length > 0) metadata.description = excerptLine(description, MAX_DESCRIPTION);
  const repository = repositoryUrl(pick('repository'));
  if (repository !== undefined) metadata.repository = repository;
  const license = licenseName(pick('license') ?? pick('licenses'));
  if (license !== undefined) metadata.license = license;
  const homepage = pick('homepage');
  if (typeof homepage === 'string' && isHttpUrl(homepage.trim())) metadata.homepage = homepage.trim();
  const weekly = ownValue(ownRecord(packument, 'downloads') ?? {}, 'weekly');
  if (typeof weekly === 'number' && Number.isSafeInteger(weekly) && weekly >= 0) metadata.weeklyDownloads = weekly;
  return metadata;
}

/** A repository field (`"user/repo"`, `"github:user/repo"`, `{ url: "git+https://...git" }`, ...) as a browsable https URL. */
export function repositoryUrl(value: unknown): string | undefined {
  const raw = typeof value === 'string' ? value : isUntrustedRecord(value) ? ownValue(value, 'url') : undefined;
  if (typeof raw !== 'string' || raw.length > MAX_URL) return undefined;
  let url = raw.trim();
  const shorthand =
    /^(github|gitlab|bitbucket):([\w.-]+\/[\w.-]+)$/.exec(url) ?? (/^([\w.-]+\/[\w.-]+)$/.test(url) ? ['', 'github', url] : null);
  if (shorthand !== null) url = `https://${shorthand[1] === 'bitbucket' ? 'bitbucket.org' : `${shorthand[1]}.com`}/${shorthand[2]}`;
  url = url
    .replace(/^git\+/, '')
    .replace(/^git:\/\//, 'https://')
    .replace(/^ssh:\/\/git@([^/:]+)(?::\d+)?\//, 'https://$1/')
    .replace(/^git@([^:/]+):/, 'https://$1/')
    .replace(/\.git$/, '');
  return isHttpUrl(url) ? url : undefined;
}

function licenseName(value: unknown): string | undefined {
  const one = (item: unknown): string | undefined => {
    const text = typeof item === 'string' ? item : isUntrustedRecord(item) ? ownValue(item, 'type') : undefined;
    return typeof text === 'string' && text.trim().length > 0 ? excerptLine(text, MAX_LICENSE) : undefined;
  };
  if (Array.isArray(value)) {
    const names = value
      .slice(0, 5)
      .map(one)
      .filter((name): name is string => name !== undefined);
    return names.length > 0 ? names.join(' OR ') : undefined;
  }
  return one(value);
}

function isHttpUrl(text: string): boolean {
  if (text.length > MAX_URL || URL_FORBIDDEN.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
