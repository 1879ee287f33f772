/**
 * Resource limits of a sandboxed server.
 *
 *  - CPU time and address space per process: util-linux `prlimit` right
 *    before the server's command (inside the sandbox).
 *  - Memory of the whole process tree (resident memory plus what it writes
 *    to its tmpfs folders) and its number of tasks: a cgroup made for the
 *    server (see cgroup-limits.ts: v2 where the crawler may create one, v1
 *    as root), which the launcher joins before the server's code starts.
 *    Where no cgroup can be made, only the per-process address-space limit
 *    bounds memory (a warning says so).
 *  - Processes and threads: RLIMIT_NPROC, counted per host user. As root the
 *    crawler runs each server as its own unprivileged host uid (see
 *    sandbox-user.ts), so the count is that server's own and the kernel
 *    enforces it (it never does for host root).
 *  - /tmp, /dev/shm and HOME: tmpfs folders of at most `tmpfsBytes` each.
 *
 * Address space (RLIMIT_AS) is a crude bound for node: V8 reserves far more
 * virtual memory than it uses. Measured with node 20 on x86-64: a bare node
 * starts at ~0.7 GiB of address space and runs typical servers under 2 GiB,
 * but every WebAssembly.Memory reserves a ~10 GiB guard region, so a server
 * using wasm (tokenizers, tree-sitter, sqlite builds) needs 11 GiB. The
 * default of 16 GiB keeps such servers working while still stopping a
 * runaway allocation; the real memory bound is the cgroup's.
 */

export interface ResourceLimits {
  /** CPU seconds per process (SIGXCPU, then SIGKILL). */
  cpuSeconds: number;
  /** Memory of the whole process tree (cgroup), bytes. */
  memoryBytes: number;
  /** Address-space bytes per process. */
  addressSpaceBytes: number;
  /** Processes and threads of the server. */
  maxProcesses: number;
  /** Size of each of the server's tmpfs folders (/tmp, /dev/shm, HOME), bytes. */
  tmpfsBytes: number;
}

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  cpuSeconds: 120,
  memoryBytes: 2 * 1024 ** 3,
  addressSpaceBytes: 16 * 1024 ** 3,
  maxProcesses: 256,
  tmpfsBytes: 256 * 1024 ** 2,
};

/** Limits with defaults filled in; a RangeError for a value that is not a positive integer. */
export function resolveLimits(options: Partial<ResourceLimits>): ResourceLimits {
  const limits: ResourceLimits = {
    cpuSeconds: options.cpuSeconds ?? DEFAULT_RESOURCE_LIMITS.cpuSeconds,
    memoryBytes: options.memoryBytes ?? DEFAULT_RESOURCE_LIMITS.memoryBytes,
    addressSpaceBytes: options.addressSpaceBytes ?? DEFAULT_RESOURCE_LIMITS.addressSpaceBytes,
    maxProcesses: options.maxProcesses ?? DEFAULT_RESOURCE_LIMITS.maxProcesses,
    tmpfsBytes: options.tmpfsBytes ?? DEFAULT_RESOURCE_LIMITS.tmpfsBytes,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return limits;
}

/** `prlimit --cpu=N --as=BYTES [--nproc=N] --`, to put before the command. */
export function prlimitArguments(prlimit: string, limits: ResourceLimits, withProcesses: boolean): string[] {
  return [
    prlimit,
    `--cpu=${limits.cpuSeconds}`,
    `--as=${limits.addressSpaceBytes}`,
    ...(withProcesses ? [`--nproc=${limits.maxProcesses}`] : []),
    '--',
  ];
}
