/**
 * The relay at the message level, between two pairs of the SDK's in-memory transports: what
 * passes unchanged and in order, what the guard answers itself, and how failures are answered.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { ApprovalStore } from '../../src/guard/approval-store.js';
import { ApprovalBroker } from '../../src/guard/approvals.js';
import type { AuditEvent, AuditSink } from '../../src/guard/audit-log.js';
import { WatchedPolicy } from '../../src/guard/policy-watcher.js';
import { GuardRelay, MAX_IN_FLIGHT } from '../../src/guard/relay.js';

let dir = '';
let policy: WatchedPolicy;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-risk-relay-'));
  const file = join(dir, 'policy.json');
  writeFileSync(
    file,
    JSON.stringify({ version: '1', default: 'allow', hide: ['wipe'], tools: { run_sql: { action: 'deny', reason: 'No SQL.' } } }),
  );
  policy = await WatchedPolicy.open(file, { audit: { write: () => undefined, close: () => undefined }, log: () => undefined });
});
after(() => {
  policy.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Harness {
  client: InMemoryTransport;
  server: InMemoryTransport;
  atClient: JSONRPCMessage[];
  atServer: JSONRPCMessage[];
  events: AuditEvent[];
  lines: string[];
  relay: GuardRelay;
}

async function harness(upstreamOverride?: Transport): Promise<Harness> {
  const [client, downstream] = InMemoryTransport.createLinkedPair();
  const [upstream, server] = InMemoryTransport.createLinkedPair();
  const atClient: JSONRPCMessage[] = [];
  const atServer: JSONRPCMessage[] = [];
  client.onmessage = (message) => void atClient.push(structuredClone(message));
  server.onmessage = (message) => void atServer.push(structuredClone(message));
  const events: AuditEvent[] = [];
  const lines: string[] = [];
  const audit: AuditSink = { write: (event) => void events.push(event), close: () => undefined };
  const approvals = new ApprovalBroker({
    store: new ApprovalStore(join(dir, 'approvals')),
    timeoutMs: 1000,
    terminal: null,
    ask: false,
    log: () => undefined,
  });
  const relay = new GuardRelay({
    downstream,
    upstream: upstreamOverride ?? upstream,
    identity: 'stdio',
    policy,
    approvals,
    audit,
    fallbackServerName: 'fixture',
    log: (line) => lines.push(line),
  });
  await Promise.all([client.start(), downstream.start(), upstream.start(), server.start()]);
  return { client, server, atClient, atServer, events, lines, relay };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('relay', () => {
  test('everything but tools/call and tools/list passes unchanged, in order, ids untouched (1 and "1" stay apart)', async () => {
    const h = await harness();
    const fromClient: JSONRPCMessage[] = [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: { roots: {} }, clientInfo: { name: 'c', version: '1' } },
      },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: '1', method: 'resources/read', params: { uri: 'file:///x', _meta: { progressToken: 'p' } } },
      { jsonrpc: '2.0', id: 2, method: 'prompts/get', params: { name: 'p', arguments: { a: 'b' } } },
      { jsonrpc: '2.0', id: 70, result: { roots: [{ uri: 'file:///w' }] } },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 2, reason: 'gone' } },
    ];
    for (const message of fromClient) await h.client.send(structuredClone(message));
    const fromServer: JSONRPCMessage[] = [
      {
        jsonrpc: '2.0',
        id: 1,
        result: {
          protocolVersion: '2025-06-18',
          capabilities: { tools: { listChanged: true } },
          serverInfo: { name: 'srv', version: '2' },
        },
      },
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'p', progress: 1 } },
      { jsonrpc: '2.0', id: 70, method: 'roots/list' },
      { jsonrpc: '2.0', id: '1', error: { code: -32002, message: 'Resource not found', data: { uri: 'file:///x' } } },
      { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: { nested: [1, 2] } } },
    ];
    for (const message of fromServer) await h.server.send(structuredClone(message));
    await tick();
    assert.deepEqual(h.atServer, fromClient);
    assert.deepEqual(h.atClient, fromServer);
    assert.equal(h.relay.serverName, 'srv');
    assert.deepEqual(h.events, []);
  });

  test('a stopped call is answered here with its own id; a call without a name is invalid params', async () => {
    const h = await harness();
    await h.client.send({
      jsonrpc: '2.0',
      id: 'call-7',
      method: 'tools/call',
      params: { name: 'run_sql', arguments: { sql: 'drop table x' } },
    });
    await h.client.send({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { arguments: {} } });
    await tick();
    assert.deepEqual(h.atServer, []);
    assert.deepEqual(h.atClient, [
      {
        jsonrpc: '2.0',
        id: 'call-7',
        result: {
          content: [
            {
              type: 'text',
              text: 'Blocked by mcp-risk guard: run_sql is denied by the policy (rule /tools/run_sql): No SQL.. The call was not sent to the server.',
            },
          ],
          isError: true,
        },
      },
      { jsonrpc: '2.0', id: 8, error: { code: -32602, message: 'mcp-risk guard: tools/call needs params.name, a string' } },
    ]);
    assert.equal(h.events.length, 1);
  });

  test('tools/list answers lose hidden tools and keep everything else; a cancelled call is audited at once', async () => {
    const h = await harness();
    await h.client.send({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: { cursor: 'c1' } });
    await h.server.send({
      jsonrpc: '2.0',
      id: 3,
      result: {
        tools: [
          { name: 'wipe', inputSchema: {} },
          { name: 'read', inputSchema: {} },
        ],
        nextCursor: 'c2',
        _meta: { k: 1 },
      },
    });
    await h.client.send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'read', arguments: { a: 1 } } });
    await h.client.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 4 } });
    await tick();
    assert.deepEqual(h.atClient, [
      { jsonrpc: '2.0', id: 3, result: { tools: [{ name: 'read', inputSchema: {} }], nextCursor: 'c2', _meta: { k: 1 } } },
    ]);
    assert.deepEqual(
      h.atServer.map((message) => ('method' in message ? message.method : 'response')),
      ['tools/list', 'tools/call', 'notifications/cancelled'],
    );
    const event = h.events[0];
    assert.equal(
      event?.event === 'call' ? [event.tool, event.decision, event.upstream, event.upstreamError].join(' ') : '',
      'read allow error cancelled by the client',
    );
  });

  test('a server that cannot be reached: the client gets an error with its id, the call is audited as an error', async () => {
    const failing: Transport = {
      start: async () => undefined,
      close: async () => undefined,
      send: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:9');
      },
    };
    const h = await harness(failing);
    await h.client.send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'read', arguments: {} } });
    await h.client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await tick();
    assert.deepEqual(h.atClient, [
      {
        jsonrpc: '2.0',
        id: 5,
        error: { code: -32000, message: 'mcp-risk guard: the server could not be reached: connect ECONNREFUSED 127.0.0.1:9' },
      },
    ]);
    assert.deepEqual(h.lines, ['a message to the server was lost: the server could not be reached: connect ECONNREFUSED 127.0.0.1:9']);
    const event = h.events[0];
    assert.equal(
      event?.event === 'call' ? `${event.upstream}: ${event.upstreamError ?? ''}` : '',
      'error: the server could not be reached: connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  test('the initialize answer announces tools.listChanged when the server has tools; without tools it is unchanged', async () => {
    const init = {
      jsonrpc: '2.0' as const,
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
    };
    const withTools = await harness();
    await withTools.client.send(init);
    await withTools.server.send({
      jsonrpc: '2.0',
      id: 1,
      result: {
        protocolVersion: '2025-06-18',
        capabilities: { tools: {}, prompts: { listChanged: false } },
        serverInfo: { name: 'srv', version: '1' },
      },
    });
    const without = await harness();
    await without.client.send(init);
    const plain = {
      jsonrpc: '2.0' as const,
      id: 1,
      result: { protocolVersion: '2025-06-18', capabilities: { prompts: {} }, serverInfo: { name: 'srv', version: '1' } },
    };
    await without.server.send(plain);
    await tick();
    assert.deepEqual(withTools.atClient, [
      {
        jsonrpc: '2.0',
        id: 1,
        result: {
          protocolVersion: '2025-06-18',
          capabilities: { tools: { listChanged: true }, prompts: { listChanged: false } },
          serverInfo: { name: 'srv', version: '1' },
        },
      },
    ]);
    assert.deepEqual(without.atClient, [plain]);
  });

  test('a cancelled request keeps its id until the server answers (it still may); then the id is free again', async () => {
    const h = await harness();
    await h.client.send({ jsonrpc: '2.0', id: 9, method: 'tools/list' });
    await h.client.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 9 } });
    await h.client.send({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'read', arguments: {} } });
    // The late answer to the list is still filtered: it is not taken for the call.
    await h.server.send({ jsonrpc: '2.0', id: 9, result: { tools: [{ name: 'wipe', inputSchema: {} }] } });
    await h.client.send({ jsonrpc: '2.0', id: 9, method: 'ping' });
    await tick();
    assert.deepEqual(
      h.atServer.map((message) => ('method' in message ? message.method : 'answer')),
      ['tools/list', 'notifications/cancelled', 'ping'],
    );
    assert.deepEqual(h.atClient, [
      {
        jsonrpc: '2.0',
        id: 9,
        error: { code: -32600, message: 'mcp-risk guard: request id 9 is already in flight; the request was not relayed: use a new id' },
      },
      { jsonrpc: '2.0', id: 9, result: { tools: [] } },
    ]);
    assert.deepEqual(h.events, [
      {
        event: 'refused',
        identity: 'stdio',
        server: 'fixture',
        method: 'tools/call',
        kind: 'request',
        reason: 'id-in-flight',
        tool: 'read',
      },
    ]);
  });

  test('no more than MAX_IN_FLIGHT requests wait at once: the next is refused, not relayed', async () => {
    const h = await harness();
    for (let id = 0; id < MAX_IN_FLIGHT; id++) await h.client.send({ jsonrpc: '2.0', id, method: 'ping' });
    await h.client.send({ jsonrpc: '2.0', id: 'one-more', method: 'ping' });
    await tick();
    assert.equal(h.atServer.length, MAX_IN_FLIGHT);
    assert.deepEqual(h.atClient, [
      {
        jsonrpc: '2.0',
        id: 'one-more',
        error: { code: -32000, message: `mcp-risk guard: ${MAX_IN_FLIGHT} requests are already in flight; the request was not relayed` },
      },
    ]);
    await h.server.send({ jsonrpc: '2.0', id: 0, result: {} });
    await h.client.send({ jsonrpc: '2.0', id: 'one-more', method: 'ping' });
    await tick();
    assert.equal(h.atServer.length, MAX_IN_FLIGHT + 1);
  });
});
