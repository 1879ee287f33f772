/**
 * npm package names as catalogues write them: `name`, `@scope/name`, optionally followed by
 * `@version` on a command line. Only names npm accepts for new packages pass (lower case,
 * URL-safe, at most 214 characters), so nothing odd reaches the installer.
 */

export const MAX_NPM_NAME_LENGTH = 214;

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** Exact versions, simple ranges and dist-tags: one word, no spaces or quotes (never given to a shell anyway). */
const NPM_VERSION = /^[0-9A-Za-z^~<>=*][0-9A-Za-z.+_~^<>=*-]{0,99}$/;

export function isNpmPackageName(name: string): boolean {
  return name.length <= MAX_NPM_NAME_LENGTH && NPM_NAME.test(name) && !name.endsWith('.') && name !== 'node_modules';
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
