/**
 * Wrapping a crawled server's command so it runs confined: it is untrusted
 * code. The result is a command line for the stdio connector (ConnectTarget
 * kind 'stdio'); the sandbox lives as long as that process.
 *
 *  - `bwrap`: bubblewrap (see bwrap-arguments.ts): no network, a minimal
 *    read-only filesystem, its own PIDs, nobody without capabilities. As
 *    root, bubblewrap runs as an unprivileged host uid of the server's own
 *    (sandbox-user.ts), never as host root.
 *  - `unshare`: where bubblewrap is missing or does not work, and only for a
 *    crawler that is not root: own network namespace (no network) and PID
 *    namespace (the tree dies with its first process), scrubbed environment.
 *    The filesystem is NOT isolated. Under root it would run the server as
 *    full root with the host's files: refused unless allowUnsandboxed.
 *  - `none`: only with allowUnsandboxed: scrubbed environment and limits only.
 *
 * In every case the server gets exactly the given environment plus PATH and
 * HOME, the launcher's own environment is cleared (launcher-command.ts), its
 * whole tree joins a cgroup bounding its memory and tasks where one can be
 * made (cgroup-limits.ts), and CPU-time, address-space and process limits
 * apply via prlimit when it is installed. In bubblewrap, HOME, /tmp and
 * /dev/shm are size-capped tmpfs folders that exist only inside; elsewhere
 * HOME is a temporary folder removed by dispose(), named after the crawler's
 * pid so that one left by a killed crawler is removed at the next start
 * (removeStaleHomes). Environment values travel as arguments of the launcher
 * (bwrap --setenv, env -i), so they are visible to local `ps`: pass dummy
 * values for secrets, never real ones.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ServerError } from '../../errors.js';
import { bwrapArguments } from './bwrap-arguments.js';
import { createServerCgroup, type MemoryBound, type ServerCgroup } from './cgroup-limits.js';
import { detectSandbox, sandboxTools, unshareFlags, type SandboxKind } from './detect-sandbox.js';
import { launcherArgv } from './launcher-command.js';
import { readableByOthers } from './readable-by-others.js';
import { prlimitArguments, resolveLimits, type ResourceLimits } from './resource-limits.js';
import { SandboxError } from './sandbox-errors.js';
import { sandboxEnvironment } from './sandbox-environment.js';
import { allocateSandboxUser, runningAsRoot, type SandboxUser } from './sandbox-user.js';
import { isProcessRunning } from '../../os/is-process-running.js';

export { detectSandbox, type SandboxKind } from './detect-sandbox.js';
export type { MemoryBound } from './cgroup-limits.js';

/** HOME inside bubblewrap: a tmpfs of the sandbox's own, nothing of it on the host. */
export const SANDBOX_HOME = '/mcp-risk-home';
/** Host HOME folders (unshare, none): `mcp-risk-home-<crawler pid>-XXXXXX` in the temporary folder. */
const HOME_PREFIX = 'mcp-risk-home-';

export interface SandboxSpec {
  command: string;
  args: string[];
  /** The server's whole environment (besides PATH and HOME, which the sandbox sets). */
  env: Record<string, string>;
  /** Working directory: bound when under a read-only path, else an empty folder inside. */
  cwd: string;
  /** Visible, read-only (the installed package, the scripts a list file's command names, --expose). */
  readOnlyPaths: string[];
  /** Visible and writable. */
  writablePaths?: string[];
  /** Folders that must exist inside, empty (a folder argument that is not bound). */
  emptyDirs?: string[];
}

export interface SandboxOptions extends Partial<ResourceLimits> {
  /** Without any working sandbox (or only unshare, as root), run anyway (with a warning) instead of throwing SandboxError. */
  allowUnsandboxed: boolean;
  /** Use this mechanism instead of the detected one ('none' still needs allowUnsandboxed). */
  kind?: SandboxKind;
  /** Receives each warning line as it is produced (they are also in the result). */
  log?: (line: string) => void;
}

export interface SandboxedCommand {
  /** The launcher: env, then sh, setpriv, bwrap or unshare as needed. */
  command: string;
  args: string[];
  /**
   * Environment of the launcher process. Empty (the launcher clears its
   * environment and sets the server's itself) unless `env` is missing.
   */
  env: Record<string, string>;
  /** Working directory to start the launcher in (the spec's cwd). */
  cwd: string;
  kind: SandboxKind;
  /** The server's HOME: a tmpfs inside bubblewrap, else a temporary folder removed by dispose(). */
  home: string;
  /** The host uid the server runs as (root's servers), or null for the crawler's own. */
  uid: number | null;
  /** What bounds the memory of the server's whole tree. */
  memoryBound: MemoryBound;
  /** What is weaker than asked: no sandbox, no limits, dropped variables. */
  warnings: string[];
  /** Kills what is left of the server's tree, removes its cgroup and HOME. Call after the server's process has ended. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * Why `kind` may not run servers here without --allow-unsandboxed, or null
 * when it may: no sandbox at all, or unshare under root.
 */
export function sandboxRefusal(kind: SandboxKind, root: boolean = runningAsRoot()): string | null {
  if (kind === 'none') {
    return 'no sandbox works here (bubblewrap and unshare are missing or not permitted): install bubblewrap, or pass --allow-unsandboxed to run crawled servers unconfined';
  }
  if (kind === 'unshare' && root) {
    return "crawling as root, and bubblewrap (with util-linux setpriv and unprivileged user namespaces) does not work here: unshare alone would run servers as full root with the host's files; install bubblewrap and setpriv, crawl as a non-root user, or pass --allow-unsandboxed";
  }
  return null;
}

/**
 * The command line that runs `spec` in the best available sandbox (or
 * `options.kind`). Throws SandboxError when none may be used and
 * `allowUnsandboxed` is false, ServerError('spawn-failed') for a command
 * that cannot be launched this way.
 */
export async function sandboxCommand(spec: SandboxSpec, options: SandboxOptions): Promise<SandboxedCommand> {
  const limits = resolveLimits(options);
  const kind = options.kind ?? (await detectSandbox());
  const tools = sandboxTools();
  const root = runningAsRoot();
  const refusal = sandboxRefusal(kind, root);
  if (refusal !== null && !options.allowUnsandboxed) throw new SandboxError(refusal);
  const launcher = kind === 'bwrap' ? tools.bwrap : kind === 'unshare' ? tools.unshare : 'none';
  if (launcher === null) throw new SandboxError(`the ${kind} sandbox was asked for, but ${kind} is not installed`);
  if (kind === 'bwrap' && root && tools.setpriv === null) {
    throw new SandboxError(
      'crawling as root needs setpriv (util-linux) to run servers as an unprivileged user: install util-linux, or crawl as a non-root user',
    );
  }
  const readOnlyPaths = spec.readOnlyPaths.map((path) => resolve(path));
  const writablePaths = (spec.writablePaths ?? []).map((path) => resolve(path));
  if (kind === 'bwrap' && root) {
    const hidden = [...readOnlyPaths, ...writablePaths].find((path) => !readableByOthers(path));
    if (hidden !== undefined) {
      throw new ServerError(
        'spawn-failed',
        `${JSON.stringify(hidden.slice(0, 300))} is not readable by the unprivileged user servers run as when crawling as root: make it and the folders above it readable by others (chmod o+rX), or crawl as a non-root user`,
      );
    }
  }
  if (kind !== 'bwrap' && spec.command.includes('=')) {
    // `env` would read it as one more NAME=value instead of the command.
    throw new ServerError(
      'spawn-failed',
      `cannot start ${JSON.stringify(spec.command.slice(0, 200))}: a command name containing "=" cannot be run through env`,
    );
  }

  const user: SandboxUser | null = root && kind === 'bwrap' ? allocateSandboxUser() : null;
  let cgroup: ServerCgroup | null = null;
  let home = SANDBOX_HOME;
  let hostHome: string | null = null;
  const dispose = disposeOnce(async () => {
    await cgroup?.dispose();
    user?.release();
    if (hostHome !== null) await rm(hostHome, { recursive: true, force: true, maxRetries: 3 });
  });
  const warnings: string[] = [];
  try {
    if (kind !== 'bwrap') {
      hostHome = await mkdtemp(join(tmpdir(), `${HOME_PREFIX}${process.pid}-`));
      home = hostHome;
    }
    cgroup = await createServerCgroup(limits.memoryBytes, limits.maxProcesses);
    const { env, warnings: envWarnings } = sandboxEnvironment(spec.env, home);
    warnings.push(...envWarnings);
    if (tools.prlimit === null)
      warnings.push('prlimit (util-linux) is not installed: no CPU, address-space or process limits on the server');
    if (cgroup === null) {
      warnings.push(
        `no cgroup could be made for the server (cgroup v2 with the memory controller delegated, or v1 as root): its memory is bounded per process only, by the address-space limit (${Math.round(limits.addressSpaceBytes / 1024 ** 2)} MiB)`,
      );
    }
    const limiter = tools.prlimit === null ? [] : prlimitArguments(tools.prlimit, limits, kind !== 'none' && !(kind === 'unshare' && root));
    const cwd = resolve(spec.cwd);
    let inner: string[];
    let launcherEnv: Record<string, string> = {};
    if (kind === 'bwrap') {
      inner = [
        launcher,
        ...bwrapArguments({
          command: spec.command,
          args: spec.args,
          env,
          cwd,
          home,
          readOnlyPaths,
          writablePaths,
          emptyDirs: (spec.emptyDirs ?? []).map((path) => resolve(path)),
          limiter,
          tmpfsBytes: limits.tmpfsBytes,
        }),
      ];
    } else {
      const scrubbed = clearedEnvironment(tools.env, env, [...limiter, spec.command, ...spec.args]);
      launcherEnv = scrubbed.env;
      if (kind === 'unshare') {
        inner = [launcher, ...unshareFlags(), '--', ...scrubbed.argv];
        warnings.push(
          root
            ? `running ${spec.command} as ROOT with only unshare (--allow-unsandboxed): network and processes are isolated, the filesystem is not`
            : 'sandbox: unshare only (no bubblewrap): network and processes are isolated, the filesystem is not',
        );
      } else {
        inner = scrubbed.argv;
        warnings.push(`running ${spec.command} WITHOUT a sandbox (--allow-unsandboxed): it can use the network and read your files`);
      }
    }
    const [command, ...args] = launcherArgv(
      { env: kind === 'bwrap' ? tools.env : null, sh: tools.sh, setpriv: tools.setpriv },
      { procsFiles: cgroup?.procsFiles ?? [], uid: user?.uid ?? null, command: inner },
    ) as [string, ...string[]];
    for (const line of warnings) options.log?.(line);
    return {
      command,
      args,
      env: launcherEnv,
      cwd,
      kind,
      home,
      uid: user?.uid ?? null,
      memoryBound: cgroup?.kind ?? 'rlimit',
      warnings,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * Removes the host HOME folders (unshare and unsandboxed runs) that crawlers
 * no longer running left behind: a crawler killed with -9 cannot remove the
 * HOMEs of the servers it had in flight. Returns how many were removed.
 */
export async function removeStaleHomes(dir: string = tmpdir()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = /^mcp-risk-home-(\d+)-[A-Za-z0-9]{6}$/.exec(name);
    if (match === null || isProcessRunning(Number(match[1]))) continue;
    await rm(join(dir, name), { recursive: true, force: true, maxRetries: 3 });
    removed += 1;
  }
  return removed;
}

/** `env -i NAME=value ... command args`; without `env`, the command itself with the environment to give it. */
function clearedEnvironment(
  envTool: string | null,
  env: Record<string, string>,
  command: string[],
): { argv: string[]; env: Record<string, string> } {
  if (envTool === null) return { argv: command, env };
  const pairs = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  return { argv: [envTool, '-i', ...pairs, ...command], env: {} };
}

function disposeOnce(work: () => Promise<void>): () => Promise<void> {
  let disposing: Promise<void> | null = null;
  return () => {
    disposing ??= work();
    return disposing;
  };
}
