import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanServer } from '../../src/scanner/scan-server.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';
import { flowforgeTarget, hostileTarget, waitUntilGone } from '../fixtures/servers/fixture-processes.js';

test('several scans in parallel do not interfere', async () => {
  const [flowA, silent, flowB, many, exited, duplicates] = await Promise.all([
    scanServer(flowforgeTarget(), { timeoutMs: SAFETY_NET_MS, name: 'flow-a' }),
    scanServer(hostileTarget('silent'), { timeoutMs: 2000 }),
    scanServer(flowforgeTarget(), { timeoutMs: SAFETY_NET_MS, name: 'flow-b' }),
    scanServer(hostileTarget('many-tools'), { timeoutMs: SAFETY_NET_MS }),
    scanServer(hostileTarget('exit-at-once'), { timeoutMs: SAFETY_NET_MS }),
    scanServer(hostileTarget('duplicate-names'), { timeoutMs: SAFETY_NET_MS }),
  ]);

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
});

test('an aborted scan rejects with the abort reason and kills the server', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-risk-abort-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pidFile = join(dir, 'server.pid');
  const controller = new AbortController();
  const reason = new Error('user pressed Ctrl-C');
  // A budget longer than the safety net: only the abort can end this scan with its reason.
  const scan = scanServer(hostileTarget('silent', { HOSTILE_SELF_PID_FILE: pidFile }), {
    timeoutMs: 2 * SAFETY_NET_MS,
    signal: controller.signal,
  });
  // Abort once the server runs (it writes its PID first thing; the deadline is a safety net).
  for (const end = Date.now() + SAFETY_NET_MS; !existsSync(pidFile) && Date.now() < end;)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const pid = Number(readFileSync(pidFile, 'utf8'));
  controller.abort(reason);
  await assert.rejects(scan, (error) => error === reason);
  assert.equal(await waitUntilGone(pid), true, `server ${pid} still running`);
});
