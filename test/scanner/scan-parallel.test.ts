import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanServer } from '../../src/scanner/scan-server.js';
import { flowforgeTarget, hostileTarget, waitUntilGone } from '../fixtures/servers/fixture-processes.js';

test('several scans in parallel do not interfere', async () => {
  const start = performance.now();
  const [flowA, silent, flowB, many, exited, duplicates] = await Promise.all([
    scanServer(flowforgeTarget(), { timeoutMs: 8000, name: 'flow-a' }),
    scanServer(hostileTarget('silent'), { timeoutMs: 2000 }),
    scanServer(flowforgeTarget(), { timeoutMs: 8000, name: 'flow-b' }),
    scanServer(hostileTarget('many-tools'), { timeoutMs: 8000 }),
    scanServer(hostileTarget('exit-at-once'), { timeoutMs: 8000 }),
    scanServer(hostileTarget('duplicate-names'), { timeoutMs: 8000 }),
  ]);
  const elapsed = performance.now() - start;

  assert.equal(flowA.name, 'flow-a');
  assert.equal(flowB.name, 'flow-b');
  for (const flow of [flowA, flowB]) {
    assert.equal(flow.error, undefined);
    assert.equal(flow.tools.length, 45);
    assert.equal(flow.promptCount, 2);
    assert.equal(flow.resourceCount, 3);
    assert.deepEqual(flow.warnings, []);
  }
  assert.deepEqual(silent.error, { code: 'server-timeout', message: 'no answer to initialize within 2000 ms' });
  assert.equal(many.tools.length, 10_000);
  assert.equal(many.name, 'hostile-many-tools');
  assert.equal(exited.error?.code, 'server-exited');
  assert.deepEqual(
    duplicates.tools.map((tool) => tool.name),
    ['deploy', 'status'],
  );
  assert.deepEqual(duplicates.warnings, ['duplicate tool name "deploy" listed 3 times', 'duplicate tool name "status" listed 2 times']);
  // The slowest scan is the silent server's 2 s budget; the others run meanwhile.
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
});

test('an aborted scan rejects with the abort reason and kills the server', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-risk-abort-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pidFile = join(dir, 'server.pid');
  const controller = new AbortController();
  const reason = new Error('user pressed Ctrl-C');
  const scan = scanServer(hostileTarget('silent', { HOSTILE_SELF_PID_FILE: pidFile }), { timeoutMs: 20_000, signal: controller.signal });
  // Abort once the server runs (it writes its PID first thing).
  for (let waited = 0; !existsSync(pidFile) && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  const pid = Number(readFileSync(pidFile, 'utf8'));
  const start = performance.now();
  controller.abort(reason);
  await assert.rejects(scan, (error) => error === reason);
  assert.ok(performance.now() - start < 1000, `took ${performance.now() - start} ms after the abort`);
  assert.equal(await waitUntilGone(pid), true, `server ${pid} still running`);
});
