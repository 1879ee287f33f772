/**
 * What of the host a list file's server sees: the files and folders its
 * command line names, and nothing else (not the crawler's working folder, not
 * the list file's folder, not another server's files).
 *
 * Each word of the command line (and the value of a `--option=value` word)
 * that names an existing path, relative to the working folder, is looked at:
 *  - a file inside a `node_modules` tree: that whole `node_modules` folder
 *    (the package and the dependencies it resolves), read-only;
 *  - another file (a script): its package folder (the nearest folder with a
 *    package.json), else its own folder, read-only — but never a folder that
 *    holds the crawler's working folder or the list file (a project's .env,
 *    the store), nor `/`, the temporary folder or the user's HOME: then only
 *    the file itself;
 *  - for any file, the `node_modules` folders node looks in for its imports
 *    (one in each folder above it, but not in `/`, the temporary folder or
 *    HOME), read-only: installed packages only;
 *  - a bound path that is a symbolic link (a linked `node_modules`) is
 *    bound with its target.
 *  - a folder: bound read-only, unless it is or holds one of those, in which
 *    case an empty folder of that name exists inside (so a server that checks
 *    its folder argument exists still starts).
 * Anything more must be exposed explicitly (`--expose <dir>`).
 */
import { existsSync, realpathSync, statSync, type Stats } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

export interface CommandMounts {
  /** Paths bound read-only at the same place. */
  readOnlyPaths: string[];
  /** Folders created empty inside. */
  emptyDirs: string[];
}

export interface CommandMountOptions {
  /** Where relative words resolve (the server's working folder). */
  cwd: string;
  /** Folders whose content must stay hidden: the crawler's working folder, the list file's folder, the store's folder. */
  protectedDirs: readonly string[];
  /**
   * Files never visible, even when the command line names them: the store, and every file beside it
   * whose name starts with the store's name and a dot (its journal, lock and temporary files).
   */
  sealedFiles?: readonly string[];
}

/** Longest command-line word looked at as a path. */
const MAX_WORD = 4096;

export function commandMounts(args: readonly string[], options: CommandMountOptions): CommandMounts {
  const shared = [resolve(tmpdir()), resolve(homedir())];
  const hidden = [...options.protectedDirs.map((dir) => resolve(dir)), ...shared];
  const readOnly = new Set<string>();
  const empty = new Set<string>();
  // The command itself (node, or an executable) is bound with its installation prefix by the sandbox.
  const words = args.flatMap((word) => {
    const option = /^--?[\w.-]+=(.+)$/s.exec(word);
    return option === null ? [word] : [word, option[1] as string];
  });
  for (const word of words) {
    if (word.length === 0 || word.length > MAX_WORD || word.includes('\0')) continue;
    if (!isAbsolute(word) && word.startsWith('-')) continue;
    const path = resolve(options.cwd, word);
    const info = statOrNull(path);
    if (info === null) continue;
    if (info.isDirectory()) {
      if (holdsHidden(path, hidden)) empty.add(path);
      else readOnly.add(path);
    } else if (info.isFile()) {
      if (isSealed(path, options.sealedFiles ?? [])) continue;
      readOnly.add(scriptFolder(path, hidden));
      for (const modules of moduleFolders(path, shared)) readOnly.add(modules);
    }
  }
  // A bound path that is (or goes through) a symbolic link is useless without its target: bind both.
  for (const path of [...readOnly]) {
    const real = realOrNull(path);
    if (real !== null && real !== path) readOnly.add(real);
  }
  const paths = [...readOnly];
  // A path already inside another bound one adds nothing.
  return {
    readOnlyPaths: paths.filter((path) => !paths.some((other) => other !== path && isInside(path, other))),
    emptyDirs: [...empty].filter((dir) => !paths.some((other) => isInside(dir, other) || dir === other)),
  };
}

/** The folder to bind for a script file (see the module comment). */
function scriptFolder(file: string, hidden: readonly string[]): string {
  const parts = file.split(sep);
  const first = parts.indexOf('node_modules');
  if (first > 0 && first < parts.length - 1) return parts.slice(0, first + 1).join(sep);
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      if (!holdsHidden(dir, hidden)) return dir;
      break;
    }
    if (dir === dirname(dir)) break;
  }
  const own = dirname(file);
  return holdsHidden(own, hidden) ? file : own;
}

/**
 * The existing `node_modules` folders node resolves a file's imports from,
 * except those directly in `/`, the temporary folder or HOME (shared places
 * anyone may have filled).
 */
function moduleFolders(file: string, shared: readonly string[]): string[] {
  const found: string[] = [];
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules');
    const usable = dir !== dirname(dir) && !shared.includes(dir) && !dir.endsWith(`${sep}node_modules`);
    if (usable && statOrNull(candidate)?.isDirectory()) found.push(candidate);
    if (dir === dirname(dir)) return found;
  }
}

/** `file` is one of `sealed`, or beside it and named after it (`<name>.journal.jsonl`, `<name>.lock`). */
function isSealed(file: string, sealed: readonly string[]): boolean {
  const real = realOrNull(file) ?? file;
  return sealed.some((one) => {
    const path = resolve(one);
    return [file, real].some(
      (candidate) => candidate === path || (dirname(candidate) === dirname(path) && candidate.startsWith(`${path}.`)),
    );
  });
}

/** `dir` is `/`, or is or holds one of `hidden`. */
function holdsHidden(dir: string, hidden: readonly string[]): boolean {
  return dir === dirname(dir) || hidden.some((other) => other === dir || isInside(other, dir));
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
