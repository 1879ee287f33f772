import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { expandEntryVariables } from '../../src/config/expand-variables.js';
import { readConfigFile } from '../../src/config/read-config-file.js';
import type { ServerEntry } from '../../src/config/server-entry.js';

const ctx = {
  env: { TOKEN: 's3cret-value', EMPTY: '', BASE: 'https://mcp.example.test' },
  home: '/home/me',
  cwd: '/work/project',
  platform: 'linux' as const,
};

function entry(client: ServerEntry['client'], fields: Partial<ServerEntry>): ServerEntry {
  return { name: 'x', client, file: '/work/project/.vscode/mcp.json', scope: 'project', transport: 'stdio', command: 'node', ...fields };
}

describe('expandEntryVariables', () => {
  test('Claude Code: ${VAR}, ${VAR:-default} (default when unset or empty); $VAR and other shell forms are left alone', () => {
    const result = expandEntryVariables(
      entry('claude-code', {
        args: ['--token=${TOKEN}', '${EMPTY:-fallback}', '${NOPE:-d}', '$TOKEN', '${TOKEN%x}'],
        env: { A: 'Bearer ${TOKEN}' },
      }),
      ctx,
    );
    assert.ok(result.ok);
    assert.deepEqual(result.entry.args, ['--token=s3cret-value', 'fallback', 'd', '$TOKEN', '${TOKEN%x}']);
    assert.deepEqual(result.entry.env, { A: 'Bearer s3cret-value' });
    assert.deepEqual(result.notes, []);
  });

  test('Claude Code: a URL made of variables is checked once expanded', () => {
    const ok = expandEntryVariables(
      entry('claude-code', { transport: 'http', command: undefined, url: '${BASE}/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } }),
      ctx,
    );
    assert.ok(ok.ok);
    assert.equal(ok.entry.url, 'https://mcp.example.test/mcp');
    const bad = expandEntryVariables(entry('claude-code', { transport: 'http', command: undefined, url: '${EMPTY}/mcp' }), ctx);
    assert.equal(bad.ok, false);
    assert.equal(bad.ok ? '' : bad.reason, 'its URL, once its variables are expanded, is not an http(s) URL');
  });

  test('VS Code: ${env:…} (unset: empty, said on stderr), ${userHome}, ${workspaceFolder}; unknown variables kept and said', () => {
    const result = expandEntryVariables(
      entry('vscode', { args: ['${userHome}/a', '${workspaceFolder}/b', '${env:TOKEN}', '${env:MISSING}', '${config:x.y}'] }),
      ctx,
    );
    assert.ok(result.ok);
    assert.deepEqual(result.entry.args, ['/home/me/a', '/work/project/b', 's3cret-value', '', '${config:x.y}']);
    assert.deepEqual(result.notes, [
      '"${config:x.y}" in args is not expanded by mcp-risk; used as written',
      'environment variable "MISSING" (args) is not set: expanded to an empty string, as VS Code does',
    ]);
    assert.equal(result.notes.join(' ').includes('s3cret'), false);
  });

  test('Cursor: ${env:…} in headers, no inputs; other clients expand nothing', () => {
    const cursor = expandEntryVariables(
      entry('cursor', {
        transport: 'http',
        command: undefined,
        url: 'https://h/mcp',
        headers: { Authorization: 'Bearer ${env:TOKEN}', X: '${input:y}' },
      }),
      ctx,
    );
    assert.ok(cursor.ok);
    assert.deepEqual(cursor.entry.headers, { Authorization: 'Bearer s3cret-value', X: '${input:y}' });
    const desktop = expandEntryVariables(entry('claude-desktop', { args: ['${TOKEN}'] }), ctx);
    assert.ok(desktop.ok);
    assert.deepEqual(desktop.entry.args, ['${TOKEN}']);
  });

  test('config files are read as written: expansion happens only for a scan (guard install rewrites the file without expanded secrets)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-risk-expand-'));
    try {
      const file = join(dir, '.mcp.json');
      await writeFile(
        file,
        JSON.stringify({
          mcpServers: { a: { command: 'node', args: ['${TOKEN}'], env: { K: '${TOKEN}' } }, b: { type: 'http', url: '${BASE}/mcp' } },
        }),
      );
      const entries = await readConfigFile(file, { env: ctx.env, home: '/nonexistent', cwd: dir });
      assert.deepEqual(
        entries.map((e) => [e.name, e.args ?? e.url, e.env]),
        [
          ['a', ['${TOKEN}'], { K: '${TOKEN}' }],
          ['b', '${BASE}/mcp', undefined],
        ],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
