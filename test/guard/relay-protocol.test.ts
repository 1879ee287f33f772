/**
 * Protocol tricks against a real guard process in front of a real lenient server (one that runs
 * anything resembling `tools/call`, with or without an id), over stdio and over streamable HTTP,
 * spoken as raw JSON-RPC: methods the guard does not relay are refused (requests) or dropped
 * (notifications), audited; a request reusing an id still in flight is answered with an error and
 * never reaches the server, so no answer is ever taken for another request's.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { stopProcess } from '../fixtures/servers/fixture-processes.js';
import { CLI, readJsonLines, ROOT, waitFor } from './guard-process.js';

/** Waits for an event; the bound only stops a broken run (a loaded machine starts processes slowly). */
const until = <T>(probe: () => T | undefined | false, what: string): Promise<T> => waitFor(probe, what, 60_000);

const LENIENT = join(ROOT, 'test', 'guard', 'fixtures', 'lenient-server.mjs');
const POLICY = { version: '1', default: 'allow', hide: ['wipe_disk'] };
const PROTOCOL = '2025-06-18';
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
} as const;
const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' } as const;

type Message = Record<string, unknown>;

/** One side of a guard as the client sees it, spoken in raw messages. */
interface RawGuard {
  /** Sends messages; over HTTP, each in its own POST, resolving with what that POST answered. */
  send(...messages: Message[]): Promise<Message[]>;
  /** Every answer (not request or notification) the client received, in order. */
  answers(): Message[];
  close(): Promise<void>;
}

let dir = '';
let counter = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-risk-relay-protocol-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function files(): { policy: string; audit: string; server: string } {
  counter += 1;
  const policy = join(dir, `policy-${counter}.json`);
  writeFileSync(policy, JSON.stringify(POLICY));
  return { policy, audit: join(dir, `audit-${counter}.jsonl`), server: join(dir, `server-${counter}.jsonl`) };
}

async function stdioGuard(f: ReturnType<typeof files>): Promise<RawGuard> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      ...CLI,
      'guard',
      '--policy',
      f.policy,
      '--audit-log',
      f.audit,
      '--no-tty',
      '--approvals-dir',
      join(dir, 'approvals'),
      '--',
      process.execPath,
      LENIENT,
    ],
    env: { ...(process.env as Record<string, string>), LENIENT_LOG: f.server },
    cwd: ROOT,
    stderr: 'pipe',
  });
  const received: Message[] = [];
  transport.onmessage = (message) => void received.push(message as Message);
  await transport.start();
  const raw: RawGuard = {
    send: async (...messages) => {
      for (const message of messages) await transport.send(message as JSONRPCMessage);
      return [];
    },
    answers: () => received.filter((message) => !('method' in message)),
    close: () => transport.close(),
  };
  await raw.send(INITIALIZE);
  await until(() => raw.answers().length === 1, 'the initialize answer');
  await raw.send(INITIALIZED);
  return raw;
}

/** The JSON-RPC messages of a response: a JSON body, or the data lines of an event stream. */
async function messagesOf(response: Response): Promise<Message[]> {
  if (response.status === 202) return [];
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
    const body = JSON.parse(text) as Message | Message[];
    return Array.isArray(body) ? body : [body];
  }
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line.length > 6)
    .map((line) => JSON.parse(line.slice(6)) as Message);
}

interface HttpSetup {
  upstream: ChildProcess;
  guard: ChildProcess;
  url: string;
}

async function startHttp(f: ReturnType<typeof files>): Promise<HttpSetup> {
  const upstream = spawn(process.execPath, [LENIENT, '--http'], {
    env: { ...process.env, LENIENT_LOG: f.server },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let upstreamErr = '';
  upstream.stderr?.on('data', (chunk: Buffer) => (upstreamErr += chunk.toString('utf8')));
  const port = await until(() => /lenient listening on port (\d+)/.exec(upstreamErr)?.[1], 'the lenient server to listen');
  const guard = spawn(
    process.execPath,
    [
      ...CLI,
      'guard',
      '--listen',
      '127.0.0.1:0',
      '--no-tty',
      '--upstream',
      `http://127.0.0.1:${port}/`,
      '--policy',
      f.policy,
      '--audit-log',
      f.audit,
      '--approvals-dir',
      join(dir, 'approvals'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let guardErr = '';
  guard.stderr?.on('data', (chunk: Buffer) => (guardErr += chunk.toString('utf8')));
  const url = await until(() => /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(guardErr)?.[1], 'the guard to listen');
  return { upstream, guard, url };
}

async function httpGuard(url: string): Promise<RawGuard> {
  const received: Message[] = [];
  let session = '';
  const post = async (body: unknown): Promise<Message[]> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (session !== '') Object.assign(headers, { 'mcp-session-id': session, 'mcp-protocol-version': PROTOCOL });
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    assert.ok(response.status === 200 || response.status === 202, `HTTP ${response.status}`);
    session = response.headers.get('mcp-session-id') ?? session;
    const messages = await messagesOf(response);
    received.push(...messages);
    return messages;
  };
  const raw: RawGuard = {
    send: async (...messages) => {
      const answered: Message[] = [];
      for (const message of messages) answered.push(...(await post(message)));
      return answered;
    },
    answers: () => received.filter((message) => !('method' in message)),
    close: async () => {
      await fetch(url, { method: 'DELETE', headers: { 'mcp-session-id': session, 'mcp-protocol-version': PROTOCOL } });
    },
  };
  await post(INITIALIZE);
  await post(INITIALIZED);
  return raw;
}

const request = (id: RequestId, method: string, params?: Message): Message => ({
  jsonrpc: '2.0',
  id,
  method,
  ...(params === undefined ? {} : { params }),
});
const notification = (method: string, params?: Message): Message => ({
  jsonrpc: '2.0',
  method,
  ...(params === undefined ? {} : { params }),
});

function answersTo(raw: RawGuard, id: RequestId): Message[] {
  return raw.answers().filter((message) => message['id'] === id);
}

/** What reached the server: the methods (with ids) it received and the tools it ran. */
function atServer(file: string): { received: string[]; ran: string[] } {
  const lines = readJsonLines<{ received?: Message; ran?: string }>(file);
  return {
    received: lines.flatMap((line) =>
      line.received === undefined
        ? []
        : [`${String(line.received['method'] ?? 'answer')}${'id' in line.received ? ` #${JSON.stringify(line.received['id'])}` : ''}`],
    ),
    ran: lines.flatMap((line) => (line.ran === undefined ? [] : [line.ran])),
  };
}

function refusals(file: string): string[][] {
  return readJsonLines<Record<string, string>>(file)
    .filter((event) => event['event'] === 'refused')
    .map((event) => [
      event['method'] ?? '',
      event['kind'] ?? '',
      event['reason'] ?? '',
      event['tool'] ?? '-',
      event['identity'] ?? '',
      event['server'] ?? '',
    ]);
}

function callEvents(file: string): string[][] {
  return readJsonLines<Record<string, string>>(file)
    .filter((event) => event['event'] === 'call')
    .map((event) => [event['tool'] ?? '', event['decision'] ?? '', event['upstream'] ?? '']);
}

const DISGUISED_CALLS = [
  notification('tools/call', { name: 'wipe_disk', arguments: {} }),
  notification('tools/call', { name: 'open_door', arguments: {} }),
  request(2, 'Tools/Call', { name: 'wipe_disk', arguments: {} }),
  request(3, 'tools/call ', { name: 'wipe_disk', arguments: {} }),
  notification('Tools/Call', { name: 'wipe_disk' }),
  request(4, 'vendor/exec', { command: 'rm -rf /' }),
];

/** Item 5: what a lenient server must never receive, and what the client and the audit log see instead. */
async function disguisedCalls(raw: RawGuard, f: ReturnType<typeof files>, identity: string): Promise<void> {
  for (const message of DISGUISED_CALLS) await raw.send(message);
  await raw.send(
    request(5, 'ping'),
    request(6, 'tools/call', { name: 'wipe_disk', arguments: {} }),
    request(7, 'tools/call', { name: 'open_door', arguments: {} }),
  );
  await until(
    () => answersTo(raw, 7).length === 1 && answersTo(raw, 6).length === 1 && answersTo(raw, 5).length === 1,
    'the answers to the real requests',
  );

  const notRelayed = (id: number, method: string): Message => ({
    jsonrpc: '2.0',
    id,
    error: { code: -32601, message: `mcp-risk guard: the method ${JSON.stringify(method)} is not relayed` },
  });
  assert.deepEqual(answersTo(raw, 2), [notRelayed(2, 'Tools/Call')]);
  assert.deepEqual(answersTo(raw, 3), [notRelayed(3, 'tools/call ')]);
  assert.deepEqual(answersTo(raw, 4), [notRelayed(4, 'vendor/exec')]);
  assert.deepEqual(answersTo(raw, 5), [{ jsonrpc: '2.0', id: 5, result: {} }]);
  assert.equal((answersTo(raw, 6)[0]?.['result'] as { isError?: boolean } | undefined)?.isError, true);
  assert.deepEqual(answersTo(raw, 7), [{ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: 'ran open_door' }] } }]);

  // The server got the handshake, the ping and the one allowed call: nothing else, so it ran nothing else.
  const server = atServer(f.server);
  assert.deepEqual(server.ran, ['open_door']);
  assert.deepEqual(server.received, ['initialize #0', 'notifications/initialized', 'ping #5', 'tools/call #7']);

  assert.deepEqual(refusals(f.audit), [
    ['tools/call', 'notification', 'unknown-method', 'wipe_disk', identity, 'lenient'],
    ['tools/call', 'notification', 'unknown-method', 'open_door', identity, 'lenient'],
    ['Tools/Call', 'request', 'unknown-method', 'wipe_disk', identity, 'lenient'],
    ['tools/call ', 'request', 'unknown-method', 'wipe_disk', identity, 'lenient'],
    ['Tools/Call', 'notification', 'unknown-method', 'wipe_disk', identity, 'lenient'],
    ['vendor/exec', 'request', 'unknown-method', '-', identity, 'lenient'],
  ]);
  assert.deepEqual(callEvents(f.audit), [
    ['wipe_disk', 'hide', 'not-sent'],
    ['open_door', 'allow', 'ok'],
  ]);
}

const IN_FLIGHT = (id: RequestId): Message => ({
  jsonrpc: '2.0',
  id,
  error: {
    code: -32600,
    message: `mcp-risk guard: request id ${JSON.stringify(id)} is already in flight; the request was not relayed: use a new id`,
  },
});

/** Item 6 (the end): the held call answered once, with its own result; what reached the server and the audit log. */
async function checkReusedIds(raw: RawGuard, f: ReturnType<typeof files>, duplicates: Message[][]): Promise<void> {
  await until(() => answersTo(raw, 10).length === 3, 'the held call to be answered');
  assert.deepEqual(
    answersTo(raw, 10),
    [...duplicates, [{ jsonrpc: '2.0', id: 10, result: { content: [{ type: 'text', text: 'ran wait_for_release' }] } }]].flat(),
  );
  // The string id "10" is another id: its list went through, filtered.
  const list = answersTo(raw, '10')[0]?.['result'] as { tools: { name: string }[] } | undefined;
  assert.deepEqual(
    list?.tools.map((tool) => tool.name),
    ['open_door', 'wait_for_release', 'release'],
  );
  assert.doesNotMatch(JSON.stringify(raw.answers()), /wipe_disk/);

  const server = atServer(f.server);
  assert.deepEqual(server.ran, ['wait_for_release', 'release']);
  assert.deepEqual(server.received.slice(2).sort(), ['tools/call #10', 'tools/call #11', 'tools/list #"10"']);
  assert.deepEqual(
    refusals(f.audit).map((event) => event.slice(0, 4)),
    [
      ['tools/list', 'request', 'id-in-flight', '-'],
      ['tools/call', 'request', 'id-in-flight', 'open_door'],
    ],
  );
  assert.deepEqual(callEvents(f.audit).sort(), [
    ['release', 'allow', 'ok'],
    ['wait_for_release', 'allow', 'ok'],
  ]);
}

describe('guard protocol over stdio (lenient server)', () => {
  test('tools/call as a notification, Tools/Call, "tools/call " and unknown methods never reach the server; each is refused or dropped and audited', async () => {
    const f = files();
    const raw = await stdioGuard(f);
    try {
      await disguisedCalls(raw, f, 'stdio');
    } finally {
      await raw.close();
    }
  });

  test('a request reusing an id in flight gets an error and is not relayed: a tools/list sharing a call id is never answered with the call, nor unfiltered', async () => {
    const f = files();
    const raw = await stdioGuard(f);
    try {
      await raw.send(request(10, 'tools/call', { name: 'wait_for_release', arguments: {} }));
      await until(() => atServer(f.server).ran.includes('wait_for_release'), 'the held call at the server');
      await raw.send(
        request(10, 'tools/list'),
        request(10, 'tools/call', { name: 'open_door', arguments: {} }),
        request('10', 'tools/list'),
      );
      await until(() => answersTo(raw, 10).length === 2 && answersTo(raw, '10').length === 1, 'the refusals and the list');
      await raw.send(request(11, 'tools/call', { name: 'release', arguments: {} }));
      await checkReusedIds(raw, f, [[IN_FLIGHT(10)], [IN_FLIGHT(10)]]);
    } finally {
      await raw.close();
    }
  });
});

describe('guard protocol over streamable HTTP (lenient server)', () => {
  const running: HttpSetup[] = [];
  after(async () => {
    for (const setup of running) {
      await stopProcess(setup.guard);
      await stopProcess(setup.upstream);
    }
  });

  test('tools/call as a notification, Tools/Call, "tools/call " and unknown methods never reach the server; each is refused or dropped and audited', async () => {
    const f = files();
    const setup = await startHttp(f);
    running.push(setup);
    const raw = await httpGuard(setup.url);
    try {
      await disguisedCalls(raw, f, 'anonymous');
    } finally {
      await raw.close();
    }
  });

  test('a request reusing an id in flight gets an error and is not relayed; the held request still gets its own answer', async () => {
    const shared = files();
    const setup = await startHttp(shared);
    running.push(setup);
    const raw = await httpGuard(setup.url);
    try {
      const held = raw.send(request(10, 'tools/call', { name: 'wait_for_release', arguments: {} }));
      await until(() => atServer(shared.server).ran.includes('wait_for_release'), 'the held call at the server');
      const duplicates = [
        await raw.send(request(10, 'tools/list')),
        await raw.send(request(10, 'tools/call', { name: 'open_door', arguments: {} })),
      ];
      assert.deepEqual(duplicates, [[refusedPost(10)], [refusedPost(10)]]);
      await raw.send(request('10', 'tools/list'));
      await raw.send(request(11, 'tools/call', { name: 'release', arguments: {} }));
      await held;
      await checkReusedIds(raw, shared, duplicates);
      // Two requests with one id in one POST: neither is relayed.
      assert.deepEqual(await raw.send([request(12, 'ping'), request(12, 'ping')] as unknown as Message), [
        refusedPost(12),
        refusedPost(12),
      ]);
      assert.equal(
        atServer(shared.server).received.some((line) => line.endsWith('#12')),
        false,
      );
    } finally {
      await raw.close();
    }
  });
});

function refusedPost(id: RequestId): Message {
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: -32600,
      message: 'mcp-risk guard: a request id in this message is already in flight; nothing in it was relayed: use new ids',
    },
  };
}
