import { mkdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { Unpack, type ReadEntry } from 'tar';
import { quoteUntrusted } from '../../hostile-text/untrusted-value.js';
import { InstallError } from '../../npm-registry/install-errors.js';

/** Bounds on what one package tarball may unpack to. */
export const EXTRACT_LIMITS = {
  entries: 100_000,
  bytes: 512 * 1024 * 1024,
} as const;

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const DIRECTORY_TYPES = new Set(['Directory', 'GNUDumpDir']);
const LINK_TYPES = new Set(['SymbolicLink', 'Link']);

/**
 * Unpacks an npm package tarball into `dir` the way npm does: the first path
 * component (`package/`) is stripped, owners are not kept, modes are
 * normalised (0644, or 0755 for directories and executables; no setuid), and
 * links are not extracted (npm skips them too).
 *
 * Beyond what tar itself refuses (`..` in paths, absolute paths), the whole
 * tarball is refused with InstallError('install-failed') when an entry would
 * land outside `dir`, when a link points outside it, when it holds a device
 * or FIFO, or when it exceeds EXTRACT_LIMITS. `dir` may then hold part of
 * the package: the caller removes it.
 */
export async function extractTarball(bytes: Buffer, dir: string, label: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const refusals: string[] = [];
  const problems: string[] = [];
  let entries = 0;
  let total = 0;
  const filter = (path: string, entry: ReadEntry | unknown): boolean => {
    const read = entry as ReadEntry;
    entries += 1;
    total += read.size ?? 0;
    if (entries > EXTRACT_LIMITS.entries) return refuse(refusals, `more than ${EXTRACT_LIMITS.entries} entries`);
    if (total > EXTRACT_LIMITS.bytes) return refuse(refusals, `more than ${EXTRACT_LIMITS.bytes} bytes unpacked`);
    const inside = packagePath(path);
    if (inside === null) return refuse(refusals, `${quoteUntrusted(path)} would be written outside the package`);
    if (LINK_TYPES.has(read.type)) {
      const target = read.linkpath ?? '';
      if (linkEscapes(inside, target, read.type))
        return refuse(refusals, `${quoteUntrusted(path)} links outside the package (to ${quoteUntrusted(target)})`);
      return false;
    }
    if (DIRECTORY_TYPES.has(read.type)) {
      read.mode = 0o755;
      return true;
    }
    if (FILE_TYPES.has(read.type)) {
      read.mode = ((read.mode ?? 0o644) & 0o111) !== 0 ? 0o755 : 0o644;
      return true;
    }
    return refuse(refusals, `${quoteUntrusted(path)} is a ${read.type} entry, not a file or directory`);
  };

  const unpack = new Unpack({ cwd: dir, strip: 1, filter, preserveOwner: false, noMtime: true, maxDepth: 256 });
  unpack.on('warn', (code: string, message: string) => {
    if (code !== 'TAR_ENTRY_INFO') problems.push(`${code}: ${message}`);
  });
  await new Promise<void>((resolve, reject) => {
    unpack.on('close', () => resolve());
    unpack.on('error', (error: Error) => reject(error));
    unpack.end(bytes);
  }).catch((error: unknown) => {
    throw new InstallError(
      'install-failed',
      `cannot unpack the tarball of ${label}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  });
  if (refusals.length > 0) {
    throw new InstallError('install-failed', `refused the tarball of ${label}: ${refusals.slice(0, 3).join('; ')}`);
  }
  if (problems.length > 0) {
    throw new InstallError(
      'install-failed',
      `the tarball of ${label} did not unpack cleanly: ${quoteUntrusted(problems.slice(0, 3).join('; '), 300)}`,
    );
  }
  if (entries === 0) throw new InstallError('install-failed', `the tarball of ${label} is empty`);
}

function refuse(refusals: string[], reason: string): false {
  if (refusals.length < 10) refusals.push(reason);
  return false;
}

/**
 * The entry's path inside the package (after the first component is
 * stripped), or null when it is absolute or climbs out with `..`. The bare
 * first component itself (`package/`) is ''.
 */
function packagePath(raw: string): string | null {
  if (raw.startsWith('/') || /^[a-z]:/i.test(raw) || raw.includes('\\')) return null;
  const parts = raw
    .split('/')
    .slice(1)
    .filter((part) => part.length > 0 && part !== '.');
  if (parts.includes('..')) return null;
  return parts.join('/');
}

/**
 * A link whose target is outside the package. A symbolic link's target is
 * relative to its own directory; a hard link's names another archive entry.
 */
function linkEscapes(inside: string, target: string, type: string): boolean {
  if (type === 'Link') return packagePath(target) === null;
  if (target.length === 0 || target.startsWith('/') || /^[a-z]:/i.test(target) || target.includes('\\')) return true;
  const resolved = posix.normalize(posix.join(posix.dirname(inside), target));
  return resolved === '..' || resolved.startsWith('../');
}
