import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSandbox, sandboxTools } from '../../src/crawler/sandbox/detect-sandbox.js';
import { sandboxCommand, type SandboxOptions, type SandboxedCommand } from '../../src/crawler/sandbox/sandbox-command.js';
import { SandboxError } from '../../src/crawler/sandbox/sandbox-errors.js';
import { ServerError } from '../../src/errors.js';
import { scanServer } from '../../src/scanner/scan-server.js';
import { SAFETY_NET_MS, withSafetyNet } from '../fixtures/safety-net.js';
import { FIXTURE_DIR } from '../fixtures/servers/fixture-processes.js';

const PROBE = join(FIXTURE_DIR, 'sandbox-probe.mjs');
const SECRET = 'hunter2-must-not-leak';

interface ProbeReport {
  secret: string | null;
  envNames: string[];
  home: string | null;
  homeWrite: string;
  cwd: string;
  interfaces: string[];
  hostFile: string | null;
  loopback: { outcome: string; ms: number } | null;
  publicIp: { outcome: string; ms: number } | null;
  grandchild: number | null;
}

let scratch: string;
let hostFile: string;
let listener: Server;
let listenerPort: number;
let connections = 0;

before(async () => {
  process.env.MCP_RISK_TEST_SECRET = SECRET;
  scratch = mkdtempSync(join(tmpdir(), 'mcp-risk-sandbox-test-'));
  hostFile = join(scratch, 'host-secret.txt');
  writeFileSync(hostFile, 'a file of the host the server must not see');
  listener = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  listenerPort = address.port;
});

after(async () => {
  delete process.env.MCP_RISK_TEST_SECRET;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

function probe(
  args: string[],
  options: SandboxOptions,
  env: Record<string, string> = { MCP_RISK_GIVEN: 'given' },
): Promise<SandboxedCommand> {
  return sandboxCommand(
    { command: process.execPath, args: [PROBE, ...args], env, cwd: FIXTURE_DIR, readOnlyPaths: [FIXTURE_DIR] },
    options,
  );
}

/** Runs the sandboxed probe as an MCP server with the project's scanner and returns its report. */
async function scanProbe(sandboxed: SandboxedCommand): Promise<ProbeReport> {
  const snapshot = await scanServer(
    { kind: 'stdio', command: sandboxed.command, args: sandboxed.args, env: sandboxed.env, cwd: sandboxed.cwd },
    { timeoutMs: SAFETY_NET_MS },
  );
  assert.equal(snapshot.error, undefined);
  assert.equal(snapshot.name, 'sandbox-probe');
  assert.deepEqual(
    snapshot.tools.map((tool) => tool.name),
    ['probe_report'],
  );
  return JSON.parse(snapshot.tools[0]?.description ?? 'null') as ProbeReport;
}

/** PIDs of host processes whose command line holds the probe's grandchild marker for `tag`. */
function grandchildren(tag: string): number[] {
  const marker = `grandchild:${tag}`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(marker)) pids.push(Number(entry));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  return pids;
}

/** Polls `check` (a state of /proc, with no event to wait on) until it holds; the deadline is a safety net. */
async function waitFor(check: () => boolean, timeoutMs = SAFETY_NET_MS): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/** Starts the sandboxed command directly and resolves once the probe wrote its report. */
function startDirect(
  sandboxed: SandboxedCommand,
): Promise<{ pid: number; report: ProbeReport; exited: Promise<{ code: number | null; signal: string | null }> }> {
  const child = spawn(sandboxed.command, sandboxed.args, { env: sandboxed.env, cwd: sandboxed.cwd, stdio: ['pipe', 'ignore', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const line = /PROBE_REPORT (.*)\n/.exec(stderr);
      if (line !== null && child.pid !== undefined)
        resolve({ pid: child.pid, report: JSON.parse(line[1] as string) as ProbeReport, exited });
    });
    child.once('error', reject);
    void exited.then(({ code, signal }) =>
      reject(new Error(`probe exited (${String(code)}, ${String(signal)}) before reporting: ${stderr}`)),
    );
  });
}

describe('detectSandbox', () => {
  test('finds bubblewrap working on this machine, and answers the same thereafter', async () => {
    assert.equal(await detectSandbox(), 'bwrap');
    assert.equal(await detectSandbox(), 'bwrap');
    assert.equal(sandboxTools().bwrap, '/usr/bin/bwrap');
  });
});

describe('sandboxCommand with bubblewrap', () => {
  test('the server has no network, no inherited secret, no host files, and a private HOME deleted by dispose', async () => {
    const before = connections;
    const sandboxed = await probe(['--port', String(listenerPort), '--host-file', hostFile, '--public-ip'], { allowUnsandboxed: false });
    assert.equal(sandboxed.kind, 'bwrap');
    // The launcher joins the server's cgroup (sh), clears its environment (env -i), drops root (setpriv), then runs bubblewrap.
    assert.deepEqual(
      [sandboxed.command, ...sandboxed.args.slice(0, 2)],
      ['/usr/bin/sh', '-c', 'echo $$ > "$1" && echo $$ > "$2" && shift 2 && exec "$@"'],
    );
    assert.ok(sandboxed.args.includes('/usr/bin/bwrap'));
    assert.deepEqual(sandboxed.env, {});
    assert.deepEqual(sandboxed.warnings, []);
    assert.equal(sandboxed.args.includes(SECRET), false);
    const report = await scanProbe(sandboxed);
    assert.equal(report.secret, null);
    // Exactly the given variables plus PATH and HOME (and PWD, which bubblewrap sets to the working directory).
    assert.deepEqual(report.envNames, ['HOME', 'MCP_RISK_GIVEN', 'PATH', 'PWD']);
    assert.equal(report.home, sandboxed.home);
    assert.equal(report.homeWrite, 'written');
    assert.equal(report.cwd, FIXTURE_DIR);
    assert.deepEqual(report.interfaces, ['lo']);
    assert.equal(report.hostFile, 'ENOENT');
    assert.equal(report.loopback?.outcome, 'ECONNREFUSED');
    assert.equal(report.publicIp?.outcome, 'ENETUNREACH');
    assert.equal((report.publicIp?.ms ?? Infinity) < 500, true);
    assert.equal(connections, before);
    // HOME is a tmpfs that exists only inside the sandbox (it used to be a host folder, read back here).
    assert.equal(existsSync(sandboxed.home), false);
    await sandboxed.dispose();
    await sandboxed.dispose();
  });

  test('the whole process tree dies with the sandbox: a grandchild is gone once the launcher is killed', async () => {
    const tag = `mcp-risk-grandchild-${process.pid}-${Date.now()}`;
    const sandboxed = await probe(['--grandchild', tag], { allowUnsandboxed: false });
    try {
      const running = await startDirect(sandboxed);
      assert.equal(typeof running.report.grandchild, 'number');
      assert.equal(await waitFor(() => grandchildren(tag).length === 1), true);
      process.kill(running.pid, 'SIGKILL');
      await running.exited;
      assert.equal(await waitFor(() => grandchildren(tag).length === 0), true);
    } finally {
      await sandboxed.dispose();
    }
  });

  test('the CPU-time limit kills a busy loop', async () => {
    const sandboxed = await probe(['--busy'], { allowUnsandboxed: false, cpuSeconds: 1 });
    try {
      // However long one CPU-second takes on a busy machine, only the limit ends the loop (SIGKILL, 137).
      const running = await startDirect(sandboxed);
      const exit = await withSafetyNet(running.exited, 'the CPU-time limit to kill the loop');
      assert.deepEqual(exit, { code: 137, signal: null });
    } finally {
      await sandboxed.dispose();
    }
  });

  test("passes only valid variables, and PATH and HOME are always the sandbox's", async () => {
    const sandboxed = await probe([], { allowUnsandboxed: false }, { 'BAD NAME': 'x', HOME: '/root', PATH: '/evil', OK_VAR: 'fine' });
    try {
      assert.deepEqual(sandboxed.warnings, ['environment variable "BAD NAME" not passed: not a valid name']);
      const report = await scanProbe(sandboxed);
      assert.deepEqual(report.envNames, ['HOME', 'OK_VAR', 'PATH', 'PWD']);
      assert.equal(report.home, sandboxed.home);
    } finally {
      await sandboxed.dispose();
    }
  });
});

describe('sandboxCommand with unshare', () => {
  // These run as root (as CI does): unshare alone is then no sandbox, so it is refused unless unsandboxed runs are allowed.
  test('as root, unshare alone is refused without allowUnsandboxed, naming the fix', async () => {
    await assert.rejects(
      probe([], { allowUnsandboxed: false, kind: 'unshare' }),
      (error) =>
        error instanceof SandboxError &&
        error.code === 'sandbox-unavailable' &&
        error.message ===
          "crawling as root, and bubblewrap (with util-linux setpriv and unprivileged user namespaces) does not work here: unshare alone would run servers as full root with the host's files; install bubblewrap and setpriv, crawl as a non-root user, or pass --allow-unsandboxed",
    );
  });

  test('when allowed, the server has no network and no inherited secret (the filesystem stays visible, as documented)', async () => {
    const before = connections;
    const logged: string[] = [];
    const sandboxed = await probe(['--port', String(listenerPort), '--host-file', hostFile, '--public-ip'], {
      allowUnsandboxed: true,
      kind: 'unshare',
      log: (line) => logged.push(line),
    });
    try {
      assert.equal(sandboxed.kind, 'unshare');
      assert.ok(sandboxed.args.includes(sandboxTools().unshare as string));
      assert.deepEqual(logged, [
        `running ${process.execPath} as ROOT with only unshare (--allow-unsandboxed): network and processes are isolated, the filesystem is not`,
      ]);
      const report = await scanProbe(sandboxed);
      assert.equal(report.secret, null);
      assert.deepEqual(report.envNames, ['HOME', 'MCP_RISK_GIVEN', 'PATH']);
      assert.equal(report.home, sandboxed.home);
      assert.deepEqual(report.interfaces, []);
      assert.equal(report.loopback?.outcome, 'ENETUNREACH');
      assert.equal(report.publicIp?.outcome, 'ENETUNREACH');
      assert.equal(report.hostFile, 'read');
      assert.equal(connections, before);
    } finally {
      await sandboxed.dispose();
    }
    assert.equal(existsSync(sandboxed.home), false);
  });

  test('the process tree dies with the launcher', async () => {
    const tag = `mcp-risk-grandchild-unshare-${process.pid}-${Date.now()}`;
    const sandboxed = await probe(['--grandchild', tag], { allowUnsandboxed: true, kind: 'unshare' });
    try {
      const running = await startDirect(sandboxed);
      assert.equal(await waitFor(() => grandchildren(tag).length === 1), true);
      process.kill(running.pid, 'SIGKILL');
      await running.exited;
      assert.equal(await waitFor(() => grandchildren(tag).length === 0), true);
    } finally {
      await sandboxed.dispose();
    }
  });

  test('refuses a command name env would read as a variable', async () => {
    await assert.rejects(
      sandboxCommand({ command: 'A=b', args: [], env: {}, cwd: scratch, readOnlyPaths: [] }, { allowUnsandboxed: true, kind: 'unshare' }),
      (error) =>
        error instanceof ServerError &&
        error.code === 'spawn-failed' &&
        error.message === 'cannot start "A=b": a command name containing "=" cannot be run through env',
    );
  });
});

describe('sandboxCommand without a sandbox', () => {
  test('is refused unless unsandboxed runs are allowed', async () => {
    await assert.rejects(
      probe([], { allowUnsandboxed: false, kind: 'none' }),
      (error) =>
        error instanceof SandboxError &&
        error.code === 'sandbox-unavailable' &&
        error.next === 'abort' &&
        error.message ===
          'no sandbox works here (bubblewrap and unshare are missing or not permitted): install bubblewrap, or pass --allow-unsandboxed to run crawled servers unconfined',
    );
  });

  test('when allowed, warns and still scrubs the environment', async () => {
    const logged: string[] = [];
    const sandboxed = await probe([], { allowUnsandboxed: true, kind: 'none', log: (line) => logged.push(line) });
    try {
      assert.equal(sandboxed.kind, 'none');
      assert.deepEqual(logged, [
        `running ${process.execPath} WITHOUT a sandbox (--allow-unsandboxed): it can use the network and read your files`,
      ]);
      const report = await scanProbe(sandboxed);
      assert.equal(report.secret, null);
      assert.deepEqual(report.envNames, ['HOME', 'MCP_RISK_GIVEN', 'PATH']);
      assert.equal(report.home, sandboxed.home);
    } finally {
      await sandboxed.dispose();
    }
  });

  test('rejects limits that are not positive integers', async () => {
    await assert.rejects(
      probe([], { allowUnsandboxed: false, cpuSeconds: 0 }),
      (error) => error instanceof RangeError && error.message === 'cpuSeconds must be a positive integer, got 0',
    );
  });
});
