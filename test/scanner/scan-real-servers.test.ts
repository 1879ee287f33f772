import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerSnapshot } from '../../src/model.js';
import { scanServer } from '../../src/scanner/scan-server.js';
import { EVERYTHING, FILESYSTEM, MEMORY, startEverything, type RunningServer } from '../fixtures/servers/fixture-processes.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

const EVERYTHING_TOOLS = [
  'echo',
  'get-annotated-message',
  'get-env',
  'get-resource-links',
  'get-resource-reference',
  'get-structured-content',
  'get-sum',
  'get-tiny-image',
  'gzip-file-as-resource',
  'toggle-simulated-logging',
  'toggle-subscriber-updates',
  'trigger-long-running-operation',
  'simulate-research-query',
];

function toolNamed(snapshot: ServerSnapshot, name: string) {
  const tool = snapshot.tools.find((candidate) => candidate.name === name);
  assert.ok(tool, `tool ${name} listed`);
  return tool;
}

function assertEverything(snapshot: ServerSnapshot, transport: 'stdio' | 'http' | 'sse'): void {
  assert.equal(snapshot.error, undefined, JSON.stringify(snapshot.error));
  assert.equal(snapshot.name, 'mcp-servers/everything');
  assert.equal(snapshot.version, '2.0.0');
  assert.equal(snapshot.transport, transport);
  assert.match(snapshot.protocolVersion ?? '', /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(
    snapshot.tools.map((tool) => tool.name),
    EVERYTHING_TOOLS,
  );
  assert.deepEqual(toolNamed(snapshot, 'echo').annotations, {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  });
  assert.deepEqual(toolNamed(snapshot, 'gzip-file-as-resource').annotations, {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  });
  assert.equal(snapshot.promptCount, 4);
  assert.equal(snapshot.resourceCount, 7);
  assert.ok((snapshot.instructions ?? '').length > 100);
  assert.deepEqual(Object.keys(snapshot.capabilities ?? {}).sort(), ['completions', 'logging', 'prompts', 'resources', 'tasks', 'tools']);
}

describe('scanServer on the reference servers over stdio', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-risk-scan-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('server-filesystem', async () => {
    const snapshot = await scanServer({ kind: 'stdio', command: process.execPath, args: [FILESYSTEM, dir] }, { timeoutMs: SAFETY_NET_MS });
    assert.equal(snapshot.error, undefined, JSON.stringify(snapshot.error));
    assert.equal(snapshot.name, 'secure-filesystem-server');
    assert.equal(snapshot.transport, 'stdio');
    assert.equal(snapshot.promptCount, null);
    assert.equal(snapshot.resourceCount, null);
    assert.deepEqual(snapshot.tools.map((tool) => tool.name).sort(), [
      'create_directory',
      'directory_tree',
      'edit_file',
      'get_file_info',
      'list_allowed_directories',
      'list_directory',
      'list_directory_with_sizes',
      'move_file',
      'read_file',
      'read_media_file',
      'read_multiple_files',
      'read_text_file',
      'search_files',
      'write_file',
    ]);
    assert.deepEqual(toolNamed(snapshot, 'read_text_file').annotations, { readOnlyHint: true, openWorldHint: false });
    assert.deepEqual(toolNamed(snapshot, 'write_file').annotations, {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false,
    });
    assert.equal((toolNamed(snapshot, 'read_text_file').inputSchema as { type?: unknown }).type, 'object');
  });

  test('server-memory', async () => {
    const env = { MEMORY_FILE_PATH: join(dir, 'memory.jsonl') };
    const snapshot = await scanServer({ kind: 'stdio', command: process.execPath, args: [MEMORY], env }, { timeoutMs: SAFETY_NET_MS });
    assert.equal(snapshot.error, undefined, JSON.stringify(snapshot.error));
    assert.equal(snapshot.name, 'memory-server');
    assert.deepEqual(
      snapshot.tools.map((tool) => tool.name),
      [
        'create_entities',
        'create_relations',
        'add_observations',
        'delete_entities',
        'delete_observations',
        'delete_relations',
        'read_graph',
        'search_nodes',
        'open_nodes',
      ],
    );
    assert.equal(toolNamed(snapshot, 'delete_entities').annotations?.destructiveHint, true);
    assert.equal(toolNamed(snapshot, 'read_graph').annotations?.readOnlyHint, true);
  });

  test('server-everything', async () => {
    const snapshot = await scanServer({ kind: 'stdio', command: process.execPath, args: [EVERYTHING] }, { timeoutMs: SAFETY_NET_MS });
    assertEverything(snapshot, 'stdio');
  });
});

describe('scanServer on server-everything over HTTP', () => {
  test('streamable HTTP: transport http and auto', async (t) => {
    const server: RunningServer = await startEverything('streamableHttp');
    t.after(() => server.stop());
    assertEverything(await scanServer({ kind: 'url', url: server.url, transport: 'http' }, { timeoutMs: SAFETY_NET_MS }), 'http');
    assertEverything(await scanServer({ kind: 'url', url: server.url, transport: 'auto' }, { timeoutMs: SAFETY_NET_MS }), 'http');
  });

  test('legacy SSE: transport sse, and auto falls back to SSE', async (t) => {
    const server: RunningServer = await startEverything('sse');
    t.after(() => server.stop());
    assertEverything(await scanServer({ kind: 'url', url: server.url, transport: 'sse' }, { timeoutMs: SAFETY_NET_MS }), 'sse');
    assertEverything(await scanServer({ kind: 'url', url: server.url, transport: 'auto' }, { timeoutMs: SAFETY_NET_MS }), 'sse');
    const forced = await scanServer({ kind: 'url', url: server.url, transport: 'http' }, { timeoutMs: SAFETY_NET_MS });
    assert.equal(forced.error?.code, 'http-error');
    assert.match(forced.error?.message ?? '', /^HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/sse: Error Cannot POST \/sse$/);
    assert.deepEqual(forced.tools, []);
  });
});
