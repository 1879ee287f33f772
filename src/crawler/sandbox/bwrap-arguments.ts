import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, sep } from 'node:path';
import { nodeBinDir } from './sandbox-environment.js';

/** Top-level system directories a dynamically linked node needs, bound read-only (or re-created as symlinks on merged-/usr systems). */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
/**
 * The few files of /etc a node process uses: the dynamic linker's cache,
 * user and group names (os.userInfo), name resolution of localhost, time
 * zone, CA certificates. Nothing else of /etc is visible.
 */
const ETC_FILES = [
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/passwd',
  '/etc/group',
  '/etc/nsswitch.conf',
  '/etc/hosts',
  '/etc/localtime',
  '/etc/ssl',
  '/etc/ca-certificates',
];
/** The user the server runs as inside its user namespace (nobody). */
const SANDBOX_UID = '65534';

export interface BwrapInput {
  command: string;
  args: string[];
  /** The complete environment inside (already with PATH and HOME). */
  env: Record<string, string>;
  cwd: string;
  home: string;
  readOnlyPaths: string[];
  writablePaths: string[];
  /** Folders that must exist (empty) inside: a working directory or a folder argument that is not bound. */
  emptyDirs?: string[];
  /** `prlimit ... --` to run the command under, or [] for none. */
  limiter: string[];
  /** Size of each tmpfs folder (/tmp, /dev/shm, HOME), bytes. */
  tmpfsBytes: number;
}

/**
 * The bubblewrap command line for one server: every namespace unshared (no
 * network but its own loopback, its own PIDs, IPC, UTS, cgroup), a user
 * namespace where it is `nobody` with no capabilities and cannot create
 * further namespaces, a new session (no terminal injection), killed with its
 * whole PID namespace when the launcher dies, a cleared environment, and a
 * filesystem of: read-only system directories, a handful of /etc files,
 * node's prefix, a fresh /proc mounted read-only (no /proc/sys, sysrq or
 * other kernel setting can be written through it), /dev, size-capped tmpfs
 * folders for /tmp, /dev/shm and HOME (nothing of them on the host), the
 * given empty folders, read-only and writable paths.
 */
export function bwrapArguments(input: BwrapInput): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--uid',
    SANDBOX_UID,
    '--gid',
    SANDBOX_UID,
    '--cap-drop',
    'ALL',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
  ];
  for (const [name, value] of Object.entries(input.env)) args.push('--setenv', name, value);
  const bound: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    const info = lstatOrNull(dir);
    if (info?.isSymbolicLink()) {
      args.push('--symlink', readlinkSync(dir), dir);
    } else if (info?.isDirectory()) {
      args.push('--ro-bind', dir, dir);
      bound.push(dir);
    }
  }
  for (const file of ETC_FILES) args.push('--ro-bind-try', file, file);
  for (const dir of toolDirs(input.command, bound)) {
    args.push('--ro-bind', dir, dir);
    bound.push(dir);
  }
  const size = String(input.tmpfsBytes);
  args.push('--proc', '/proc', '--remount-ro', '/proc', '--dev', '/dev');
  args.push('--perms', '1777', '--size', size, '--tmpfs', '/dev/shm', '--perms', '1777', '--size', size, '--tmpfs', '/tmp');
  // Folders that must exist come first: created in the sandbox's own root (or its /tmp), never under a read-only bind.
  const dirs = new Set([...(input.emptyDirs ?? []), input.cwd]);
  for (const dir of dirs) if (!isUnder(dir, bound)) args.push('--dir', dir);
  for (const path of input.readOnlyPaths) args.push('--ro-bind', path, path);
  for (const path of input.writablePaths) args.push('--bind', path, path);
  args.push('--perms', '0700', '--size', size, '--tmpfs', input.home);
  args.push('--chdir', input.cwd, '--', ...input.limiter, input.command, ...input.args);
  return args;
}

/** Node's installation prefix and the command's, when outside the bound system directories. */
function toolDirs(command: string, bound: readonly string[]): string[] {
  const dirs: string[] = [];
  const add = (binDir: string): void => {
    const prefix = dirname(binDir);
    const dir = prefix === '/' ? binDir : prefix;
    if (!isUnder(dir, [...bound, ...dirs])) dirs.push(dir);
  };
  add(nodeBinDir());
  if (isAbsolute(command) && existsSync(command)) {
    add(dirname(command));
    add(dirname(realpathSync(command)));
  }
  return dirs;
}

function isUnder(path: string, dirs: readonly string[]): boolean {
  return dirs.some((dir) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`));
}

function lstatOrNull(path: string): ReturnType<typeof lstatSync> | null {
  return lstatSync(path, { throwIfNoEntry: false }) ?? null;
}
