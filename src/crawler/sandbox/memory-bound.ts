import { createServerCgroup, type MemoryBound } from './cgroup-limits.js';
import type { ResourceLimits } from './resource-limits.js';

const MIB = 1024 ** 2;

/**
 * One line saying what will bound each server's memory and processes here,
 * found by making (and removing) a cgroup exactly as for a server; a warning
 * when only the per-process address-space limit applies.
 */
export async function describeMemoryBound(limits: ResourceLimits): Promise<{ kind: MemoryBound; line: string; warning: boolean }> {
  const probe = await createServerCgroup(limits.memoryBytes, limits.maxProcesses);
  await probe?.dispose();
  const caps = `${limits.maxProcesses} processes, /tmp, /dev/shm and HOME ${Math.round(limits.tmpfsBytes / MIB)} MiB each`;
  if (probe === null) {
    return {
      kind: 'rlimit',
      warning: true,
      line: `no cgroup can be made for crawled servers (cgroup v2 with the memory controller delegated, or v1 as root): memory is bounded per process only, by the address-space limit (${Math.round(limits.addressSpaceBytes / MIB)} MiB); ${caps}`,
    };
  }
  const version = probe.kind === 'cgroup2' ? 'cgroup v2' : 'cgroup v1';
  return {
    kind: probe.kind,
    warning: false,
    line: `sandbox limits per server: memory ${Math.round(limits.memoryBytes / MIB)} MiB for its whole process tree (${version}), ${caps}`,
  };
}
