/**
 * The stdio guard as a real process between an SDK client and the Flowforge fixture (and the relay
 * fixture for pass-through): what the agent sees, what reaches the server (Flowforge's call log),
 * rate limits, hot reload, the audit log, and the server's process tree at the end (approvals, which need
 * the guard's terminal: test/guard/approvals.test.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateMessageRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ToolListChangedNotificationSchema,
  type Notification,
} from '@modelcontextprotocol/sdk/types.js';
import { isRunning, waitUntilGone } from '../fixtures/servers/fixture-processes.js';
import {
  connectThroughGuard,
  FLOWFORGE_SCRIPT,
  readJsonLines,
  RELAY_SERVER,
  resultText,
  serverPid,
  waitFor,
  writePolicy,
} from './guard-process.js';

const FLOWFORGE = [process.execPath, FLOWFORGE_SCRIPT];
const SHA256 = /^[0-9a-f]{64}$/;

interface CallEvent {
  time: string;
  event: string;
  identity: string;
  server: string;
  tool: string;
  decision: string;
  rule: string;
  reason: string;
  argumentKeys: string[];
  argumentsHmac: string;
  upstream: string;
  latencyMs: number;
  approvalId?: string;
  retryAfterMs?: number;
  upstreamError?: string;
  message?: string;
  file?: string;
}

const POLICY = {
  version: '1',
  default: 'deny',
  hide: ['flowforge_cancel_run'],
  tools: {
    flowforge_get_run: { action: 'allow', reason: 'Reads one run.' },
    flowforge_list_runs: { action: 'allow' },
    flowforge_delete_workflow: { action: 'deny', reason: 'Destroys workflows.' },
    // A window the three calls below fit in even on a busy machine (they take milliseconds when idle).
    flowforge_run_sql: { action: 'allow', rate_limit: { max: 2, window: 5 } },
    flowforge_charge_customer: { action: 'require_approval', reason: 'Moves money.' },
  },
  metadata: { hidden: { flowforge_cancel_run: { reason: 'Cancels runs for good.' } } },
};

let dir = '';
let counter = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-risk-guard-stdio-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function files(): { policy: string; audit: string; calls: string; approvals: string } {
  counter += 1;
  const policy = join(dir, `policy-${counter}.json`);
  writeFileSync(policy, JSON.stringify(POLICY));
  return {
    policy,
    audit: join(dir, `audit-${counter}.jsonl`),
    calls: join(dir, `calls-${counter}.jsonl`),
    approvals: join(dir, `approvals-${counter}`),
  };
}

function calledTools(file: string): string[] {
  return readJsonLines<{ tool: string }>(file).map((line) => line.tool);
}

describe('stdio guard in front of Flowforge', () => {
  test('hidden tools vanish, denied calls never reach the server, rate limits trip and recover, every decision is audited; the server dies with the session', async () => {
    const f = files();
    const guarded = await connectThroughGuard(
      ['--policy', f.policy, '--audit-log', f.audit, '--no-tty', '--approvals-dir', f.approvals],
      FLOWFORGE,
      {
        env: { FLOWFORGE_CALL_LOG: f.calls },
      },
    );
    const pid = await serverPid(guarded);
    const { client } = guarded;
    try {
      const listed = await client.listTools();
      assert.deepEqual(listed.tools.map((tool) => tool.name).sort(), [
        'flowforge_charge_customer',
        'flowforge_get_run',
        'flowforge_list_runs',
        'flowforge_run_sql',
      ]);
      assert.deepEqual(client.getServerVersion(), { name: 'flowforge', version: '1.4.0' });

      const allowed = await client.callTool({ name: 'flowforge_get_run', arguments: { runId: 'run_1' } });
      assert.deepEqual(allowed, {
        content: [{ type: 'text', text: 'flowforge: flowforge_get_run done' }],
        structuredContent: { runId: 'run_1', status: 'completed' },
      });

      const hidden = await client.callTool({ name: 'flowforge_cancel_run', arguments: { runId: 'run_1' } });
      assert.deepEqual(hidden, {
        content: [
          {
            type: 'text',
            text: 'Blocked by mcp-risk guard: flowforge_cancel_run is hidden by the policy (rule /hide/0): Cancels runs for good.. The call was not sent to the server.',
          },
        ],
        isError: true,
      });
      const denied = await client.callTool({ name: 'flowforge_delete_workflow', arguments: { workflowId: 'wf_1', confirm: true } });
      assert.equal(denied.isError, true);
      assert.equal(
        resultText(denied),
        'Blocked by mcp-risk guard: flowforge_delete_workflow is denied by the policy (rule /tools/flowforge_delete_workflow): Destroys workflows.. The call was not sent to the server.',
      );
      const unlisted = await client.callTool({ name: 'flowforge_purge_logs', arguments: {} });
      assert.equal(
        resultText(unlisted),
        'Blocked by mcp-risk guard: flowforge_purge_logs is denied by the policy (rule /default): the policy allows only the tools it lists (default: deny). The call was not sent to the server.',
      );

      // max 2 per 5 s: the third call trips, and after the window the calls go through again.
      for (const n of [1, 2])
        assert.equal(
          resultText(await client.callTool({ name: 'flowforge_run_sql', arguments: { sql: `select ${n}` } })),
          'flowforge: flowforge_run_sql done',
        );
      const limited = await client.callTool({ name: 'flowforge_run_sql', arguments: { sql: 'select 3' } });
      assert.equal(limited.isError, true);
      const retry = /retryAfterMs (\d+),/.exec(resultText(limited));
      assert.match(
        resultText(limited),
        /^Blocked by mcp-risk guard: rate limit reached for flowforge_run_sql \(rule \/tools\/flowforge_run_sql\/rate_limit: at most 2 calls in 5 s\)\. Retry in [0-5]\.\d s \(retryAfterMs \d+, at \d{4}-\d\d-\d\dT[\d:.]+Z\)\. The call was not sent to the server\.$/,
      );
      const retryAfter = Number(retry?.[1]);
      assert.ok(retryAfter > 0 && retryAfter <= 5000, `retry after ${retryAfter} ms`);
      await new Promise((resolve) => setTimeout(resolve, retryAfter + 20));
      assert.equal(
        resultText(await client.callTool({ name: 'flowforge_run_sql', arguments: { sql: 'select 4' } })),
        'flowforge: flowforge_run_sql done',
      );

      assert.deepEqual(calledTools(f.calls), ['flowforge_get_run', 'flowforge_run_sql', 'flowforge_run_sql', 'flowforge_run_sql']);
      assert.deepEqual(
        readJsonLines<{ arguments: unknown }>(f.calls).map((line) => line.arguments),
        [{ runId: 'run_1' }, { sql: 'select 1' }, { sql: 'select 2' }, { sql: 'select 4' }],
      );

      // Prompts and resources pass through untouched.
      assert.deepEqual(
        (await client.listPrompts()).prompts.map((prompt) => prompt.name),
        ['summarize_run', 'draft_workflow'],
      );
      assert.deepEqual(await client.getPrompt({ name: 'summarize_run', arguments: { runId: 'run_9' } }), {
        messages: [{ role: 'user', content: { type: 'text', text: 'Prompt summarize_run with {"runId":"run_9"}' } }],
      });
      assert.deepEqual(
        (await client.listResources()).resources.map((resource) => resource.uri),
        ['flowforge://workflows', 'flowforge://runs/recent', 'flowforge://docs/step-types'],
      );
      assert.deepEqual(await client.readResource({ uri: 'flowforge://workflows' }), {
        contents: [{ uri: 'flowforge://workflows', mimeType: 'application/json', text: '[]' }],
      });
    } finally {
      await guarded.close();
    }
    assert.equal(await waitUntilGone(pid), true, 'the server outlived the session');

    const events = readJsonLines<CallEvent>(f.audit);
    assert.deepEqual(events[0], { time: events[0]?.time, event: 'policy-loaded', file: f.policy });
    const calls = events.filter((event) => event.event === 'call');
    assert.deepEqual(
      calls.map((event) => [event.tool, event.decision, event.rule, event.upstream]),
      [
        ['flowforge_get_run', 'allow', '/tools/flowforge_get_run', 'ok'],
        ['flowforge_cancel_run', 'hide', '/hide/0', 'not-sent'],
        ['flowforge_delete_workflow', 'deny', '/tools/flowforge_delete_workflow', 'not-sent'],
        ['flowforge_purge_logs', 'deny', '/default', 'not-sent'],
        ['flowforge_run_sql', 'allow', '/tools/flowforge_run_sql', 'ok'],
        ['flowforge_run_sql', 'allow', '/tools/flowforge_run_sql', 'ok'],
        ['flowforge_run_sql', 'rate-limited', '/tools/flowforge_run_sql/rate_limit', 'not-sent'],
        ['flowforge_run_sql', 'allow', '/tools/flowforge_run_sql', 'ok'],
      ],
    );
    const first = calls[0];
    assert.deepEqual(Object.keys(first ?? {}), [
      'time',
      'event',
      'identity',
      'server',
      'tool',
      'decision',
      'rule',
      'reason',
      'argumentKeys',
      'argumentsHmac',
      'upstream',
      'latencyMs',
    ]);
    assert.equal(first?.identity, 'stdio');
    assert.equal(first?.server, 'flowforge');
    assert.equal(first?.reason, 'Reads one run.');
    assert.deepEqual(first?.argumentKeys, ['runId']);
    assert.match(first?.argumentsHmac ?? '', SHA256);
    assert.ok((first?.latencyMs ?? -1) >= 0);
    assert.deepEqual(calls[2]?.argumentKeys, ['workflowId', 'confirm']);
    assert.equal(calls[6]?.retryAfterMs, retryAfterFrom(calls[6]));
    // Values never reach the audit log.
    assert.doesNotMatch(JSON.stringify(events), /select 1|run_1|wf_1/);
  });

  test('hot reload: a valid edit applies at once, an invalid one is ignored and logged', async () => {
    const f = files();
    const guarded = await connectThroughGuard(
      ['--policy', f.policy, '--audit-log', f.audit, '--no-tty', '--approvals-dir', f.approvals],
      FLOWFORGE,
      {
        env: { FLOWFORGE_CALL_LOG: f.calls },
      },
    );
    const { client } = guarded;
    const reloads = (kind: string): number => readJsonLines<CallEvent>(f.audit).filter((event) => event.event === kind).length;
    try {
      writePolicy(f.policy, {
        ...POLICY,
        hide: ['flowforge_cancel_run', 'flowforge_get_run'],
        tools: { ...POLICY.tools, flowforge_get_run: undefined },
      });
      await waitFor(() => reloads('policy-reloaded') === 1, 'the reload');
      assert.deepEqual((await client.listTools()).tools.map((tool) => tool.name).sort(), [
        'flowforge_charge_customer',
        'flowforge_list_runs',
        'flowforge_run_sql',
      ]);
      assert.equal(
        resultText(await client.callTool({ name: 'flowforge_get_run', arguments: { runId: 'r' } })),
        'Blocked by mcp-risk guard: flowforge_get_run is hidden by the policy (rule /hide/1): hidden by the policy. The call was not sent to the server.',
      );

      writePolicy(f.policy, { version: '1', default: 'allow', tools: { flowforge_list_runs: { action: 'maybe' } } });
      // The audit line and the stderr line travel on different pipes: wait for both.
      await waitFor(() => reloads('policy-rejected') === 1 && /policy not reloaded/.test(guarded.stderr()), 'the rejected reload');
      assert.match(
        guarded.stderr(),
        /mcp-risk guard: policy not reloaded, the previous one stays in force: .*policy-\d+\.json: \/tools\/flowforge_list_runs\/action: must be one of "allow", "deny", "require_approval", not the string "maybe"\n/,
      );
      const rejected = readJsonLines<CallEvent>(f.audit).find((event) => event.event === 'policy-rejected');
      assert.equal(
        rejected?.message,
        `${f.policy}: /tools/flowforge_list_runs/action: must be one of "allow", "deny", "require_approval", not the string "maybe"`,
      );
      // The last valid policy is still in force.
      assert.equal(resultText(await client.callTool({ name: 'flowforge_purge_logs', arguments: {} })).includes('(rule /default)'), true);
      assert.equal((await client.listTools()).tools.length, 3);
      assert.deepEqual(calledTools(f.calls), []);
    } finally {
      await guarded.close();
    }
  });

  test('a policy edit that hides or shows a tool sends notifications/tools/list_changed, though Flowforge announces no list changes; an edit that changes nothing visible does not', async () => {
    const f = files();
    let listChanged = 0;
    const guarded = await connectThroughGuard(
      ['--policy', f.policy, '--audit-log', f.audit, '--no-tty', '--approvals-dir', f.approvals],
      FLOWFORGE,
      {
        beforeConnect: (client) => {
          client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
            listChanged += 1;
          });
        },
      },
    );
    const { client } = guarded;
    const reloads = (): number => readJsonLines<CallEvent>(f.audit).filter((event) => event.event === 'policy-reloaded').length;
    try {
      // The guard tells the client the list may change: it changes it on every reload that hides or shows a tool.
      assert.deepEqual(client.getServerCapabilities()?.tools, { listChanged: true });
      assert.equal((await client.listTools()).tools.length, 4);

      writePolicy(f.policy, {
        ...POLICY,
        hide: ['flowforge_cancel_run', 'flowforge_get_run'],
        tools: { ...POLICY.tools, flowforge_get_run: undefined },
      });
      await waitFor(() => listChanged === 1, 'the list change after hiding a tool');
      assert.deepEqual((await client.listTools()).tools.map((tool) => tool.name).sort(), [
        'flowforge_charge_customer',
        'flowforge_list_runs',
        'flowforge_run_sql',
      ]);

      // Only a reason changes: the agent sees the same tools, nothing is announced.
      writePolicy(f.policy, {
        ...POLICY,
        hide: ['flowforge_cancel_run', 'flowforge_get_run'],
        tools: { ...POLICY.tools, flowforge_get_run: undefined, flowforge_list_runs: { action: 'allow', reason: 'Lists runs.' } },
      });
      await waitFor(() => reloads() === 2, 'the second reload');

      // Showing a tool again is announced; the edit in between announced nothing (notifications arrive in order).
      writePolicy(f.policy, POLICY);
      await waitFor(() => reloads() === 3 && listChanged >= 2, 'the list change after showing the tool again');
      assert.equal(listChanged, 2);
      assert.equal((await client.listTools()).tools.length, 4);
    } finally {
      await guarded.close();
    }
  });

  test("the server's whole process tree is killed when the client goes away", async () => {
    const f = files();
    // A launcher that starts the real server as its child and never exits by itself (like npx).
    const launcher = `const c = require('child_process').spawn(process.execPath, [${JSON.stringify(FLOWFORGE_SCRIPT)}], { stdio: 'inherit' }); process.stderr.write('child ' + c.pid + '\\n'); setInterval(() => {}, 1000);`;
    const guarded = await connectThroughGuard(
      ['--policy', f.policy, '--no-tty', '--approvals-dir', f.approvals],
      [process.execPath, '-e', launcher],
    );
    const root = await serverPid(guarded);
    const child = Number(await waitFor(() => /child (\d+)/.exec(guarded.stderr())?.[1], 'the child pid'));
    assert.equal(
      resultText(await guarded.client.callTool({ name: 'flowforge_list_runs', arguments: {} })),
      'flowforge: flowforge_list_runs done',
    );
    assert.equal(isRunning(child), true);
    await guarded.close();
    assert.equal(await waitUntilGone(root), true, 'the launcher outlived the session');
    assert.equal(await waitUntilGone(child), true, "the launcher's child outlived the session");
  });
});

describe('stdio guard pass-through (relay fixture)', () => {
  test('pages of tools/list are filtered; notifications, progress, server requests and client notifications pass; a reload announces list changes', async () => {
    const policy = join(dir, 'relay-policy.json');
    writeFileSync(policy, JSON.stringify({ version: '1', default: 'allow', hide: ['secret_export'] }));
    const logs: unknown[] = [];
    let listChanged = 0;
    const guarded = await connectThroughGuard(
      ['--policy', policy, '--no-tty', '--approvals-dir', join(dir, 'relay-approvals')],
      [process.execPath, RELAY_SERVER],
      {
        clientOptions: { capabilities: { roots: { listChanged: true }, sampling: {} } },
        beforeConnect: (client) => {
          client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: 'file:///work/project', name: 'project' }] }));
          client.setRequestHandler(CreateMessageRequestSchema, () => ({
            role: 'assistant',
            content: { type: 'text', text: 'hi there' },
            model: 'test-model',
          }));
          client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logs.push(notification.params.data));
          client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
            listChanged += 1;
          });
        },
      },
    );
    const { client } = guarded;
    try {
      const page1 = await client.listTools();
      assert.deepEqual(
        page1.tools.map((tool) => tool.name),
        ['echo'],
      );
      assert.equal(page1.nextCursor, 'page-2');
      const page2 = await client.listTools({ cursor: 'page-2' });
      assert.deepEqual(
        page2.tools.map((tool) => tool.name),
        ['notify', 'ask_client', 'seen'],
      );
      assert.equal(page2.nextCursor, undefined);

      assert.equal(
        resultText(await client.callTool({ name: 'echo', arguments: { text: 'ünïcødé ✓', nested: { b: 2, a: 1 } } })),
        '{"text":"ünïcødé ✓","nested":{"b":2,"a":1}}',
      );

      const progress: Notification['params'][] = [];
      const notified = await client.callTool({ name: 'notify', arguments: {} }, undefined, {
        onprogress: (value) => void progress.push(value),
      });
      assert.equal(resultText(notified), 'notified');
      await waitFor(() => logs.length === 1 && listChanged === 1, 'the log message and the list change');
      assert.deepEqual(logs, ['hello from the server']);
      assert.deepEqual(progress, [{ progress: 1, total: 2 }]);

      assert.equal(
        resultText(await client.callTool({ name: 'ask_client', arguments: {} })),
        '{"roots":["file:///work/project"],"sample":"hi there"}',
      );

      await client.sendRootsListChanged();
      await waitFor(
        async () => resultText(await client.callTool({ name: 'seen', arguments: {} })) === '["notifications/roots/list_changed"]',
        'the client notification at the server',
      );

      writePolicy(policy, { version: '1', default: 'allow', hide: ['secret_export', 'echo'] });
      await waitFor(() => listChanged === 2, 'the list change after the reload');
      assert.deepEqual(
        (await client.listTools()).tools.map((tool) => tool.name),
        [],
      );
    } finally {
      await guarded.close();
    }
  });
});

function retryAfterFrom(event: CallEvent | undefined): number | undefined {
  return typeof event?.retryAfterMs === 'number' && event.retryAfterMs > 0 && event.retryAfterMs <= 5000 ? event.retryAfterMs : -1;
}
