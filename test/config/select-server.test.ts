import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { selectServer } from '../../src/config/select-server.js';
import type { ServerEntry } from '../../src/config/server-entry.js';

const base = { client: 'claude-code', file: '/home/me/.claude.json', transport: 'stdio', command: 'node' } as const;
const entries: ServerEntry[] = [
  { ...base, name: 'memory', scope: 'user' },
  { ...base, name: 'db', scope: 'user', args: ['user.js'] },
  { ...base, name: 'db', scope: 'project', args: ['project.js'] },
];

describe('selectServer', () => {
  test('finds the named entry', () => {
    assert.equal(selectServer(entries, 'memory', '/home/me/.claude.json'), entries[0]);
  });

  test('prefers the project entry when both scopes have the name', () => {
    assert.deepEqual(selectServer(entries, 'db', '/home/me/.claude.json').args, ['project.js']);
  });

  test('an unknown name is a UsageError listing the names there are', () => {
    assert.throws(
      () => selectServer(entries, 'nope', '/home/me/.claude.json'),
      (error: unknown) =>
        error instanceof UsageError && error.message === 'no server named "nope" in /home/me/.claude.json; its servers are "memory", "db"',
    );
    assert.throws(
      () => selectServer([], 'x', '/f.json'),
      (error: unknown) => error instanceof UsageError && error.message === 'no server named "x" in /f.json; it has no usable servers',
    );
  });

  test('<client>:<name> picks one client; different servers under one name in two clients ask for it; the same server does not', () => {
    const cursor: ServerEntry = {
      client: 'cursor',
      file: '/home/me/.cursor/mcp.json',
      transport: 'stdio',
      command: 'node',
      name: 'db',
      scope: 'user',
      args: ['cursor.js'],
    };
    const all = [...entries, cursor];
    assert.throws(
      () => selectServer(all, 'db', 'the client config files'),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message ===
          '2 clients define different servers named "db"; pick one: --server claude-code:db (/home/me/.claude.json), --server cursor:db (/home/me/.cursor/mcp.json)',
    );
    assert.equal(selectServer(all, 'cursor:db', 'x'), cursor);
    assert.deepEqual(selectServer(all, 'claude-code:db', 'x').args, ['project.js']);
    const twin: ServerEntry = { ...cursor, args: ['project.js'] };
    assert.deepEqual(selectServer([...entries, twin], 'db', 'x').args, ['project.js']);
    assert.throws(() => selectServer(all, 'zed:db', 'x'), UsageError);
  });
});
