import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { listSource } from '../../src/sources/list-source.js';
import type { CrawlEntry } from '../../src/crawl-entry.js';
import { collect, testContext } from './source-context.js';

const DIR = fileURLToPath(new URL('./fixtures/lists/', import.meta.url));

function fromList(file: string): { kind: 'list'; location: string } {
  return { kind: 'list', location: path.join(DIR, file) };
}

async function rejectsWith(location: string, code: string, message: string): Promise<void> {
  await assert.rejects(collect(listSource, location, testContext({ cwd: DIR })), (error: unknown) => {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    return true;
  });
}

describe('list source', () => {
  test('reads a JSON list: client-config servers and npm packages', async () => {
    const context = testContext({ cwd: DIR });
    const entries = await collect(listSource, 'servers.json', context);
    const source = fromList('servers.json');
    const expected: CrawlEntry[] = [
      {
        id: 'list:filesystem',
        name: 'filesystem',
        source,
        launch: {
          kind: 'npm',
          package: '@modelcontextprotocol/server-filesystem',
          version: '2026.8.31',
          args: ['/srv/shared'],
          env: { LOG_LEVEL: 'debug' },
        },
      },
      {
        id: 'list:local-tool',
        name: 'local-tool',
        source,
        launch: { kind: 'command', command: 'node', args: ['tools/server.js', '--stdio'], env: { API_KEY: 'dummy' } },
      },
      {
        id: 'list:hosted',
        name: 'hosted',
        source,
        launch: { kind: 'url', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer test-token' }, transport: 'auto' },
      },
      { id: 'list:events', name: 'events', source, launch: { kind: 'url', url: 'https://events.example.com/stream', transport: 'sse' } },
      {
        id: 'list:runner-flags',
        name: 'runner-flags',
        source,
        launch: { kind: 'command', command: 'npx', args: ['--package=@acme/cli', 'acme-mcp'] },
      },
      {
        id: 'npm:@modelcontextprotocol/server-memory',
        name: '@modelcontextprotocol/server-memory',
        source,
        launch: { kind: 'npm', package: '@modelcontextprotocol/server-memory' },
        metadata: { name: '@modelcontextprotocol/server-memory' },
      },
      {
        id: 'npm:@acme/weather-mcp',
        name: '@acme/weather-mcp',
        source,
        launch: { kind: 'npm', package: '@acme/weather-mcp', version: '1.4.2', args: ['--units', 'metric'], env: { WEATHER_REGION: 'us' } },
        metadata: { name: '@acme/weather-mcp', version: '1.4.2' },
      },
    ];
    assert.deepEqual(entries, expected);
    const file = path.join(DIR, 'servers.json');
    assert.deepEqual(context.lines, [
      `${file}: server "disabled-one" is disabled; skipped`,
      `${file}: server "broken": it has neither a command nor a URL; skipped`,
      `${file}: packages[2]: "Not A Package" is not an npm package name; skipped`,
      `${file}: npm:@modelcontextprotocol/server-memory is listed more than once; the first entry is used`,
    ]);
  });

  test('reads a YAML list, with versions given in the spec or beside it', async () => {
    const entries = await collect(listSource, path.join(DIR, 'servers.yaml'), testContext());
    const source = fromList('servers.yaml');
    assert.deepEqual(entries, [
      { id: 'list:everything', name: 'everything', source, launch: { kind: 'npm', package: '@modelcontextprotocol/server-everything' } },
      { id: 'list:remote', name: 'remote', source, launch: { kind: 'url', url: 'https://remote.example.com/sse', transport: 'sse' } },
      {
        id: 'npm:left-pad-mcp',
        name: 'left-pad-mcp',
        source,
        launch: { kind: 'npm', package: 'left-pad-mcp', version: '0.1.0' },
        metadata: { name: 'left-pad-mcp', version: '0.1.0' },
      },
      {
        id: 'npm:@scope/tool',
        name: '@scope/tool',
        source,
        launch: { kind: 'npm', package: '@scope/tool', args: ['--port', '8080'] },
        metadata: { name: '@scope/tool' },
      },
    ]);
  });

  test('a file with only packages is a list', async () => {
    const entries = await collect(listSource, 'packages-only.yaml', testContext({ cwd: DIR }));
    assert.deepEqual(entries, [
      {
        id: 'npm:@modelcontextprotocol/server-everything',
        name: '@modelcontextprotocol/server-everything',
        source: fromList('packages-only.yaml'),
        launch: { kind: 'npm', package: '@modelcontextprotocol/server-everything', version: '2026.8.31' },
        metadata: { name: '@modelcontextprotocol/server-everything', version: '2026.8.31' },
      },
    ]);
  });

  test('bad files are InputErrors naming the file', async () => {
    const missing = path.join(DIR, 'missing.json');
    await rejectsWith('missing.json', 'input-unreadable', `cannot read ${missing}: file not found`);
    await rejectsWith(
      'invalid.json',
      'config-invalid',
      `${path.join(DIR, 'invalid.json')} is not valid JSON (line 2, column 1: close brace expected)`,
    );
    await rejectsWith(
      'invalid.yaml',
      'config-invalid',
      `${path.join(DIR, 'invalid.yaml')} is not valid YAML (line 4, column 1: All mapping items must start at the same column)`,
    );
    await rejectsWith(
      'no-sections.json',
      'config-invalid',
      `${path.join(DIR, 'no-sections.json')} is not a list of servers: expected an object with an "mcpServers" object and/or a "packages" list`,
    );
    await rejectsWith('packages-not-list.json', 'config-invalid', `${path.join(DIR, 'packages-not-list.json')}: "packages" must be a list`);
    await rejectsWith('.', 'input-unreadable', `cannot read ${DIR.replace(/\/$/, '')}: not a regular file`);
  });
});
