/**
 * npm package names as catalogues write them: `name`, `@scope/name`, optionally followed by
 * `@version` on a command line. By default only names npm accepts for new packages pass (lower
 * case, URL-safe, at most 214 characters), so nothing odd reaches the installer. The installer
 * itself also takes legacy names (upper case, published before the rule), which npm still serves;
 * either way a valid name is safe as a path segment and in a URL.
 */
import { InputError } from '../errors.js';
import { quoteUntrusted } from '../hostile-text/untrusted-value.js';

/** npm's own limit on the length of a package name. */
export const MAX_NPM_NAME_LENGTH = 214;

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
// npm's rules: lowercase URL-safe characters, an optional `@scope/`, no leading dot or underscore.
// Upper case is accepted because old packages (published before the rule) still have it.
const LEGACY_NPM_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i;
/** Exact versions, simple ranges and dist-tags: one word, no spaces or quotes (never given to a shell anyway). */
const NPM_VERSION = /^[0-9A-Za-z^~<>=*][0-9A-Za-z.+_~^<>=*-]{0,99}$/;

export interface NpmPackageNameOptions {
  /** Also accept names of packages published before npm's current rules (upper case, a leading `~` or `-`, a trailing dot). */
  readonly legacy?: boolean;
}

export function isNpmPackageName(name: string, options: NpmPackageNameOptions = {}): boolean {
  if (name.length > MAX_NPM_NAME_LENGTH) return false;
  if (options.legacy === true) return LEGACY_NPM_NAME.test(name);
  return NPM_NAME.test(name) && !name.endsWith('.') && name !== 'node_modules';
}

/** `name` when it is a valid npm package name, legacy names included; otherwise an InputError naming where it came from. */
export function checkPackageName(name: string, where: string): string {
  if (!isNpmPackageName(name, { legacy: true }))
    throw new InputError('input-invalid', `${where}: ${quoteUntrusted(name)} is not a valid npm package name`);
  return name;
}

/** The last path segment of a package name: `@scope/tool` → `tool`. */
export function unscopedName(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash === -1 ? name : name.slice(slash + 1);
}

export function isNpmVersion(version: string): boolean {
  return NPM_VERSION.test(version);
}

export interface PackageSpec {
  name: string;
  /** Absent for a bare name and for `@latest`. */
  version?: string;
}

/** Splits `name`, `name@1.2.3`, `@scope/name@next` into name and version; undefined when it is not a package spec. */
export function parsePackageSpec(spec: string): PackageSpec | undefined {
  const at = spec.lastIndexOf('@');
  const name = at > 0 ? spec.slice(0, at) : spec;
  const version = at > 0 ? spec.slice(at + 1) : undefined;
  if (!isNpmPackageName(name)) return undefined;
  if (version === undefined || version === 'latest') return { name };
  if (!isNpmVersion(version)) return undefined;
  return { name, version };
}
