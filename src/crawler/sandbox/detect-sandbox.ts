import { spawn } from 'node:child_process';
import { bwrapArguments } from './bwrap-arguments.js';
import { findExecutable } from './find-executable.js';
import { launcherArgv } from './launcher-command.js';
import { DEFAULT_RESOURCE_LIMITS } from './resource-limits.js';
import { sandboxEnvironment } from './sandbox-environment.js';
import { allocateSandboxUser, runningAsRoot } from './sandbox-user.js';

export const SANDBOX_KINDS = ['bwrap', 'unshare', 'none'] as const;
export type SandboxKind = (typeof SANDBOX_KINDS)[number];

/** The tools the sandbox is built from; null when missing. */
export interface SandboxTools {
  bwrap: string | null;
  unshare: string | null;
  prlimit: string | null;
  env: string | null;
  true: string | null;
  setpriv: string | null;
  sh: string | null;
}

/** How long a trial run may take before the mechanism is deemed not working. */
const TRIAL_TIMEOUT_MS = 5000;

let tools: SandboxTools | null = null;
let detection: Promise<SandboxKind> | null = null;

/** Where bwrap, unshare, prlimit and env are on this machine (looked up once). */
export function sandboxTools(): SandboxTools {
  tools ??= {
    bwrap: findExecutable('bwrap'),
    unshare: findExecutable('unshare'),
    prlimit: findExecutable('prlimit'),
    env: findExecutable('env'),
    true: findExecutable('true'),
    setpriv: findExecutable('setpriv'),
    sh: findExecutable('sh'),
  };
  return tools;
}

/**
 * The best isolation that actually works here: bubblewrap, else `unshare`
 * (network and PID namespaces), else none. Each is tried with a trivial
 * command, exactly as servers will be run (user namespaces may be disabled,
 * or a container may forbid them; as root, bubblewrap runs after setpriv has
 * dropped to an unprivileged uid, so it needs setpriv and unprivileged user
 * namespaces). The answer is computed once per process. Under root `unshare`
 * is not a sandbox (see sandboxRefusal).
 */
export function detectSandbox(): Promise<SandboxKind> {
  detection ??= detect();
  return detection;
}

async function detect(): Promise<SandboxKind> {
  const found = sandboxTools();
  if (found.true === null) return 'none';
  if (found.bwrap !== null && (!runningAsRoot() || found.setpriv !== null) && (await bwrapWorks(found, found.bwrap, found.true)))
    return 'bwrap';
  if (found.unshare !== null && (await succeeds(found.unshare, [...unshareFlags(), '--', found.true]))) return 'unshare';
  return 'none';
}

/** `unshare` options: own network (loopback only, down) and PID namespace, killed with the launcher; a user namespace unless we are root. */
export function unshareFlags(): string[] {
  const root = process.getuid?.() === 0;
  return ['--net', '--pid', '--fork', '--kill-child', ...(root ? [] : ['--map-root-user'])];
}

async function bwrapWorks(found: SandboxTools, bwrap: string, trueCommand: string): Promise<boolean> {
  const user = runningAsRoot() ? allocateSandboxUser() : null;
  try {
    const home = '/mcp-risk-home';
    const { env } = sandboxEnvironment({}, home);
    const args = bwrapArguments({
      command: trueCommand,
      args: [],
      env,
      cwd: '/',
      home,
      readOnlyPaths: [],
      writablePaths: [],
      limiter: [],
      tmpfsBytes: DEFAULT_RESOURCE_LIMITS.tmpfsBytes,
    });
    const [command, ...rest] = launcherArgv(found, { procsFiles: [], uid: user?.uid ?? null, command: [bwrap, ...args] }) as [
      string,
      ...string[],
    ];
    return await succeeds(command, rest);
  } finally {
    user?.release();
  }
}

function succeeds(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', env: { PATH: '/usr/bin:/bin' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), TRIAL_TIMEOUT_MS);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
