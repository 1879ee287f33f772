/**
 * Ends a process and everything it started. Untrusted servers spawn helpers
 * (a Go or .NET binary behind a JS launcher, a browser, a worker), and those
 * would outlive a plain kill of the launcher: children are found through
 * /proc before anything is signalled, because once the parent dies they are
 * re-parented and can no longer be told apart.
 *
 * Where /proc does not exist (not Linux) only the root process is signalled.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

interface ProcStat {
  state: string;
  parent: number;
}

/** State and parent pid of a process, read from /proc/<pid>/stat, or null when it is gone or unreadable. */
function readProcStat(pid: number): ProcStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const parent = Number(fields[1]);
  return Number.isInteger(parent) ? { state: fields[0] ?? '', parent } : null;
}

/** Every live descendant of `root` (children, grandchildren, ...), not including `root`. */
export function listDescendants(root: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const childrenOf = new Map<number, number[]>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = readProcStat(pid)?.parent;
    if (parent === undefined) continue;
    const siblings = childrenOf.get(parent);
    if (siblings) siblings.push(pid);
    else childrenOf.set(parent, [pid]);
  }
  const found: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const current = pending.pop() as number;
    for (const child of childrenOf.get(current) ?? []) {
      if (found.includes(child) || child === root) continue;
      found.push(child);
      pending.push(child);
    }
  }
  return found;
}

/** True while the process exists and is not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return readProcStat(pid)?.state !== 'Z';
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone: nothing left to end.
  }
}

/**
 * SIGTERM to the process and all its descendants, then SIGKILL to whatever is
 * still alive after `graceMs`. Resolves once every known process is gone or
 * has been sent SIGKILL.
 */
export async function killProcessTree(root: number, graceMs = 1000): Promise<void> {
  const pids = [root, ...listDescendants(root)];
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(isAlive)) {
    await delay(50);
  }
  // Descendants started during the grace period are caught here too.
  const survivors = [...pids, ...listDescendants(root)].filter(isAlive);
  for (const pid of survivors) signal(pid, 'SIGKILL');
}
