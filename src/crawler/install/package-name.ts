import { InputError } from '../../errors.js';
import { quoteUntrusted } from '../../config/untrusted-value.js';

/** npm's own limit on the length of a package name. */
export const MAX_PACKAGE_NAME_LENGTH = 214;

// npm's rules: lowercase URL-safe characters, an optional `@scope/`, no leading dot or underscore.
// Upper case is accepted because old packages (published before the rule) still have it.
const PACKAGE_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i;

/** True when `name` is a valid npm package name (so it is also safe as a path segment and in a URL). */
export function isPackageName(name: string): boolean {
  return name.length <= MAX_PACKAGE_NAME_LENGTH && PACKAGE_NAME.test(name);
}

/** `name`, or an InputError naming where it came from. */
export function checkPackageName(name: string, where: string): string {
  if (!isPackageName(name)) throw new InputError('input-invalid', `${where}: ${quoteUntrusted(name)} is not a valid npm package name`);
  return name;
}

/** The last path segment of a package name: `@scope/tool` → `tool`. */
export function unscopedName(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash === -1 ? name : name.slice(slash + 1);
}
