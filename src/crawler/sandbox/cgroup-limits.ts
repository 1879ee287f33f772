/**
 * A cgroup per sandboxed server: a real bound on the memory of its whole
 * process tree (including what it writes to its tmpfs folders, which the
 * kernel charges to the writer's group) and on its number of tasks, and a way
 * to kill every process of the tree afterwards.
 *
 * Tried in order:
 *  - cgroup v2, where the crawler's own group has the memory controller for
 *    its children (a delegated subtree, or root in a cgroup namespace); the
 *    crawler enables memory and pids there if it may;
 *  - cgroup v1 memory (and pids) hierarchies, where the crawler may create a
 *    child of its own group (root);
 *  - none: memory is then bounded only per process, by the address-space
 *    limit (resource-limits.ts), and the caller says so in a warning.
 *
 * The group is named mcp-risk-<crawler pid>-<n>; the launcher writes its own
 * pid into `procsFiles` before it drops privileges, so nothing of the server
 * runs outside the group. dispose() kills what is left and removes the group;
 * groups of crawlers that died (kill -9) are removed by removeStaleCgroups().
 */
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessRunning } from '../../os/is-process-running.js';

export type MemoryBound = 'cgroup2' | 'cgroup1' | 'rlimit';

export interface ServerCgroup {
  kind: Exclude<MemoryBound, 'rlimit'>;
  /** `cgroup.procs` files the launcher joins, in order. */
  procsFiles: string[];
  /** Kills every process left in the group and removes it. Idempotent. */
  dispose(): Promise<void>;
}

interface CgroupLayout {
  /** The crawler's own group in the cgroup2 hierarchy. */
  v2: string | null;
  /** The crawler's own group in the v1 memory and pids hierarchies. */
  v1Memory: string | null;
  v1Pids: string | null;
}

const GROUP_NAME = /^mcp-risk-(\d+)-\d+$/;
let sequence = 0;
let layout: CgroupLayout | null = null;

/** Where the crawler's own groups are, from /proc/self/mountinfo and /proc/self/cgroup. */
export function cgroupLayout(): CgroupLayout {
  layout ??= readLayout();
  return layout;
}

function readLayout(): CgroupLayout {
  let mountinfo: string;
  let membership: string;
  try {
    mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
    membership = readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return { v2: null, v1Memory: null, v1Pids: null };
  }
  const paths = new Map<string, string>();
  for (const line of membership.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (match === null) continue;
    const controllers = match[1] as string;
    if (controllers === '') paths.set('', match[2] as string);
    for (const controller of controllers.split(',')) if (controller !== '') paths.set(controller, match[2] as string);
  }
  const result: CgroupLayout = { v2: null, v1Memory: null, v1Pids: null };
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    if (before === undefined || after === undefined) continue;
    const mountPoint = unescapeMountPath(before.split(' ')[4] ?? '');
    const [fsType, , options = ''] = after.split(' ');
    if (fsType === 'cgroup2' && result.v2 === null && paths.has('')) result.v2 = join(mountPoint, paths.get('') as string);
    if (fsType === 'cgroup') {
      const names = options.split(',');
      if (names.includes('memory') && paths.has('memory')) result.v1Memory = join(mountPoint, paths.get('memory') as string);
      if (names.includes('pids') && paths.has('pids')) result.v1Pids = join(mountPoint, paths.get('pids') as string);
    }
  }
  return result;
}

function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * A new group bounding memory at `memoryBytes` and tasks at `maxTasks`, or
 * null when the crawler may not make one here.
 */
export async function createServerCgroup(memoryBytes: number, maxTasks: number): Promise<ServerCgroup | null> {
  const name = `mcp-risk-${process.pid}-${sequence++}`;
  const where = cgroupLayout();
  if (where.v2 !== null) {
    const group = await createV2(where.v2, name, memoryBytes, maxTasks);
    if (group !== null) return group;
  }
  if (where.v1Memory !== null) return createV1(where, name, memoryBytes, maxTasks);
  return null;
}

async function createV2(parent: string, name: string, memoryBytes: number, maxTasks: number): Promise<ServerCgroup | null> {
  const available = (await readOrEmpty(join(parent, 'cgroup.controllers'))).split(/\s+/);
  if (!available.includes('memory')) return null;
  const enabled = (await readOrEmpty(join(parent, 'cgroup.subtree_control'))).split(/\s+/);
  const wanted = ['memory', ...(available.includes('pids') ? ['pids'] : [])].filter((controller) => !enabled.includes(controller));
  if (wanted.length > 0 && !(await tryWrite(join(parent, 'cgroup.subtree_control'), wanted.map((c) => `+${c}`).join(' ')))) return null;
  const dir = join(parent, name);
  if (!(await tryMkdir(dir))) return null;
  const group = disposable('cgroup2', [dir]);
  if (!(await tryWrite(join(dir, 'memory.max'), String(memoryBytes)))) {
    await group.dispose();
    return null;
  }
  await tryWrite(join(dir, 'memory.swap.max'), '0');
  await tryWrite(join(dir, 'pids.max'), String(maxTasks));
  return group;
}

async function createV1(where: CgroupLayout, name: string, memoryBytes: number, maxTasks: number): Promise<ServerCgroup | null> {
  const memory = join(where.v1Memory as string, name);
  if (!(await tryMkdir(memory))) return null;
  const dirs = [memory];
  if (!(await tryWrite(join(memory, 'memory.limit_in_bytes'), String(memoryBytes)))) {
    await disposable('cgroup1', dirs).dispose();
    return null;
  }
  // Without swap accounting the file is missing: memory may then spill to swap.
  await tryWrite(join(memory, 'memory.memsw.limit_in_bytes'), String(memoryBytes));
  if (where.v1Pids !== null) {
    const pids = join(where.v1Pids, name);
    if ((await tryMkdir(pids)) && (await tryWrite(join(pids, 'pids.max'), String(maxTasks)))) dirs.push(pids);
    else await removeGroup(pids);
  }
  return disposable('cgroup1', dirs);
}

function disposable(kind: ServerCgroup['kind'], dirs: string[]): ServerCgroup {
  let disposing: Promise<void> | null = null;
  return {
    kind,
    procsFiles: dirs.map((dir) => join(dir, 'cgroup.procs')),
    dispose: () => {
      disposing ??= Promise.all(dirs.map((dir) => removeGroup(dir))).then(() => undefined);
      return disposing;
    },
  };
}

/** Kills every process in the group, then removes it (retrying while the killed processes are still exiting). */
async function removeGroup(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (!(await tryWrite(join(dir, 'cgroup.kill'), '1'))) {
      for (const pid of (await readOrEmpty(join(dir, 'cgroup.procs'))).split('\n').filter((line) => /^\d+$/.test(line))) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY') return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Removes the groups of crawlers that are no longer running (a crawler killed with -9 cannot remove its own). */
export async function removeStaleCgroups(): Promise<number> {
  const where = cgroupLayout();
  let removed = 0;
  for (const parent of [where.v2, where.v1Memory, where.v1Pids]) {
    if (parent === null) continue;
    let names: string[];
    try {
      names = await readdir(parent);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = GROUP_NAME.exec(name);
      if (match === null || isProcessRunning(Number(match[1]))) continue;
      await removeGroup(join(parent, name));
      removed += 1;
    }
  }
  return removed;
}

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}

async function tryWrite(file: string, value: string): Promise<boolean> {
  try {
    await writeFile(file, value);
    return true;
  } catch {
    return false;
  }
}

async function tryMkdir(dir: string): Promise<boolean> {
  try {
    await mkdir(dir);
    return true;
  } catch {
    return false;
  }
}
