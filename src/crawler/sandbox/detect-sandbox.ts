import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bwrapArguments } from './bwrap-arguments.js';
import { findExecutable } from './find-executable.js';
import { sandboxEnvironment } from './sandbox-environment.js';

export const SANDBOX_KINDS = ['bwrap', 'unshare', 'none'] as const;
export type SandboxKind = (typeof SANDBOX_KINDS)[number];

/** The tools the sandbox is built from; null when missing. */
export interface SandboxTools {
  bwrap: string | null;
  unshare: string | null;
  prlimit: string | null;
  env: string | null;
  true: string | null;
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
  };
  return tools;
}

/**
 * The best isolation that actually works here: bubblewrap, else `unshare`
 * (network and PID namespaces), else none. Each is tried with a trivial
 * command, exactly as servers will be run (user namespaces may be disabled,
 * or a container may forbid them). The answer is computed once per process.
 */
export function detectSandbox(): Promise<SandboxKind> {
  detection ??= detect();
  return detection;
}

async function detect(): Promise<SandboxKind> {
  const found = sandboxTools();
  if (found.true === null) return 'none';
  if (found.bwrap !== null && (await bwrapWorks(found.bwrap, found.true))) return 'bwrap';
  if (found.unshare !== null && (await succeeds(found.unshare, [...unshareFlags(), '--', found.true]))) return 'unshare';
  return 'none';
}

/** `unshare` options: own network (loopback only, down) and PID namespace, killed with the launcher; a user namespace unless we are root. */
export function unshareFlags(): string[] {
  const root = process.getuid?.() === 0;
  return ['--net', '--pid', '--fork', '--kill-child', ...(root ? [] : ['--map-root-user'])];
}

async function bwrapWorks(bwrap: string, trueCommand: string): Promise<boolean> {
  const home = await mkdtemp(join(tmpdir(), 'mcp-risk-sandbox-trial-'));
  try {
    const { env } = sandboxEnvironment({}, home);
    const args = bwrapArguments({ command: trueCommand, args: [], env, cwd: home, home, readOnlyPaths: [], writablePaths: [], limiter: [] });
    return await succeeds(bwrap, args);
  } finally {
    await rm(home, { recursive: true, force: true });
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
