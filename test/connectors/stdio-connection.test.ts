import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/connectors/connect.js';
import { ServerError } from '../../src/errors.js';
import { flowforgeTarget, hostileTarget, isRunning, waitUntilGone } from '../fixtures/servers/fixture-processes.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

function assertServerError(code: string, message: RegExp | string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof ServerError, `expected a ServerError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  };
}

describe('connect over stdio', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-risk-stdio-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('returns an initialized client; calls reach the server; close is idempotent and ends the process', async () => {
    const callLog = join(dir, 'calls.jsonl');
    const pidFile = join(dir, 'flowforge.pid');
    const connection = await connect(
      {
        kind: 'stdio',
        command: process.execPath,
        args: [
          '-e',
          `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); import(${JSON.stringify(flowforgeScript())})`,
        ],
        env: { FLOWFORGE_CALL_LOG: callLog },
      },
      { timeoutMs: SAFETY_NET_MS },
    );
    try {
      assert.equal(connection.transport, 'stdio');
      assert.match(connection.protocolVersion, /^\d{4}-\d{2}-\d{2}$/);
      assert.deepEqual(connection.client.getServerVersion(), { name: 'flowforge', version: '1.4.0' });
      const result = await connection.client.callTool({ name: 'flowforge_cancel_run', arguments: { runId: 'run_1' } });
      assert.deepEqual(result.content, [{ type: 'text', text: 'flowforge: flowforge_cancel_run done' }]);
      const logged = JSON.parse(readFileSync(callLog, 'utf8').trim()) as { tool: string; arguments: unknown };
      assert.equal(logged.tool, 'flowforge_cancel_run');
      assert.deepEqual(logged.arguments, { runId: 'run_1' });
      assert.equal(connection.stderrTail(), '');
    } finally {
      await connection.close();
      await connection.close();
    }
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.equal(isRunning(pid), false);
  });

  test('keeps only a sanitised tail of a chatty stderr, and never blocks on it', async () => {
    const connection = await connect(hostileTarget('noisy-stderr'), { timeoutMs: SAFETY_NET_MS });
    try {
      // stderr and stdout are separate pipes: the tail may still be arriving after initialize.
      for (let waited = 0; !connection.stderrTail().endsWith('ready\n') && waited < SAFETY_NET_MS; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const tail = connection.stderrTail();
      assert.ok(tail.length > 3000 && tail.length <= 4096, `tail is ${tail.length} characters`);
      assert.doesNotMatch(tail, /[\u0000-\u0008\u000b-\u001f\u007f]/);
      assert.ok(tail.endsWith(`log line 999 bell  ${'x'.repeat(60)}\nlast line: ready\n`), tail.slice(-200));
      const listed = await connection.client.listTools();
      assert.deepEqual(
        listed.tools.map((tool) => tool.name),
        ['quiet_tool'],
      );
    } finally {
      await connection.close();
    }
  });

  test('close kills the whole process tree, grandchildren included', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const selfFile = join(dir, 'server.pid');
    const connection = await connect(hostileTarget('grandchild', { HOSTILE_PID_FILE: pidFile, HOSTILE_SELF_PID_FILE: selfFile }), {
      timeoutMs: SAFETY_NET_MS,
    });
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    const server = Number(readFileSync(selfFile, 'utf8'));
    assert.equal(isRunning(grandchild), true);
    assert.equal(isRunning(server), true);
    await connection.close();
    assert.equal(isRunning(server), false);
    assert.equal(await waitUntilGone(grandchild), true, `grandchild ${grandchild} still running`);
  });

  test('a forced close skips the graceful wait', async () => {
    const connection = await connect(hostileTarget('grandchild', { HOSTILE_PID_FILE: join(dir, 'forced.pid') }), {
      timeoutMs: SAFETY_NET_MS,
    });
    const start = performance.now();
    await connection.close({ force: true });
    assert.ok(performance.now() - start < 900, `took ${performance.now() - start} ms`);
    assert.equal(await waitUntilGone(Number(readFileSync(join(dir, 'forced.pid'), 'utf8'))), true);
  });

  test('spawn-failed names the missing command', async () => {
    await assert.rejects(
      connect({ kind: 'stdio', command: 'mcp-risk-missing-binary', args: [] }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('spawn-failed', 'command not found: "mcp-risk-missing-binary"'),
    );
  });

  test('spawn-failed when the command is not executable', async () => {
    await assert.rejects(
      connect({ kind: 'stdio', command: join(dir, '..'), args: [] }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('spawn-failed', `command is not executable: ${JSON.stringify(join(dir, '..'))}`),
    );
  });

  test('server-exited with exit code and last stderr line', async () => {
    await assert.rejects(
      connect(hostileTarget('exit-at-once'), { timeoutMs: SAFETY_NET_MS }),
      assertServerError(
        'server-exited',
        'server exited with code 3 before answering initialize (stderr: hostile: fatal: config file /etc/hostile.toml not found)',
      ),
    );
  });

  test('server-timeout when the server never answers, and the server is killed', async () => {
    const selfFile = join(dir, 'silent.pid');
    const start = performance.now();
    await assert.rejects(
      connect(hostileTarget('silent', { HOSTILE_SELF_PID_FILE: selfFile }), { timeoutMs: 1200 }),
      assertServerError('server-timeout', 'no answer to initialize within 1200 ms'),
    );
    const elapsed = performance.now() - start;
    assert.ok(elapsed >= 1150 && elapsed < 2200, `took ${elapsed} ms`);
    assert.equal(isRunning(Number(readFileSync(selfFile, 'utf8'))), false);
  });

  test('protocol-error when stdout carries only garbage', async () => {
    await assert.rejects(
      connect(hostileTarget('garbage'), { timeoutMs: 1200 }),
      assertServerError(
        'protocol-error',
        /^server wrote \d+ line\(s\) to stdout that are not JSON-RPC \(first: .+\) and no answer to initialize within 1200 ms$/,
      ),
    );
  });

  test('an aborted signal rejects with its reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 200);
    await assert.rejects(
      connect(hostileTarget('silent'), { timeoutMs: 2 * SAFETY_NET_MS, signal: controller.signal }),
      (error) => error === reason,
    );
    const already = new AbortController();
    already.abort(reason);
    await assert.rejects(connect(flowforgeTarget(), { timeoutMs: 2 * SAFETY_NET_MS, signal: already.signal }), (error) => error === reason);
  });
});

function flowforgeScript(): string {
  const target = flowforgeTarget();
  if (target.kind !== 'stdio' || target.args[0] === undefined) throw new Error('flowforge target is a stdio command');
  return target.args[0];
}
