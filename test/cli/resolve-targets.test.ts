/**
 * Which servers `scan` reaches, and how: URLs with credentials, the client configs found on the
 * machine (their variables, where each server came from, the same server in several clients).
 * Real fixture servers over real stdio and HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run } from '../../src/cli/run.js';
import type { ScanReport } from '../../src/model.js';
import { FLOWFORGE_TOOLS } from '../fixtures/servers/flowforge-tools.mjs';
import { FIXTURE_DIR, FLOWFORGE, HOSTILE, startFlowforgeHttp } from '../fixtures/servers/fixture-processes.js';
import { memoryIo } from './cli-io.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-risk-targets-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function parse(text: string): ScanReport {
  return JSON.parse(text) as ScanReport;
}

describe('scan of a URL with credentials', () => {
  test('user:password in the URL: scanned with Basic auth, exit 0, the password printed nowhere', async (t) => {
    const flowforge = await startFlowforgeHttp();
    t.after(() => flowforge.stop());
    const password = 'pw-canary-93c1d7';
    const url = flowforge.url.replace('http://', `http://alice:${password}@`);
    for (const format of ['json', 'table']) {
      const io = memoryIo();
      const code = await run(['scan', '--format', format, '--timeout', '10000', url], io);
      assert.equal(code, 0, io.err());
      assert.equal(io.out().includes(password), false, `${format} output leaks the password`);
      assert.equal(io.err().includes(password), false);
      if (format === 'json') {
        const server = parse(io.out()).servers[0];
        assert.equal(server?.target, flowforge.url);
        assert.equal(server?.tools.length, FLOWFORGE_TOOLS.length);
      }
    }
  });
});

/** A fresh machine: an empty home and project folder, with the given client config files written. */
async function machine(name: string, files: Record<string, unknown>): Promise<{ home: string; project: string }> {
  const home = join(dir, name, 'home');
  const project = join(dir, name, 'project');
  await mkdir(home, { recursive: true });
  await mkdir(project, { recursive: true });
  for (const [relative, content] of Object.entries(files)) {
    const [root, rest] = relative.startsWith('~/') ? [home, relative.slice(2)] : [project, relative];
    const path = join(root, rest);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, JSON.stringify(content));
  }
  return { home, project };
}

describe('client config variables', () => {
  test('Claude Code .mcp.json: ${VAR} and ${VAR:-default} in command, args, env, url and headers; an unset one without default skips the server, naming it', async (t) => {
    const flowforge = await startFlowforgeHttp();
    t.after(() => flowforge.stop());
    const secret = 'sk-canary-claude-4e1f0b';
    const { home, project } = await machine('claude', {
      '.mcp.json': {
        mcpServers: {
          local: {
            command: '${NODE_BIN}',
            args: ['${FIXTURES:-/nonexistent}/hostile.mjs', '${MODE:-duplicate-names}'],
            env: { HOSTILE_SELF_PID_FILE: '${PID_DIR}/claude.pid', API_KEY: '${API_KEY}' },
          },
          remote: { type: 'http', url: '${FF_URL}', headers: { Authorization: 'Bearer ${API_KEY}' } },
          gh: { command: 'node', args: ['server.js'], env: { GITHUB_TOKEN: '${MCP_RISK_TEST_UNSET_TOKEN}' } },
        },
      },
    });
    const io = memoryIo({
      home,
      cwd: project,
      env: { NODE_BIN: process.execPath, FIXTURES: FIXTURE_DIR, PID_DIR: project, API_KEY: secret, FF_URL: flowforge.url, MODE: '' },
    });
    const code = await run(['scan', '--format', 'json', '--timeout', '10000'], io);
    assert.equal(code, 0, io.err());
    const report = parse(io.out());
    assert.deepEqual(report.servers.map((server) => server.name).sort(), ['local', 'remote']);
    assert.ok(existsSync(join(project, 'claude.pid')), 'env was expanded: the server wrote its PID where ${PID_DIR} points');
    assert.equal(
      report.servers.find((server) => server.name === 'local')?.target,
      '${NODE_BIN} ${FIXTURES:-/nonexistent}/hostile.mjs ${MODE:-duplicate-names} (env: HOSTILE_SELF_PID_FILE=***, API_KEY=***)',
    );
    assert.equal(report.servers.find((server) => server.name === 'remote')?.tools.length, FLOWFORGE_TOOLS.length);
    assert.match(
      io.err(),
      /skipped claude-code server "gh" \(.*\.mcp\.json, project\): environment variable "MCP_RISK_TEST_UNSET_TOKEN" \(env "GITHUB_TOKEN"\) is not set and has no default, so Claude Code would not start it; set it, or write \$\{MCP_RISK_TEST_UNSET_TOKEN:-default\}/,
    );
    assert.equal(`${io.out()}${io.err()}`.includes(secret), false, 'an expanded secret is printed');

    const named = memoryIo({ home, cwd: project, env: {} });
    assert.equal(await run(['scan', '--server', 'gh'], named), 2);
    assert.match(named.err(), /cannot scan claude-code server "gh" .*MCP_RISK_TEST_UNSET_TOKEN/);
  });

  test('VS Code: ${env:…}, ${workspaceFolder}; ${input:…} cannot be asked: an env variable made of one is left out, an argument made of one skips the server', async () => {
    const { home, project } = await machine('vscode', {
      '.vscode/mcp.json': {
        inputs: [{ type: 'promptString', id: 'api-token', password: true }],
        servers: {
          tools: {
            type: 'stdio',
            command: '${env:NODE_BIN}',
            args: [HOSTILE, 'duplicate-names'],
            env: { HOSTILE_SELF_PID_FILE: '${workspaceFolder}${/}vscode.pid', API_TOKEN: '${input:api-token}' },
          },
          db: { command: process.execPath, args: [FLOWFORGE, '--dsn', '${input:db-dsn}'] },
        },
      },
    });
    const io = memoryIo({ home, cwd: project, env: { NODE_BIN: process.execPath } });
    const code = await run(['scan', '--format', 'json', '--timeout', '10000'], io);
    assert.equal(code, 0, io.err());
    assert.deepEqual(
      parse(io.out()).servers.map((server) => server.name),
      ['tools'],
    );
    assert.ok(existsSync(join(project, 'vscode.pid')), '${workspaceFolder} is the folder holding .vscode');
    assert.match(
      io.err(),
      /vscode server "tools" \(.*mcp\.json, project\): "\$\{input:api-token\}" \(env "API_TOKEN"\) is asked of the user by VS Code when the server starts; mcp-risk cannot ask, so the server is scanned without env "API_TOKEN"/,
    );
    assert.match(io.err(), /skipped vscode server "db" .*: needs "\$\{input:db-dsn\}" \(args\), which VS Code asks of the user/);
  });
});

describe('servers from several client configs', () => {
  const github = (args: string[]) => ({ command: process.execPath, args });

  test('each server names its client and file; one name for two different servers asks for --server <client>:<name>', async () => {
    const { home, project } = await machine('ambiguous', {
      '~/.cursor/mcp.json': { mcpServers: { github: github([FLOWFORGE]) } },
      '.mcp.json': { mcpServers: { github: github([HOSTILE, 'duplicate-names']) } },
    });
    const all = memoryIo({ home, cwd: project });
    assert.equal(await run(['scan', '--format', 'json', '--timeout', '10000'], all), 0, all.err());
    const report = parse(all.out());
    assert.deepEqual(report.servers.map((server) => server.name).sort(), ['claude-code:github', 'cursor:github']);
    const cursor = report.servers.find((server) => server.name === 'cursor:github');
    assert.deepEqual(cursor?.sources, [{ client: 'cursor', name: 'github', file: join(home, '.cursor', 'mcp.json'), scope: 'user' }]);
    assert.equal(cursor?.tools.length, FLOWFORGE_TOOLS.length);
    assert.match(all.err(), /scanning 2 server\(s\):\n/);
    assert.ok(all.err().includes(`  cursor:github: cursor server "github" (${join(home, '.cursor', 'mcp.json')}, user)\n`), all.err());
    assert.ok(
      all.err().includes(`  claude-code:github: claude-code server "github" (${join(project, '.mcp.json')}, project)\n`),
      all.err(),
    );

    const ambiguous = memoryIo({ home, cwd: project });
    assert.equal(await run(['scan', '--server', 'github'], ambiguous), 2);
    assert.match(
      ambiguous.err(),
      /2 clients define different servers named "github"; pick one: --server (cursor|claude-code):github \(.*\), --server (cursor|claude-code):github/,
    );

    const picked = memoryIo({ home, cwd: project });
    assert.equal(await run(['scan', '--format', 'json', '--server', 'cursor:github'], picked), 0, picked.err());
    const only = parse(picked.out()).servers;
    assert.equal(only.length, 1);
    assert.equal(only[0]?.sources?.[0]?.client, 'cursor');
    assert.equal(only[0]?.tools.length, FLOWFORGE_TOOLS.length);
  });

  test('the same command in two clients is scanned once, with both sources', async () => {
    const { home, project } = await machine('same', {
      '~/.cursor/mcp.json': { mcpServers: { ff: github([FLOWFORGE]) } },
      '.vscode/mcp.json': { servers: { flowforge: github([FLOWFORGE]) } },
    });
    const io = memoryIo({ home, cwd: project });
    assert.equal(await run(['scan', '--format', 'json', '--timeout', '10000'], io), 0, io.err());
    const report = parse(io.out());
    assert.equal(report.servers.length, 1);
    assert.deepEqual(
      report.servers[0]?.sources?.map((source) => `${source.client}:${source.name}`),
      ['cursor:ff', 'vscode:flowforge'],
    );
    assert.match(io.err(), /vscode server "flowforge" \(.*\) is the same server as cursor server "ff" \(.*\): scanned once/);
  });
});
