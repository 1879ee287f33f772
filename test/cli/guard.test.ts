/** `mcp-risk guard` and `mcp-risk approvals` on the command line: usage, exit codes, messages. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { ApprovalStore } from '../../src/guard/approval-store.js';
import { summarizeArguments } from '../../src/guard/call-arguments.js';
import { CLI, ROOT, runCli } from '../guard/guard-process.js';
import { memoryIo } from './cli-io.js';

let dir = '';
let policy = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-risk-cli-guard-'));
  policy = join(dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ version: '1', default: 'deny', hide: ['flowforge_cancel_run'] }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function runIn(args: string[], options: Parameters<typeof memoryIo>[0] = {}): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ cwd: dir, home: join(dir, 'home'), ...options });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('guard usage', () => {
  test('wrong combinations are usage errors (exit 2, one line)', async () => {
    const cases: [string[], string][] = [
      [['guard', '--policy', policy], 'guard needs the server: a command after -- (stdio) or --upstream <url> (HTTP)'],
      [
        ['guard', '--policy', policy, '--upstream', 'http://127.0.0.1:1/mcp', '--', 'node', 's.js'],
        'give either a command after -- (stdio) or --upstream <url> (HTTP), not both',
      ],
      [['guard', '--', 'node', 's.js'], '--policy <file> is required'],
      [
        ['guard', '--policy', policy, '--listen', '127.0.0.1:0', '--', 'node'],
        '--grants and --listen are for an HTTP guard (--upstream <url>)',
      ],
      [
        ['guard', '--policy', policy, '--approval-timeout', '5', '--', 'node'],
        '--approval-timeout takes milliseconds from 100 to 86400000 (got "5")',
      ],
      [['guard', '--policy', policy, '--upstream', 'ftp://x/mcp'], '--upstream must be an http(s) URL (got "ftp:")'],
      [
        ['guard', '--policy', policy, '--upstream', 'http://127.0.0.1:1/mcp', '--listen', 'nowhere'],
        '--listen takes host:port, e.g. 127.0.0.1:7331 (got "nowhere")',
      ],
      [['guard', 'install', '--config', 'x.json'], 'guard install needs --config <file>, --server <name> and --policy <file>'],
    ];
    for (const [args, message] of cases) {
      const result = await runIn(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.err, `mcp-risk: ${message}\n`);
      assert.equal(result.out, '');
    }
  });

  test('an invalid policy refuses to start, before any server is started', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        version: '1',
        default: 'deny',
        tools: { t: { action: 'deny', rate_limit: { max: 1, window: 1 } }, u: { action: 'maybe' } },
      }),
    );
    const result = await runIn(['guard', '--policy', bad, '--no-tty', '--', 'definitely-not-a-command']);
    assert.equal(result.code, 2);
    assert.equal(
      result.err,
      `mcp-risk: refusing to start: ${bad}: /tools/u/action: must be one of "allow", "deny", "require_approval", not the string "maybe" (and 1 more problem)\n`,
    );
    const missing = await runIn(['guard', '--policy', 'nope.json', '--no-tty', '--', 'node']);
    assert.equal(missing.err, `mcp-risk: refusing to start: cannot read ${join(dir, 'nope.json')}: file not found\n`);
  });

  test('an --approval-timeout clients do not wait for is warned about', async () => {
    const result = await runCli([
      'guard',
      '--policy',
      policy,
      '--no-tty',
      '--approval-timeout',
      '90000',
      '--',
      'no-such-server-command-xyz',
    ]);
    assert.equal(result.code, 3);
    assert.equal(
      result.stderr,
      'mcp-risk guard: --approval-timeout 90000 ms: clients built on the MCP SDK give up on a call after 60 s unless told to wait longer; raise the client\'s timeout too\nmcp-risk: command not found: "no-such-server-command-xyz"\n',
    );
  });

  test('hash-token prints the sha256 of the token on stdin', async () => {
    const result = await runIn(['guard', 'hash-token'], { stdin: 'test\n' });
    assert.deepEqual(result, { code: 0, out: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n', err: '' });
    const empty = await runIn(['guard', 'hash-token'], { stdin: '' });
    assert.equal(empty.code, 2);
    assert.equal(
      empty.err,
      'mcp-risk: hash-token reads the token on standard input (e.g. printf %s "$TOKEN" | mcp-risk guard hash-token)\n',
    );
  });
});

describe('guard install / uninstall on the command line', () => {
  test('round trip on a Claude Desktop config with comments', async () => {
    const config = join(dir, 'claude_desktop_config.json');
    copyFileSync(join(ROOT, 'test', 'guard', 'fixtures', 'configs', 'claude_desktop_config.json'), config);
    const original = readFileSync(config, 'utf8');
    const installed = await runIn([
      'guard',
      'install',
      '--config',
      config,
      '--server',
      'flowforge',
      '--policy',
      'policy.json',
      '--audit-log',
      'audit.jsonl',
    ]);
    assert.equal(installed.err, '');
    assert.equal(installed.code, 0);
    assert.equal(
      installed.out,
      `${config}: flowforge now runs through mcp-risk guard with ${policy} (backup: ${config}.mcp-risk.bak); restart the client to apply\n`,
    );
    const entry = (
      JSON.parse(readFileSync(config, 'utf8')) as { mcpServers: { flowforge: { command: string; args: string[]; env: object } } }
    ).mcpServers.flowforge;
    assert.equal(entry.command, process.execPath);
    assert.deepEqual(entry.args, [
      join(ROOT, 'dist', 'cli', 'main.js'),
      'guard',
      '--policy',
      policy,
      '--name',
      'flowforge',
      '--audit-log',
      join(dir, 'audit.jsonl'),
      '--',
      'node',
      '/opt/flowforge.mjs',
    ]);
    assert.deepEqual(entry.env, { FLOWFORGE_CALL_LOG: '/tmp/calls.jsonl' });

    const removed = await runIn(['guard', 'uninstall', '--config', config, '--server', 'flowforge']);
    assert.equal(removed.code, 0);
    assert.equal(
      removed.out,
      `${config}: flowforge no longer runs through mcp-risk guard (its command line restored from the backup, the rest of its entry kept; backup ${config}.mcp-risk.bak removed); restart the client to apply\n`,
    );
    assert.equal(readFileSync(config, 'utf8'), original);
  });

  test('installing a policy with approvals says they need the terminal', async () => {
    const config = join(dir, 'approvals-config.json');
    writeFileSync(config, '{"mcpServers": {"s": {"command": "node"}}}');
    const held = join(dir, 'held.json');
    writeFileSync(held, JSON.stringify({ version: '1', default: 'deny', tools: { charge: { action: 'require_approval' } } }));
    const result = await runIn(['guard', 'install', '--config', config, '--server', 's', '--policy', held]);
    assert.equal(result.code, 0, result.err);
    assert.equal(
      result.out.split('\n')[1],
      "note: 1 tool needs approval; the guard shows each call's approval code on its terminal, so they can be approved only when the client runs in a terminal (started from a desktop app, such calls are denied)",
    );
  });

  test('an invalid policy is not installed', async () => {
    const config = join(dir, 'other.json');
    writeFileSync(config, '{"mcpServers": {"s": {"command": "node"}}}');
    const bad = join(dir, 'bad-install.json');
    writeFileSync(bad, '{"version": "1"}');
    const result = await runIn(['guard', 'install', '--config', config, '--server', 's', '--policy', bad]);
    assert.equal(result.code, 2);
    assert.equal(result.err, `mcp-risk: not installing: ${bad}: /default: "default" is required\n`);
    assert.equal(readFileSync(config, 'utf8'), '{"mcpServers": {"s": {"command": "node"}}}');
  });
});

describe('approvals on the command line', () => {
  test('list (empty, then one), approve, unknown ids', async () => {
    const approvals = join(dir, 'approvals');
    const empty = await runIn(['approvals', 'list', '--approvals-dir', approvals]);
    assert.deepEqual(empty, { code: 0, out: `no calls waiting for approval in ${approvals}\n`, err: '' });
    const store = new ApprovalStore(approvals);
    mkdirSync(approvals, { recursive: true, mode: 0o700 });
    const now = Date.now();
    await store.add({
      version: 1,
      id: '0123456789ab',
      createdAt: new Date(now - 5000).toISOString(),
      expiresAt: new Date(now + 60_000).toISOString(),
      guardPid: process.pid,
      identity: 'stdio',
      server: 'flowforge',
      tool: 'flowforge_charge_customer\u001b[31m',
      rule: '/tools/flowforge_charge_customer',
      reason: 'Moves money.',
      argumentKeys: ['amount'],
      argumentsSha256: summarizeArguments({ amount: 5 }).sha256,
      arguments: '{\n  "amount": 5\n}',
    });
    const json = await runIn(['approvals', 'list', '--approvals-dir', approvals, '--json']);
    assert.equal((JSON.parse(json.out) as { approvals: { id: string }[] }).approvals[0]?.id, '0123456789ab');
    const listed = await runIn(['approvals', 'list', '--approvals-dir', approvals]);
    assert.equal(
      listed.out,
      `0123456789ab  flowforge_charge_customer on flowforge for stdio  (waiting 5 s, 60 s left)\n    /tools/flowforge_charge_customer: Moves money.\n    arguments (sha256 ${summarizeArguments({ amount: 5 }).sha256?.slice(0, 12)}): { "amount": 5 }\n`,
    );
    const withoutCode = await runIn(['approvals', 'approve', '01234', '--approvals-dir', approvals]);
    assert.deepEqual(withoutCode, {
      code: 2,
      out: '',
      err: "mcp-risk: approving needs the code shown at the guard's terminal (--code, or type it when asked)\n",
    });
    assert.equal(await store.decisionFor('0123456789ab'), undefined);
    const approved = await runIn(['approvals', 'approve', '01234', '--approvals-dir', approvals], { stdin: 'k7qx-m2pd\n' });
    assert.deepEqual(approved, {
      code: 0,
      out: 'approval of 0123456789ab sent: flowforge_charge_customer on flowforge for stdio (the guard lets the call through if the code is right; a wrong code denies it)\n',
      err: '',
    });
    assert.equal((await store.decisionFor('0123456789ab'))?.decision, 'approve');
    const unknown = await runIn(['approvals', 'deny', 'ffff', '--approvals-dir', approvals]);
    assert.deepEqual(unknown, { code: 2, out: '', err: `mcp-risk: no pending approval ffff in ${approvals}\n` });
  });

  test('an approvals folder others may write is refused (exit 2, one line)', async () => {
    const open = join(dir, 'open-approvals');
    mkdirSync(open);
    chmodSync(open, 0o777);
    for (const args of [['list'], ['deny', 'abcd'], ['approve', 'abcd', '--code', 'K7QX-M2PD']]) {
      const result = await runIn(['approvals', ...args, '--approvals-dir', open]);
      assert.deepEqual(
        result,
        { code: 2, out: '', err: `mcp-risk: refusing the approvals folder ${open}: mode 0777 lets others in; chmod 700 it\n` },
        args.join(' '),
      );
    }
  });
});

describe('guard as a process', () => {
  test('a server that cannot be started: exit 3, one line', async () => {
    const result = await runCli(['guard', '--policy', policy, '--no-tty', '--', 'no-such-server-command-xyz']);
    assert.equal(result.code, 3);
    assert.equal(result.stderr, 'mcp-risk: command not found: "no-such-server-command-xyz"\n');
    assert.equal(result.stdout, '');
  });

  test('a server that exits by itself ends the guard with exit 3; the client closing ends it with 0', async () => {
    const exits = async (serverCode: string, closeInput: boolean): Promise<{ code: number | null; stderr: string }> => {
      const child = spawn(process.execPath, [...CLI, 'guard', '--policy', policy, '--no-tty', '--', process.execPath, '-e', serverCode], {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.stdout.resume();
      if (closeInput) {
        const started = new Promise<void>((resolve) =>
          child.stderr.on('data', () => (stderr.includes('server started') ? resolve() : undefined)),
        );
        await started;
        child.stdin.end();
      }
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { code, stderr };
    };
    const died = await exits('setTimeout(() => process.exit(4), 300)', false);
    assert.equal(died.code, 3);
    assert.match(died.stderr, /^mcp-risk guard: server started \(pid \d+\): node\nmcp-risk guard: the server exited with code 4\n$/);
    const closed = await exits('process.stdin.resume(); process.stdin.on("end", () => process.exit(0))', true);
    assert.equal(closed.code, 0);
    assert.match(closed.stderr, /^mcp-risk guard: server started \(pid \d+\): node\n$/);
  });

  test('SIGTERM or SIGHUP as soon as the server has started: the guard stops it and exits 0', async () => {
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      const server = 'process.stdin.resume(); setInterval(() => undefined, 1000)';
      const child = spawn(process.execPath, [...CLI, 'guard', '--policy', policy, '--no-tty', '--', process.execPath, '-e', server], {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      child.stdout.resume();
      let stderr = '';
      const pid = await new Promise<number>((resolve) =>
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          const started = /server started \(pid (\d+)\)/.exec(stderr);
          if (started) resolve(Number(started[1]));
        }),
      );
      const exited = new Promise<[number | null, string | null]>((resolve) =>
        child.on('exit', (code, killedBy) => resolve([code, killedBy])),
      );
      child.kill(signal);
      assert.deepEqual(await exited, [0, null], `${signal}: ${stderr}`);
      let alive = true;
      for (let waited = 0; alive && waited < 5000; waited += 100) {
        try {
          process.kill(pid, 0);
          await new Promise((resolve) => setTimeout(resolve, 100));
        } catch {
          alive = false;
        }
      }
      if (alive) process.kill(pid, 'SIGKILL');
      assert.equal(alive, false, `${signal}: the server outlived the guard`);
    }
  });
});
