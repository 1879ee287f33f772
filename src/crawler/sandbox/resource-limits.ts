/**
 * Resource limits of a sandboxed server, applied with util-linux `prlimit`
 * right before the server's command (inside the sandbox).
 *
 * Address space (RLIMIT_AS) is a crude memory bound for node: V8 reserves far
 * more virtual memory than it uses. Measured with node 20 on x86-64: a bare
 * node starts at ~0.7 GiB of address space and runs typical servers (the
 * reference "everything" server) under a 2 GiB limit, but every
 * WebAssembly.Memory reserves a ~10 GiB guard region, so a server using wasm
 * (tokenizers, tree-sitter, sqlite builds) needs 11 GiB. The default of
 * 16 GiB keeps such servers working while still stopping a runaway
 * allocation; a tighter bound on resident memory needs cgroups, which this
 * does not configure (they need privileges and differ between v1 and v2).
 *
 * RLIMIT_NPROC counts processes and threads per user. Linux does not enforce
 * it for processes whose real user is root on the host (even inside a user
 * namespace), so under root it is a no-op; for other users it bounds fork
 * bombs. It is only applied where the server runs in its own user namespace
 * (bubblewrap, unprivileged unshare), where the count is the sandbox's own.
 */

export interface ResourceLimits {
  /** CPU seconds per process (SIGXCPU, then SIGKILL). */
  cpuSeconds: number;
  /** Address-space bytes per process. */
  memoryBytes: number;
  /** Processes and threads of the sandbox's user. */
  maxProcesses: number;
}

export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  cpuSeconds: 120,
  memoryBytes: 16 * 1024 ** 3,
  maxProcesses: 256,
};

/** Limits with defaults filled in; a RangeError for a value that is not a positive integer. */
export function resolveLimits(options: Partial<ResourceLimits>): ResourceLimits {
  const limits = {
    cpuSeconds: options.cpuSeconds ?? DEFAULT_RESOURCE_LIMITS.cpuSeconds,
    memoryBytes: options.memoryBytes ?? DEFAULT_RESOURCE_LIMITS.memoryBytes,
    maxProcesses: options.maxProcesses ?? DEFAULT_RESOURCE_LIMITS.maxProcesses,
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
    `--as=${limits.memoryBytes}`,
    ...(withProcesses ? [`--nproc=${limits.maxProcesses}`] : []),
    '--',
  ];
}
