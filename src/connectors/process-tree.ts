import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Finding and killing every process a server started.
 *
 * Servers launched through `npx`, `uvx` or a shell are a tree: killing only
 * the direct child leaves the real server running. We record the tree while
 * the root is still alive (once it dies its children are re-parented and can
 * no longer be found), then freeze and kill every member.
 */

/** A process we may signal later; `startTime` guards against PID reuse (Linux only). */
export interface TrackedProcess {
  pid: number;
  startTime: string | null;
}

interface ProcessEntry {
  ppid: number;
  startTime: string | null;
}

const MAX_FREEZE_ROUNDS = 8;

/** All descendants of `rootPid` (children, grandchildren, ...), not the root itself. */
export function listDescendants(rootPid: number): TrackedProcess[] {
  // Windows has no ps; `taskkill /T` walks the tree itself at kill time.
  if (process.platform === 'win32') return [];
  return descendantsOf([rootPid], readProcessTable());
}

/** The root process as a TrackedProcess (with its start time where known). */
export function trackProcess(pid: number): TrackedProcess {
  return { pid, startTime: readLinuxStat(pid)?.startTime ?? null };
}

/**
 * Kills `root` and every process in `known`, plus any descendant of them that
 * appeared since `known` was collected: members are stopped (SIGSTOP) so they
 * cannot fork any more, the tree is walked again until nothing new shows up,
 * then everything is SIGKILLed. Processes that already exited are skipped.
 */
export function killProcessTree(root: TrackedProcess, known: readonly TrackedProcess[]): void {
  if (process.platform === 'win32') {
    killWindowsTree(root.pid);
    return;
  }
  const targets = new Map<number, TrackedProcess>();
  for (const member of [root, ...known]) {
    if (isSignalable(member.pid)) targets.set(member.pid, member);
  }
  for (let round = 0; round < MAX_FREEZE_ROUNDS; round += 1) {
    for (const member of targets.values()) signalIfSame(member, 'SIGSTOP');
    const alive = [...targets.values()].filter(isStillSame).map((member) => member.pid);
    let added = 0;
    for (const found of descendantsOf(alive, readProcessTable())) {
      if (!targets.has(found.pid) && isSignalable(found.pid)) {
        targets.set(found.pid, found);
        added += 1;
      }
    }
    if (added === 0) break;
  }
  for (const member of targets.values()) signalIfSame(member, 'SIGKILL');
}

/** True while `pid` exists (a zombie counts as existing). */
export function isProcessPresent(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isSignalable(pid: number): boolean {
  return Number.isInteger(pid) && pid > 1 && pid !== process.pid && pid !== process.ppid;
}

function isStillSame(member: TrackedProcess): boolean {
  if (!isProcessPresent(member.pid)) return false;
  if (member.startTime === null) return true;
  return readLinuxStat(member.pid)?.startTime === member.startTime;
}

function signalIfSame(member: TrackedProcess, signal: NodeJS.Signals): void {
  if (!isStillSame(member)) return;
  try {
    process.kill(member.pid, signal);
  } catch (error) {
    // The process exited between the check and the signal: nothing left to do.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function descendantsOf(rootPids: readonly number[], table: Map<number, ProcessEntry>): TrackedProcess[] {
  const children = new Map<number, number[]>();
  for (const [pid, entry] of table) {
    const siblings = children.get(entry.ppid);
    if (siblings) siblings.push(pid);
    else children.set(entry.ppid, [pid]);
  }
  const seen = new Set<number>(rootPids);
  const queue = [...rootPids];
  const found: TrackedProcess[] = [];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
      found.push({ pid: child, startTime: table.get(child)?.startTime ?? null });
    }
  }
  return found;
}

/** pid → parent pid (and start time on Linux) for every process we can see. */
function readProcessTable(): Map<number, ProcessEntry> {
  if (process.platform === 'linux') return readLinuxProcessTable();
  return readPsProcessTable();
}

function readLinuxProcessTable(): Map<number, ProcessEntry> {
  const table = new Map<number, ProcessEntry>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = readLinuxStat(pid);
    if (stat) table.set(pid, stat);
  }
  return table;
}

/** Parses /proc/<pid>/stat; null when the process is gone. */
function readLinuxStat(pid: number): ProcessEntry | null {
  if (process.platform !== 'linux') return null;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return null;
    throw error;
  }
  // The command name (field 2) is in parentheses and may itself contain ") ".
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  const ppid = Number(fields[1]);
  const startTime = fields[19] ?? null;
  if (!Number.isInteger(ppid)) return null;
  return { ppid, startTime };
}

function readPsProcessTable(): Map<number, ProcessEntry> {
  const output = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], {
    encoding: 'utf8',
    timeout: 5000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const table = new Map<number, ProcessEntry>();
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (match) table.set(Number(match[1]), { ppid: Number(match[2]), startTime: null });
  }
  return table;
}

function killWindowsTree(pid: number): void {
  try {
    execFileSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', timeout: 5000, windowsHide: true });
  } catch (error) {
    // taskkill exits non-zero when the process is already gone; anything else is real.
    if (typeof (error as { status?: unknown }).status !== 'number') throw error;
  }
}
