/**
 * The HTTP guard as a real process in front of real HTTP servers: Flowforge over streamable HTTP
 * with per-token grants (two tokens, two policies, unknown tokens refused), and server-everything
 * over legacy SSE found by the automatic fallback.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { hashToken } from '../../src/guard/grants.js';
import { startEverything, startFlowforgeHttp, stopProcess, type RunningServer } from '../fixtures/servers/fixture-processes.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { withSafetyNet } from '../fixtures/safety-net.js';
import { CLI, readJsonLines, resultText, ROOT, waitFor, writePolicy } from './guard-process.js';

interface RunningGuard {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the guard and waits for its "listening on" line; kills it when it cannot get that far. */
async function startGuard(args: string[]): Promise<RunningGuard> {
  const child = spawn(process.execPath, [...CLI, 'guard', '--listen', '127.0.0.1:0', '--no-tty', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1];
      if (url !== undefined) resolve(url);
    });
    void exited.then((code) => reject(new Error(`the guard exited with ${String(code)} before listening: ${stderr}`)));
  });
  const url = await withSafetyNet(listening, 'the guard to listen').catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function connect(url: string, token: string | undefined): Promise<Client> {
  const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
  const client = new Client({ name: 'http-guard-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

function post(url: string, headers: Record<string, string>, body = INITIALIZE): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body,
  });
}

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-risk-guard-http-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('HTTP guard with grants in front of Flowforge (streamable HTTP)', () => {
  let flowforge: RunningServer;
  let guard: RunningGuard;
  let calls = '';
  let audit = '';

  before(async () => {
    calls = join(dir, 'calls.jsonl');
    audit = join(dir, 'audit.jsonl');
    flowforge = await startFlowforgeHttp({ FLOWFORGE_CALL_LOG: calls });
    writeFileSync(
      join(dir, 'alice.json'),
      JSON.stringify({
        version: '1',
        default: 'deny',
        hide: ['flowforge_cancel_run'],
        tools: { flowforge_get_run: { action: 'allow' }, flowforge_list_runs: { action: 'allow' } },
      }),
    );
    writeFileSync(
      join(dir, 'bob.yaml'),
      'version: "1"\ndefault: allow\ntools:\n  flowforge_get_run:\n    action: deny\n    reason: Not for bob.\n  flowforge_list_runs:\n    action: allow\n    rate_limit: { max: 1, window: 60 }\n',
    );
    writeFileSync(
      join(dir, 'grants.yaml'),
      `grants:\n  - label: alice\n    token: "${hashToken('alice-secret')}"\n    policy: alice.json\n  - label: bob\n    token: "${hashToken('bob-secret')}"\n    policy: bob.yaml\n`,
    );
    guard = await startGuard([
      '--upstream',
      flowforge.url,
      '--grants',
      join(dir, 'grants.yaml'),
      '--audit-log',
      audit,
      '--approvals-dir',
      join(dir, 'approvals'),
    ]);
  });

  after(async () => {
    await guard?.stop();
    await flowforge?.stop();
  });

  test('no token, an unknown token, a Basic header: 401 with a Bearer challenge', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer not-a-granted-token' },
      { Authorization: 'Basic YWxpY2U6c2VjcmV0' },
    ];
    for (const headers of attempts) {
      const response = await post(guard.url, headers);
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="mcp-risk guard"');
      assert.deepEqual(await response.json(), {
        jsonrpc: '2.0',
        error: { code: -32001, message: 'mcp-risk guard: a valid bearer token is required' },
        id: null,
      });
    }
    await assert.rejects(connect(guard.url, 'wrong'), (error: unknown) => error instanceof StreamableHTTPError && error.code === 401);
  });

  test('each token sees and may call what its own policy says', async () => {
    const alice = await connect(guard.url, 'alice-secret');
    const bob = await connect(guard.url, 'bob-secret');
    try {
      assert.deepEqual(
        (await alice.listTools()).tools.map((tool) => tool.name),
        ['flowforge_get_run', 'flowforge_list_runs'],
      );
      const bobTools = (await bob.listTools()).tools.map((tool) => tool.name);
      assert.equal(bobTools.length, 45);
      assert.ok(bobTools.includes('flowforge_cancel_run'));

      assert.equal(
        resultText(await alice.callTool({ name: 'flowforge_get_run', arguments: { runId: 'a1' } })),
        'flowforge: flowforge_get_run done',
      );
      assert.equal(
        resultText(await alice.callTool({ name: 'flowforge_cancel_run', arguments: { runId: 'a1' } })),
        'Blocked by mcp-risk guard: flowforge_cancel_run is hidden by the policy (rule /hide/0): hidden by the policy. The call was not sent to the server.',
      );
      assert.equal(
        resultText(await bob.callTool({ name: 'flowforge_get_run', arguments: { runId: 'b1' } })),
        'Blocked by mcp-risk guard: flowforge_get_run is denied by the policy (rule /tools/flowforge_get_run): Not for bob.. The call was not sent to the server.',
      );
      assert.equal(
        resultText(await bob.callTool({ name: 'flowforge_cancel_run', arguments: { runId: 'b1' } })),
        'flowforge: flowforge_cancel_run done',
      );

      // Bob's rate limit is his, across his sessions; Alice is not counted with him.
      assert.equal(resultText(await bob.callTool({ name: 'flowforge_list_runs', arguments: {} })), 'flowforge: flowforge_list_runs done');
      const bobAgain = await connect(guard.url, 'bob-secret');
      try {
        assert.match(
          resultText(await bobAgain.callTool({ name: 'flowforge_list_runs', arguments: {} })),
          /^Blocked by mcp-risk guard: rate limit reached for flowforge_list_runs /,
        );
      } finally {
        await bobAgain.close();
      }
      assert.equal(resultText(await alice.callTool({ name: 'flowforge_list_runs', arguments: {} })), 'flowforge: flowforge_list_runs done');

      assert.deepEqual(
        readJsonLines<{ tool: string; arguments: { runId?: string } }>(calls).map((line) => [line.tool, line.arguments.runId]),
        [
          ['flowforge_get_run', 'a1'],
          ['flowforge_cancel_run', 'b1'],
          ['flowforge_list_runs', undefined],
          ['flowforge_list_runs', undefined],
        ],
      );
      const events = readJsonLines<{ event: string; identity: string; tool: string; decision: string; upstream: string }>(audit).filter(
        (event) => event.event === 'call',
      );
      assert.deepEqual(
        events.map((event) => [event.identity, event.tool, event.decision, event.upstream]),
        [
          ['alice', 'flowforge_get_run', 'allow', 'ok'],
          ['alice', 'flowforge_cancel_run', 'hide', 'not-sent'],
          ['bob', 'flowforge_get_run', 'deny', 'not-sent'],
          ['bob', 'flowforge_cancel_run', 'allow', 'ok'],
          ['bob', 'flowforge_list_runs', 'allow', 'ok'],
          ['bob', 'flowforge_list_runs', 'rate-limited', 'not-sent'],
          ['alice', 'flowforge_list_runs', 'allow', 'ok'],
        ],
      );
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  test('a session answers only to the token that opened it', async () => {
    const opened = await post(guard.url, { Authorization: 'Bearer alice-secret' });
    assert.equal(opened.status, 200);
    const session = opened.headers.get('mcp-session-id') ?? '';
    assert.match(session, /^[0-9a-f-]{36}$/);
    await opened.body?.cancel();
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const hijack = await post(
      guard.url,
      { Authorization: 'Bearer bob-secret', 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' },
      list,
    );
    assert.equal(hijack.status, 404);
    assert.deepEqual(await hijack.json(), {
      jsonrpc: '2.0',
      error: { code: -32001, message: 'mcp-risk guard: session not found' },
      id: null,
    });
    const ended = await fetch(guard.url, {
      method: 'DELETE',
      headers: { Authorization: 'Bearer alice-secret', 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' },
    });
    assert.equal(ended.status, 200);
    const gone = await post(
      guard.url,
      { Authorization: 'Bearer alice-secret', 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' },
      list,
    );
    assert.equal(gone.status, 404);
  });

  test("a policy edit that takes a tool away sends notifications/tools/list_changed on the session's stream", async () => {
    let streamOpen: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
      streamOpen = resolve;
    });
    // The guard can only notify once the client's standalone stream (a GET) is open: seen here, as it opens.
    const watchingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'GET' && response.ok) streamOpen();
      return response;
    };
    const client = new Client({ name: 'http-guard-test', version: '1.0.0' });
    let listChanged = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      listChanged += 1;
    });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(guard.url), {
        requestInit: { headers: { Authorization: 'Bearer alice-secret' } },
        fetch: watchingFetch,
      }),
    );
    const alicePolicy = join(dir, 'alice.json');
    const original = readFileSync(alicePolicy, 'utf8');
    try {
      assert.deepEqual(client.getServerCapabilities()?.tools, { listChanged: true });
      assert.deepEqual(
        (await client.listTools()).tools.map((tool) => tool.name),
        ['flowforge_get_run', 'flowforge_list_runs'],
      );
      await opened;
      // default: deny, and flowforge_list_runs loses its rule.
      writePolicy(alicePolicy, { ...(JSON.parse(original) as object), tools: { flowforge_get_run: { action: 'allow' } } });
      await waitFor(() => listChanged === 1, 'the list change', 60_000).catch((error: unknown) => {
        throw new Error(`${String(error)}: ${guard.stderr()}`);
      });
      assert.deepEqual(
        (await client.listTools()).tools.map((tool) => tool.name),
        ['flowforge_get_run'],
      );
    } finally {
      writePolicy(alicePolicy, original);
      await client.close();
    }
  });
});

describe('HTTP guard in front of a legacy SSE server', () => {
  test('auto finds SSE after streamable HTTP is refused; the policy applies; SIGTERM stops the guard', async (t) => {
    const everything = await startEverything('sse');
    t.after(() => stopProcess(everything.child));
    const policy = join(dir, 'everything.json');
    writeFileSync(
      policy,
      JSON.stringify({ version: '1', default: 'allow', hide: ['get-env'], tools: { 'get-sum': { action: 'deny', reason: 'No maths.' } } }),
    );
    const guard = await startGuard(['--upstream', everything.url, '--policy', policy, '--approvals-dir', join(dir, 'approvals-sse')]);
    try {
      const client = await connect(guard.url, undefined);
      try {
        const names = (await client.listTools()).tools.map((tool) => tool.name);
        assert.equal(names.includes('get-env'), false);
        assert.equal(names.includes('echo'), true);
        assert.equal(resultText(await client.callTool({ name: 'echo', arguments: { message: 'through SSE' } })), 'Echo: through SSE');
        assert.equal(
          resultText(await client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } })),
          'Blocked by mcp-risk guard: get-sum is denied by the policy (rule /tools/get-sum): No maths.. The call was not sent to the server.',
        );
      } finally {
        await client.close();
      }
      assert.match(guard.stderr(), /mcp-risk guard: upstream speaks legacy SSE\n/);
      assert.match(guard.stderr(), /listening on http:\/\/127\.0\.0\.1:\d+\/mcp; no authentication, one identity: anonymous\n/);
    } finally {
      assert.equal(await guard.stop(), 0);
    }
  });
});

describe('HTTP guard in front of a server that wants Basic auth', () => {
  test('user:password in --upstream is sent as Basic auth and never printed', async (t) => {
    const flowforge = await startFlowforgeHttp({ FLOWFORGE_BASIC_AUTH: 'us er:p@ss:w0rd' });
    t.after(() => stopProcess(flowforge.child));
    const policy = join(dir, 'basic.json');
    writeFileSync(policy, JSON.stringify({ version: '1', default: 'allow' }));
    const upstream = new URL(flowforge.url);
    upstream.username = encodeURIComponent('us er');
    upstream.password = encodeURIComponent('p@ss:w0rd');
    const guard = await startGuard(['--upstream', upstream.href, '--policy', policy, '--approvals-dir', join(dir, 'approvals-basic')]);
    try {
      const client = await connect(guard.url, undefined);
      try {
        const names = (await client.listTools()).tools.map((tool) => tool.name);
        assert.equal(names.includes('flowforge_cancel_run'), true);
      } finally {
        await client.close();
      }
    } finally {
      assert.equal(await guard.stop(), 0);
    }
    assert.doesNotMatch(guard.stderr(), /p@ss|p%40ss|w0rd/);
  });
});
