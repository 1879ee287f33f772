import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { publicSource } from '../../src/catalogue/public-source.js';

describe('publicSource', () => {
  test('a list file is shown by its name, never its folder (POSIX, home and Windows paths)', () => {
    assert.deepEqual(publicSource({ kind: 'list', location: '/home/me/work/lists/servers.json' }), {
      kind: 'list',
      location: 'servers.json',
    });
    assert.deepEqual(publicSource({ kind: 'list', location: 'C:\\Users\\me\\lists\\servers.yaml' }), {
      kind: 'list',
      location: 'servers.yaml',
    });
    assert.deepEqual(publicSource({ kind: 'list', location: 'data/example-servers.json' }), {
      kind: 'list',
      location: 'example-servers.json',
    });
  });

  test('an npm names file given by an absolute path is shown by its name; package names, searches and URLs stay as they are', () => {
    assert.deepEqual(publicSource({ kind: 'npm', location: '@/home/me/names.txt' }), { kind: 'npm', location: '@names.txt' });
    assert.deepEqual(publicSource({ kind: 'npm', location: '@~/names.txt' }), { kind: 'npm', location: '@names.txt' });
    for (const source of [
      { kind: 'npm', location: '@modelcontextprotocol/server-filesystem' },
      { kind: 'npm', location: 'keywords:mcp' },
      { kind: 'registry', location: 'https://registry.modelcontextprotocol.io' },
      { kind: 'html', location: 'https://example.org/servers/a' },
    ] as const) {
      assert.deepEqual(publicSource(source), source);
    }
  });
});
