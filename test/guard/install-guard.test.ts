import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfigFile } from '../../src/config/read-config-file.js';
import { UsageError } from '../../src/errors.js';
import { BACKUP_SUFFIX, installGuard, uninstallGuard, unwrapGuardCommand, type InstallRequest } from '../../src/guard/install-guard.js';

const CONFIGS = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'configs');
const LAUNCHER = { node: '/usr/bin/node', bin: '/opt/mcp-risk/dist/cli/main.js' };
let root = '';
let counter = 0;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'mcp-risk-install-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

/** Copies a fixture config to `relative` (e.g. ".vscode/mcp.json") in a fresh project folder. */
function project(fixture: string, relative: string): { cwd: string; file: string; text: string } {
  counter += 1;
  const cwd = join(root, `project-${counter}`);
  const file = join(cwd, relative);
  mkdirSync(dirname(file), { recursive: true });
  copyFileSync(join(CONFIGS, fixture), file);
  return { cwd, file, text: readFileSync(file, 'utf8') };
}

function request(cwd: string, file: string, server = 'flowforge'): InstallRequest {
  return {
    configFile: file,
    server,
    policyFile: '/etc/mcp-risk/flowforge.policy.json',
    launcher: LAUNCHER,
    cwd,
    home: join(root, 'home'),
    env: {},
  };
}

async function entry(
  file: string,
  cwd: string,
  name = 'flowforge',
): Promise<{ command?: string; args?: string[]; env?: Record<string, string> }> {
  const entries = await readConfigFile(file, { cwd, home: join(root, 'home'), env: {} });
  const found = entries.find(
    (candidate) => candidate.name === name && candidate.scope === (file.endsWith('claude.json') ? 'project' : candidate.scope),
  );
  assert.ok(found, `no entry ${name}`);
  return {
    ...(found.command === undefined ? {} : { command: found.command }),
    ...(found.args === undefined ? {} : { args: found.args }),
    ...(found.env === undefined ? {} : { env: found.env }),
  };
}

describe('guard install / uninstall', () => {
  test('VS Code mcp.json: comments, inputs and other servers survive; the round trip gives the file back byte for byte', async () => {
    const { cwd, file, text } = project('vscode-mcp.json', '.vscode/mcp.json');
    const result = await installGuard({ ...request(cwd, file), guardOptions: ['--audit-log', '/var/log/guard.jsonl'] });
    assert.deepEqual(result, {
      file,
      backupWritten: `${file}${BACKUP_SUFFIX}`,
      command: '/usr/bin/node',
      args: [
        '/opt/mcp-risk/dist/cli/main.js',
        'guard',
        '--policy',
        '/etc/mcp-risk/flowforge.policy.json',
        '--audit-log',
        '/var/log/guard.jsonl',
        '--',
        'node',
        'servers/flowforge.mjs',
        '--verbose',
      ],
    });
    const installed = readFileSync(file, 'utf8');
    for (const kept of [
      '// Inputs VS Code prompts for.',
      '/* The workflow server, started over stdio. */',
      '// trailing comma below',
      '"inputs"',
      '"remote": { "type": "http", "url": "https://example.com/mcp" },',
    ]) {
      assert.ok(installed.includes(kept), `lost: ${kept}`);
    }
    assert.deepEqual(await entry(file, cwd), { command: '/usr/bin/node', args: result.args, env: { FLOWFORGE_TOKEN: '${input:token}' } });
    assert.equal(readFileSync(`${file}${BACKUP_SUFFIX}`, 'utf8'), text);

    const undone = await uninstallGuard({ configFile: file, server: 'flowforge', cwd, home: join(root, 'home'), env: {} });
    assert.deepEqual(undone, {
      file,
      restoredFrom: 'backup',
      command: 'node',
      args: ['servers/flowforge.mjs', '--verbose'],
      backupRemoved: `${file}${BACKUP_SUFFIX}`,
    });
    assert.equal(readFileSync(file, 'utf8'), text);
    assert.equal(existsSync(`${file}${BACKUP_SUFFIX}`), false);
  });

  test('uninstall puts back only the command line: a token rotated since install is kept, and the backup is removed', async () => {
    const { cwd, file, text } = project('cursor-mcp.json', '.cursor/mcp.json');
    await installGuard(request(cwd, file));
    // The user rotates the server's secret while the guard is installed (and adds a variable).
    const installed = readFileSync(file, 'utf8');
    assert.ok(installed.includes('"FLOWFORGE_REGION": "eu"'));
    writeFileSync(file, installed.replace('"FLOWFORGE_REGION": "eu"', '"FLOWFORGE_REGION": "us", "FLOWFORGE_TOKEN": "rotated-token"'));

    const undone = await uninstallGuard({ configFile: file, server: 'flowforge', cwd, home: join(root, 'home'), env: {} });
    assert.equal(undone.restoredFrom, 'backup');
    assert.equal(undone.backupRemoved, `${file}${BACKUP_SUFFIX}`);
    assert.deepEqual(await entry(file, cwd), {
      command: 'npx',
      args: ['-y', 'flowforge-mcp@1.4.0'],
      env: { FLOWFORGE_REGION: 'us', FLOWFORGE_TOKEN: 'rotated-token' },
    });
    assert.equal(existsSync(`${file}${BACKUP_SUFFIX}`), false);
    // Nothing else moved: the file is the original with only the edit made in between.
    assert.equal(
      readFileSync(file, 'utf8'),
      text.replace('"FLOWFORGE_REGION": "eu"', '"FLOWFORGE_REGION": "us", "FLOWFORGE_TOKEN": "rotated-token"'),
    );
  });

  test('Claude Desktop (tabs): installed twice is refused; without a backup, uninstall unwraps the command line', async () => {
    const { cwd, file, text } = project('claude_desktop_config.json', 'Claude/claude_desktop_config.json');
    chmodSync(file, 0o640);
    await installGuard(request(cwd, file));
    assert.equal(statSync(file).mode & 0o777, 0o640);
    const installed = readFileSync(file, 'utf8');
    assert.match(installed, /\n\t\t\t"command": "\/usr\/bin\/node",\n/);
    assert.ok(installed.includes('\t"globalShortcut": "Ctrl+Space"'));
    assert.deepEqual(await entry(file, cwd, 'memory'), { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] });
    await assert.rejects(
      installGuard(request(cwd, file)),
      new UsageError(`server "flowforge" in ${file} already runs through mcp-risk guard; uninstall it first to change its options`),
    );

    rmSync(`${file}${BACKUP_SUFFIX}`);
    const undone = await uninstallGuard({ configFile: file, server: 'flowforge', cwd, home: join(root, 'home'), env: {} });
    assert.equal(undone.restoredFrom, 'unwrap');
    assert.deepEqual(await entry(file, cwd), {
      command: 'node',
      args: ['/opt/flowforge.mjs'],
      env: { FLOWFORGE_CALL_LOG: '/tmp/calls.jsonl' },
    });
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.notEqual(readFileSync(file, 'utf8'), installed);
    assert.equal(text.includes('"globalShortcut"'), true);
    await assert.rejects(
      uninstallGuard({ configFile: file, server: 'flowforge', cwd, home: join(root, 'home'), env: {} }),
      new UsageError(`server "flowforge" in ${file} does not run through mcp-risk guard`),
    );
  });

  test('a backup is written once: the first original is kept across servers', async () => {
    const { cwd, file, text } = project('claude_desktop_config.json', 'Claude/claude_desktop_config.json');
    await installGuard(request(cwd, file, 'flowforge'));
    const second = await installGuard(request(cwd, file, 'memory'));
    assert.equal(second.backupWritten, null);
    assert.equal(readFileSync(`${file}${BACKUP_SUFFIX}`, 'utf8'), text);
    const first = await uninstallGuard({ configFile: file, server: 'memory', cwd, home: join(root, 'home'), env: {} });
    // flowforge still runs through the guard: its backup stays.
    assert.equal(first.backupRemoved, null);
    assert.equal(readFileSync(`${file}${BACKUP_SUFFIX}`, 'utf8'), text);
    const last = await uninstallGuard({ configFile: file, server: 'flowforge', cwd, home: join(root, 'home'), env: {} });
    assert.equal(last.backupRemoved, `${file}${BACKUP_SUFFIX}`);
    assert.equal(readFileSync(file, 'utf8'), text);
  });

  test('Cursor (4 spaces) and Claude Code .mcp.json; HTTP entries and unknown names are refused', async () => {
    const cursor = project('cursor-mcp.json', '.cursor/mcp.json');
    await installGuard(request(cursor.cwd, cursor.file));
    assert.match(readFileSync(cursor.file, 'utf8'), /\n {12}"args": \[\n {16}"\/opt\/mcp-risk\/dist\/cli\/main\.js",\n/);
    assert.deepEqual((await entry(cursor.file, cursor.cwd)).env, { FLOWFORGE_REGION: 'eu' });
    await uninstallGuard({ configFile: cursor.file, server: 'flowforge', cwd: cursor.cwd, home: join(root, 'home'), env: {} });
    assert.equal(readFileSync(cursor.file, 'utf8'), cursor.text);

    const code = project('claude-code-mcp.json', '.mcp.json');
    await assert.rejects(
      installGuard(request(code.cwd, code.file, 'docs')),
      new UsageError(
        'server "docs" is reached over http, not started by the client; run mcp-risk guard --upstream <url> --listen 127.0.0.1:<port> and point the client at it',
      ),
    );
    await assert.rejects(
      installGuard(request(code.cwd, code.file, 'nope')),
      new UsageError(`no server named "nope" in ${code.file}; its servers are "flowforge", "docs"`),
    );
    await installGuard(request(code.cwd, code.file));
    assert.deepEqual((await entry(code.file, code.cwd)).args?.slice(-2), ['node', 'flowforge.mjs']);
  });

  test("~/.claude.json: the working directory's project entry is the one wrapped", async () => {
    counter += 1;
    const home = join(root, `home-${counter}`);
    mkdirSync(home, { recursive: true });
    const file = join(home, '.claude.json');
    const text = readFileSync(join(CONFIGS, 'claude.json'), 'utf8');
    writeFileSync(file, text);
    const cwd = '/work/project';
    await installGuard({ ...request(cwd, file), home });
    const document = JSON.parse(readFileSync(file, 'utf8')) as {
      mcpServers: { flowforge: { command: string } };
      projects: Record<string, { mcpServers: { flowforge: { command: string; args: string[]; env: object } } }>;
    };
    assert.equal(document.mcpServers.flowforge.command, 'flowforge-user');
    const local = document.projects['/work/project']?.mcpServers.flowforge;
    assert.equal(local?.command, '/usr/bin/node');
    assert.deepEqual(local?.args.slice(-2), ['flowforge-local', '--project']);
    assert.deepEqual(local?.env, {});
    await uninstallGuard({ configFile: file, server: 'flowforge', cwd, home, env: {} });
    assert.equal(readFileSync(file, 'utf8'), text);
  });

  test('which command lines run through the guard', () => {
    assert.deepEqual(unwrapGuardCommand('/usr/bin/node', ['/x/dist/cli/main.js', 'guard', '--policy', 'p', '--', 'npx', '-y', 's']), {
      command: 'npx',
      args: ['-y', 's'],
    });
    assert.deepEqual(unwrapGuardCommand('mcp-risk', ['guard', '--policy', 'p', '--', 'srv']), { command: 'srv', args: [] });
    assert.equal(unwrapGuardCommand('node', ['server.js', 'guard', '--', 'x']), null);
    assert.equal(unwrapGuardCommand('mcp-risk', ['guard', '--policy', 'p']), null);
  });
});
