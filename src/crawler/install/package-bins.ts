import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { isUntrustedRecord, ownEntries, ownValue, type UntrustedRecord } from '../../hostile-text/untrusted-value.js';
import { unscopedName } from '../../npm-registry/npm-package-name.js';

const MISSING_FILE_CODES = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EACCES']);

/**
 * The executables a package declares in package.json `bin` (a string: one
 * bin named like the package; an object: name → path), as absolute paths.
 * Only regular files inside `dir` are kept, in package.json order.
 */
export function packageBins(dir: string, packageJson: UntrustedRecord, packageName: string): Record<string, string> {
  const declared = ownValue(packageJson, 'bin');
  const entries: [string, unknown][] =
    typeof declared === 'string' ? [[unscopedName(packageName), declared]] : isUntrustedRecord(declared) ? ownEntries(declared) : [];
  const bins: Record<string, string> = {};
  for (const [name, path] of entries) {
    if (typeof path !== 'string' || name.length === 0 || name.length > 214) continue;
    const file = fileInside(dir, path);
    if (file !== null && !Object.prototype.hasOwnProperty.call(bins, name)) bins[name] = file;
  }
  return bins;
}

/** `path` resolved against `dir` when it is an existing regular file inside `dir`, else null. */
export function fileInside(dir: string, path: string): string | null {
  if (path.length === 0 || path.length > 4096 || path.includes('\0')) return null;
  const file = resolve(dir, path);
  const rel = relative(dir, file);
  if (rel.length === 0 || rel === '..' || rel.startsWith('../') || rel.startsWith('/')) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch (error) {
    if (MISSING_FILE_CODES.has((error as NodeJS.ErrnoException).code ?? '')) return null;
    throw error;
  }
}
