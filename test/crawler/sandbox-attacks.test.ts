/**
 * The security issue's attacks, each tried by a hostile fixture server
 * (sandbox-attacker.mjs) in the real bubblewrap sandbox, started by root as
 * CI runs it: writing kernel settings, reading the launcher's environment,
 * filling /tmp, /dev/shm and HOME, spawning many processes, holding much
 * memory. Every attack must fail while the server still lists its tools.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cgroupLayout, removeStaleCgroups } from '../../src/crawler/sandbox/cgroup-limits.js';
import { sandboxCommand, type SandboxOptions, type SandboxedCommand } from '../../src/crawler/sandbox/sandbox-command.js';
import { UID_BASE } from '../../src/crawler/sandbox/sandbox-user.js';
import { scanServer } from '../../src/scanner/scan-server.js';
import { FIXTURE_DIR } from '../fixtures/servers/fixture-processes.js';

const ATTACKER = join(FIXTURE_DIR, 'sandbox-attacker.mjs');
const MIB = 1024 * 1024;

interface FillResult {
  bytes: number;
  error: string | null;
}
interface AttackReport {
  uid: number;
  home: string | null;
  procSys?: Record<string, string>;
  environ?: string[] | string;
  fillTmp?: FillResult;
  fillShm?: FillResult;
  fillHome?: FillResult;
  spawn?: { started: number; error: string | null };
  hog?: { heldTogether: number; exits: (string | null)[] };
}

function attacker(args: string[], options: Partial<SandboxOptions> = {}): Promise<SandboxedCommand> {
  return sandboxCommand(
    { command: process.execPath, args: [ATTACKER, ...args], env: {}, cwd: FIXTURE_DIR, readOnlyPaths: [FIXTURE_DIR] },
    { allowUnsandboxed: false, ...options },
  );
}

/** Runs the attacker as an MCP server with the project's scanner and returns its report (its tool's description). */
async function scanAttacker(sandboxed: SandboxedCommand): Promise<AttackReport> {
  try {
    const snapshot = await scanServer(
      { kind: 'stdio', command: sandboxed.command, args: sandboxed.args, env: sandboxed.env, cwd: sandboxed.cwd },
      { timeoutMs: 20_000 },
    );
    assert.equal(snapshot.error, undefined, JSON.stringify(snapshot.error));
    assert.deepEqual(
      snapshot.tools.map((tool) => tool.name),
      ['attack_report'],
    );
    return JSON.parse(snapshot.tools[0]?.description ?? 'null') as AttackReport;
  } finally {
    await sandboxed.dispose();
  }
}

/** Host pids whose command line holds `marker`. */
function pidsWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

describe('item 1: a server crawled by root never runs as host root', () => {
  test("it cannot write kernel settings through /proc/sys, runs as an unprivileged host uid, and sees none of the launcher's environment", async () => {
    assert.equal(process.getuid?.(), 0, 'these tests run as root, as CI does');
    const marker = `attacker-${process.pid}-${Date.now()}`;
    const sandboxed = await attacker(['--proc-sys', '--environ', '--tag', marker]);
    try {
      assert.equal(typeof sandboxed.uid, 'number');
      assert.ok((sandboxed.uid as number) >= UID_BASE);
      const child = spawn(sandboxed.command, sandboxed.args, {
        env: { ...process.env, MCP_RISK_LAUNCHER_MARKER: 'launcher-secret' },
        cwd: sandboxed.cwd,
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      const exited = new Promise((resolve) => child.once('close', resolve));
      const report = await new Promise<AttackReport>((resolve, reject) => {
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          const line = /ATTACK_REPORT (.*)\n/.exec(stderr);
          if (line !== null) resolve(JSON.parse(line[1] as string) as AttackReport);
        });
        void exited.then(() => reject(new Error(`attacker exited before reporting: ${stderr}`)));
      });
      // Every write was refused: /proc is read-only, and the writer is not root anyway.
      assert.deepEqual(Object.keys(report.procSys ?? {}).sort(), [
        'kernel/core_pattern',
        'kernel/pid_max',
        'vm/overcommit_memory',
        'vm/stat_interval',
      ]);
      for (const [name, outcome] of Object.entries(report.procSys ?? {}))
        assert.ok(outcome === 'EROFS' || outcome === 'EACCES', `${name}: ${outcome}`);
      // Inside it is nobody; on the host, its process belongs to the server's own uid (real, effective, saved, filesystem).
      assert.equal(report.uid, 65534);
      const [pid] = pidsWith(marker).filter((candidate) => readFileSync(`/proc/${candidate}/cmdline`, 'utf8').startsWith(process.execPath));
      assert.notEqual(pid, undefined);
      const uids = /^Uid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid as number}/status`, 'utf8'))?.[1]?.split(/\s+/);
      assert.deepEqual(uids, Array(4).fill(String(sandboxed.uid)));
      // /proc/1 inside is bubblewrap's init: its environment is empty (the launcher cleared the crawler's).
      assert.deepEqual(report.environ, []);
      child.stdin.end();
      child.kill('SIGKILL');
      await exited;
    } finally {
      await sandboxed.dispose();
    }
  });
});

describe('item 3: memory, disk and processes are bounded', () => {
  test('/tmp, /dev/shm and HOME are tmpfs folders capped at --tmp-size: writing more ends in ENOSPC, nothing on the host', async () => {
    const sandboxed = await attacker(['--fill-tmp', '64', '--fill-shm', '64', '--fill-home', '64'], { tmpfsBytes: 16 * MIB });
    const report = await scanAttacker(sandboxed);
    for (const result of [report.fillTmp, report.fillShm, report.fillHome]) {
      assert.equal(result?.error, 'ENOSPC');
      assert.ok((result?.bytes ?? Infinity) <= 16 * MIB, `wrote ${String(result?.bytes)} bytes`);
    }
  });

  test("the process limit holds for the server's unprivileged user: 100 processes at once fail with EAGAIN under a limit of 48", async () => {
    const sandboxed = await attacker(['--spawn', '100'], { maxProcesses: 48 });
    const report = await scanAttacker(sandboxed);
    assert.equal(report.spawn?.error, 'EAGAIN');
    assert.ok((report.spawn?.started ?? 100) < 48, `started ${String(report.spawn?.started)}`);
  });

  test('the memory of the whole process tree is bounded: two children of 200 MiB cannot both hold it under a 256 MiB limit', async () => {
    const sandboxed = await attacker(['--hog', '2:200'], { memoryBytes: 256 * MIB });
    assert.notEqual(sandboxed.memoryBound, 'rlimit');
    assert.deepEqual(sandboxed.warnings, []);
    const report = await scanAttacker(sandboxed);
    assert.ok((report.hog?.heldTogether ?? 2) < 2, JSON.stringify(report.hog));
    assert.ok(report.hog?.exits.includes('SIGKILL'), JSON.stringify(report.hog));
  });

  test('the same children both hold their memory under a limit that fits them (the bound is the limit, not a broken server)', async () => {
    const sandboxed = await attacker(['--hog', '2:100'], { memoryBytes: 1024 * MIB });
    const report = await scanAttacker(sandboxed);
    assert.equal(report.hog?.heldTogether, 2, JSON.stringify(report.hog));
  });
});

describe('item 4: cgroups of a killed crawler', () => {
  test('are removed by the next crawl (removeStaleCgroups); those of running crawlers stay', async () => {
    const gone = spawn('true');
    await new Promise((resolve) => gone.once('exit', resolve));
    const parent = cgroupLayout().v1Memory as string;
    const stale = join(parent, `mcp-risk-${gone.pid as number}-0`);
    const live = join(parent, `mcp-risk-${process.pid}-999999`);
    mkdirSync(stale);
    mkdirSync(live);
    try {
      assert.ok((await removeStaleCgroups()) >= 1);
      assert.equal(existsSync(stale), false);
      assert.equal(existsSync(live), true);
    } finally {
      for (const dir of [stale, live]) if (existsSync(dir)) rmdirSync(dir);
    }
  });
});
