/**
 * Reading the npm registry: a package's document (the "packument", every
 * version's package.json plus dist-tags) and the version we install. All of
 * it is untrusted JSON: only own properties are read, and every value's type
 * is checked before use.
 */
import { isUntrustedRecord, ownRecord, ownValue, quoteUntrusted, type UntrustedRecord } from '../hostile-text/untrusted-value.js';
import { InstallError } from './install-errors.js';
import { getFromRegistry, type RegistryRequestOptions } from './registry-request.js';

/**
 * The largest packument we read. Full packuments of packages with thousands of
 * versions reach tens of MB; MCP servers are far below this.
 */
export const MAX_PACKUMENT_BYTES = 48 * 1024 * 1024;

/** One version of a package as the registry describes it. */
export interface ResolvedVersion {
  name: string;
  version: string;
  /** The version document (that version's package.json, with `dist`). */
  document: UntrustedRecord;
  /** Where the tarball is (http or https). */
  tarball: string;
  /** Subresource-integrity string (`sha512-...`), when the registry gives one. */
  integrity: string | null;
  /** Hex SHA-1 of the tarball: the legacy check, used when there is no integrity. */
  shasum: string | null;
}

const EXACT_VERSION = /^\d{1,15}\.\d{1,15}\.\d{1,15}(?:-[0-9A-Za-z.-]{1,100})?(?:\+[0-9A-Za-z.-]{1,100})?$/;

/** A full semver version such as `1.2.3` or `1.0.0-beta.1` (also safe as part of a file name). */
export function isExactVersion(version: string): boolean {
  return EXACT_VERSION.test(version);
}

/** The registry's base URL with a trailing slash; an Error (programming or usage mistake) when not http(s). */
export function registryBase(registry: string): URL {
  const url = new URL(registry);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`registry must be an http(s) URL, got ${registry}`);
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  url.search = '';
  url.hash = '';
  return url;
}

/** `<registry>/<name>`, with a scope's slash encoded as npm does (`@scope%2fname`). */
export function packumentUrl(registry: string, name: string): string {
  return new URL(name.replace('/', '%2f'), registryBase(registry)).toString();
}

/**
 * The full packument of `name` (not the abbreviated install document, which
 * lacks description, repository, license and homepage). A 404 is
 * InstallError('package-not-found'); other failures are 'install-failed'.
 */
export async function fetchPackument(registry: string, name: string, options: RegistryRequestOptions): Promise<UntrustedRecord> {
  const what = `the registry document of ${name}`;
  const response = await getFromRegistry(packumentUrl(registry, name), what, MAX_PACKUMENT_BYTES, {
    ...options,
    accept: 'application/json',
  });
  if (response.status === 404)
    throw new InstallError('package-not-found', `package ${name} is not in the registry ${registryBase(registry).origin}`);
  if (response.status < 200 || response.status > 299) {
    throw new InstallError('install-failed', `the registry answered HTTP ${response.status} for ${name}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString('utf8'));
  } catch (error) {
    throw new InstallError('install-failed', `${what} is not JSON`, { cause: error });
  }
  if (!isUntrustedRecord(parsed)) throw new InstallError('install-failed', `${what} is not a JSON object`);
  return parsed;
}

/**
 * The version to install: `requested` when it is a published version or a
 * dist-tag, otherwise `dist-tags.latest`. Semver ranges are not resolved
 * (a crawl pins exact versions or follows a tag). A version the packument
 * does not have is InstallError('package-not-found').
 */
export function resolveVersion(name: string, packument: UntrustedRecord, requested?: string): ResolvedVersion {
  const versions = ownRecord(packument, 'versions') ?? {};
  const tags = ownRecord(packument, 'dist-tags') ?? {};
  const wanted = requested ?? 'latest';
  const tagged = ownValue(tags, wanted);
  const version = isUntrustedRecord(ownValue(versions, wanted)) ? wanted : typeof tagged === 'string' ? tagged : null;
  if (version === null) {
    const what = requested === undefined ? 'has no "latest" version' : `has no version or tag ${quoteUntrusted(wanted)}`;
    throw new InstallError('package-not-found', `package ${name} ${what} in the registry`);
  }
  if (!isExactVersion(version))
    throw new InstallError('install-failed', `package ${name}: ${quoteUntrusted(version)} is not a valid version number`);
  const document = ownRecord(versions, version);
  if (document === undefined)
    throw new InstallError('package-not-found', `package ${name}: tag ${quoteUntrusted(wanted)} points to a missing version`);
  const dist = ownRecord(document, 'dist') ?? {};
  const tarball = ownValue(dist, 'tarball');
  if (typeof tarball !== 'string' || !/^https?:\/\//i.test(tarball)) {
    throw new InstallError('install-failed', `package ${name}@${version} has no http(s) tarball URL in the registry`);
  }
  const integrity = ownValue(dist, 'integrity');
  const shasum = ownValue(dist, 'shasum');
  return {
    name,
    version,
    document,
    tarball,
    integrity: typeof integrity === 'string' && integrity.length > 0 ? integrity : null,
    shasum: typeof shasum === 'string' && /^[0-9a-f]{40}$/i.test(shasum) ? shasum.toLowerCase() : null,
  };
}
