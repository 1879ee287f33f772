/**
 * Wrapping a crawled server's command so it runs confined: it is untrusted
 * code. The result is a command line for the stdio connector (ConnectTarget
 * kind 'stdio'); the sandbox lives as long as that process.
 *
 *  - `bwrap`: bubblewrap (see bwrap-arguments.ts): no network, a minimal
 *    read-only filesystem, its own PIDs, nobody without capabilities.
 *  - `unshare`: where bubblewrap is missing or does not work: own network
 *    namespace (no network) and PID namespace (the tree dies with its first
 *    process), scrubbed environment. The filesystem is NOT isolated.
 *  - `none`: only with allowUnsandboxed: scrubbed environment and limits only.
 *
 * In every case the server gets exactly the given environment plus PATH and
 * HOME (a fresh temporary folder, removed by dispose()), and CPU-time and
 * address-space limits via prlimit when it is installed. Environment values
 * travel as arguments of the launcher (bwrap --setenv, env -i), so they are
 * visible to local `ps`: pass dummy values for secrets, never real ones.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ServerError } from '../../errors.js';
import { bwrapArguments } from './bwrap-arguments.js';
import { detectSandbox, sandboxTools, unshareFlags, type SandboxKind } from './detect-sandbox.js';
import { prlimitArguments, resolveLimits, type ResourceLimits } from './resource-limits.js';
import { SandboxError } from './sandbox-errors.js';
import { sandboxEnvironment } from './sandbox-environment.js';

export { detectSandbox, type SandboxKind } from './detect-sandbox.js';

export interface SandboxSpec {
  command: string;
  args: string[];
  /** The server's whole environment (besides PATH and HOME, which the sandbox sets). */
  env: Record<string, string>;
  /** Working directory (must be visible inside: a read-only or writable path). */
  cwd: string;
  /** Visible, read-only (the installed package, a list file's project). */
  readOnlyPaths: string[];
  /** Visible and writable. */
  writablePaths?: string[];
}

export interface SandboxOptions extends Partial<ResourceLimits> {
  /** Without any working sandbox, run unconfined (with a warning) instead of throwing SandboxError. */
  allowUnsandboxed: boolean;
  /** Use this mechanism instead of the detected one ('none' still needs allowUnsandboxed). */
  kind?: SandboxKind;
  /** Receives each warning line as it is produced (they are also in the result). */
  log?: (line: string) => void;
}

export interface SandboxedCommand {
  /** The launcher: bwrap, unshare or env (or the command itself when env is missing). */
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
  /** The server's HOME: a temporary folder, removed by dispose(). */
  home: string;
  /** What is weaker than asked: no sandbox, no limits, dropped variables. */
  warnings: string[];
  /** Removes HOME. Call after the server's process has ended. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * The command line that runs `spec` in the best available sandbox (or
 * `options.kind`). Throws SandboxError when none works and
 * `allowUnsandboxed` is false, ServerError('spawn-failed') for a command
 * that cannot be launched this way.
 */
export async function sandboxCommand(spec: SandboxSpec, options: SandboxOptions): Promise<SandboxedCommand> {
  const limits = resolveLimits(options);
  const kind = options.kind ?? (await detectSandbox());
  const tools = sandboxTools();
  if (kind === 'none' && !options.allowUnsandboxed) {
    throw new SandboxError('no sandbox works here (bubblewrap and unshare are missing or not permitted): install bubblewrap, or pass --allow-unsandboxed to run crawled servers unconfined');
  }
  const launcher = kind === 'bwrap' ? tools.bwrap : kind === 'unshare' ? tools.unshare : 'none';
  if (launcher === null) throw new SandboxError(`the ${kind} sandbox was asked for, but ${kind} is not installed`);

  const home = await mkdtemp(join(tmpdir(), 'mcp-risk-home-'));
  const dispose = disposeOnce(home);
  const warnings: string[] = [];
  try {
    const { env, warnings: envWarnings } = sandboxEnvironment(spec.env, home);
    warnings.push(...envWarnings);
    if (tools.prlimit === null) warnings.push('prlimit (util-linux) is not installed: no CPU or memory limits on the server');
    const limiter = tools.prlimit === null ? [] : prlimitArguments(tools.prlimit, limits, kind !== 'none');
    const cwd = resolve(spec.cwd);
    let command: string;
    let args: string[];
    let launcherEnv: Record<string, string> = {};
    if (kind === 'bwrap') {
      command = launcher;
      args = bwrapArguments({
        command: spec.command,
        args: spec.args,
        env,
        cwd,
        home,
        readOnlyPaths: spec.readOnlyPaths.map((path) => resolve(path)),
        writablePaths: (spec.writablePaths ?? []).map((path) => resolve(path)),
        limiter,
      });
    } else {
      if (spec.command.includes('=')) {
        // `env` would read it as one more NAME=value instead of the command.
        throw new ServerError('spawn-failed', `cannot start ${JSON.stringify(spec.command.slice(0, 200))}: a command name containing "=" cannot be run through env`);
      }
      const scrubbed = clearedEnvironment(tools.env, env, [...limiter, spec.command, ...spec.args]);
      launcherEnv = scrubbed.env;
      if (kind === 'unshare') {
        command = launcher;
        args = [...unshareFlags(), '--', ...scrubbed.argv];
        warnings.push('sandbox: unshare only (no bubblewrap): network and processes are isolated, the filesystem is not');
      } else {
        [command, ...args] = scrubbed.argv as [string, ...string[]];
        warnings.push(`running ${spec.command} WITHOUT a sandbox (--allow-unsandboxed): it can use the network and read your files`);
      }
    }
    for (const line of warnings) options.log?.(line);
    return { command, args, env: launcherEnv, cwd, kind, home, warnings, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** `env -i NAME=value ... command args`; without `env`, the command itself with the environment to give it. */
function clearedEnvironment(envTool: string | null, env: Record<string, string>, command: string[]): { argv: string[]; env: Record<string, string> } {
  if (envTool === null) return { argv: command, env };
  const pairs = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  return { argv: [envTool, '-i', ...pairs, ...command], env: {} };
}

function disposeOnce(home: string): () => Promise<void> {
  let disposing: Promise<void> | null = null;
  return () => {
    disposing ??= rm(home, { recursive: true, force: true, maxRetries: 3 });
    return disposing;
  };
}
