import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../src/errors.js';
import { guessScope, readConfigFile } from '../../src/config/read-config-file.js';
import type { ConfigProblem } from '../../src/config/server-entry.js';
import { fixture, makeFakeMachine, placeFixture, placeText } from './fake-machine.js';
import type { FakeMachine } from './fake-machine.js';

/** Runs fn and returns the InputError it rejects with (failing if it resolves or throws anything else). */
async function inputErrorOf(fn: () => Promise<unknown>): Promise<InputError> {
  try {
    await fn();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an InputError');
}

describe('readConfigFile: which client a file is', () => {
  let machine: FakeMachine;
  before(async () => {
    machine = await makeFakeMachine();
  });
  after(() => machine.cleanup());

  test('by file name: .cursor/mcp.json outside home is Cursor, project scope', async () => {
    const file = await placeFixture('cursor/user-mcp.json', path.join(machine.project, '.cursor', 'mcp.json'));
    const entries = await readConfigFile(file, { home: machine.home });
    assert.deepEqual(entries, [
      {
        name: 'browser',
        client: 'cursor',
        file,
        scope: 'project',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@playwright/mcp@latest'],
      },
      {
        name: 'linear',
        client: 'cursor',
        file,
        scope: 'project',
        transport: 'http',
        url: 'https://mcp.linear.app/mcp?api_key=c4n4ry-linear-query',
        headers: { 'X-Api-Key': 'c4n4ry-linear-header' },
      },
    ]);
  });

  test('by file name: Windsurf mcp_config.json with serverUrl', async () => {
    const entries = await readConfigFile(fixture('windsurf/mcp_config.json'));
    assert.deepEqual(
      entries.map((e) => [e.client, e.scope, e.name, e.transport, e.url ?? e.command, e.disabled ?? false]),
      [
        ['windsurf', 'user', 'remote-search', 'http', 'https://search.example.com/mcp', false],
        ['windsurf', 'user', 'legacy-sse', 'sse', 'https://old.example.com/sse', false],
        ['windsurf', 'user', 'puppeteer', 'stdio', 'npx', true],
      ],
    );
  });

  test('by keys: `servers` is VS Code, JSONC comments and trailing commas allowed', async () => {
    const entries = await readConfigFile(fixture('vscode/user-mcp.json'));
    assert.deepEqual(
      entries.map((e) => `${e.client}:${e.name}:${e.transport}`),
      ['vscode:fetch:stdio', 'vscode:remote-docs:http'],
    );
    const settings = await readConfigFile(fixture('vscode/settings.json'));
    assert.deepEqual(settings, [
      {
        name: 'legacy-time',
        client: 'vscode',
        file: fixture('vscode/settings.json'),
        scope: 'user',
        transport: 'stdio',
        command: 'uvx',
        args: ['mcp-server-time', '--local-timezone=Europe/Paris'],
        env: { TZ_TOKEN: 'c4n4ry-vscode-settings' },
      },
    ]);
  });

  test('by keys: `mcp_servers` in TOML is Codex, with headers filled from the given environment', async () => {
    const file = fixture('codex/config.toml');
    const entries = await readConfigFile(file, { env: { CODEX_TEST_TOKEN: 'tok-1', CODEX_TEST_ORG_KEY: 'org-1' } });
    assert.deepEqual(entries[1], {
      name: 'remote',
      client: 'codex',
      file,
      scope: 'user',
      transport: 'http',
      url: 'https://remote.example.com/mcp',
      headers: { 'X-Team': 'platform', 'X-Org-Key': 'org-1', Authorization: 'Bearer tok-1' },
    });
    const withoutEnv = await readConfigFile(file, { env: {} });
    assert.deepEqual(withoutEnv[1]?.headers, { 'X-Team': 'platform' });
  });

  test('by keys: `context_servers` is Zed (both command shapes); the extension server is a problem', async () => {
    const problems: ConfigProblem[] = [];
    const file = fixture('zed/settings.json');
    const entries = await readConfigFile(file, { onProblem: (p) => problems.push(p) });
    assert.deepEqual(
      entries.map((e) => [e.client, e.name, e.command ?? e.url, e.args ?? []]),
      [
        ['zed', 'old-style', '/usr/local/bin/old-server', ['--stdio']],
        ['zed', 'new-style', 'npx', ['-y', 'new-server']],
        ['zed', 'remote', 'https://zed-remote.example.com/mcp', []],
      ],
    );
    assert.deepEqual(
      problems.map((p) => p.server),
      ['mcp-server-github'],
    );
  });

  test('by keys: a YAML `mcpServers` list is Continue', async () => {
    const entries = await readConfigFile(fixture('continue/config.yaml'));
    assert.deepEqual(
      entries.map((e) => `${e.client}:${e.name}:${e.transport}`),
      ['continue:SQLite:stdio', 'continue:Remote SSE:sse', 'continue:Remote Stream:http'],
    );
  });

  test('by keys: `projects` is Claude Code, with the local servers of the given cwd', async () => {
    const file = await placeFixture('claude-code/claude.json', path.join(machine.root, 'copy', 'claude.json'), {
      __PROJECT_DIR__: '/repo/app',
    });
    const entries = await readConfigFile(file, { cwd: '/repo/app' });
    assert.deepEqual(
      entries.map((e) => `${e.scope}:${e.name}`),
      ['user:memory', 'project:local-db'],
    );
    const elsewhere = await readConfigFile(file, { cwd: '/repo/other' });
    assert.deepEqual(
      elsewhere.map((e) => `${e.scope}:${e.name}`),
      ['user:memory'],
    );
  });

  test('a plain `mcpServers` map in an unknown file is generic; a client can be named', async () => {
    const file = fixture('claude-code/mcp.json');
    const generic = await readConfigFile(file);
    assert.deepEqual(
      generic.map((e) => `${e.client}:${e.name}:${e.transport}`),
      ['generic:team-api:http', 'generic:team-events:sse', 'generic:team-search:stdio'],
    );
    const named = await readConfigFile(file, { client: 'claude-code', scope: 'project' });
    assert.deepEqual(
      named.map((e) => `${e.client}:${e.scope}:${e.name}`),
      ['claude-code:project:team-api', 'claude-code:project:team-events', 'claude-code:project:team-search'],
    );
  });

  test('Cline: disabled entries are kept and marked; a bare URL is SSE, streamableHttp is HTTP', async () => {
    const entries = await readConfigFile(fixture('cline/cline_mcp_settings.json'));
    assert.deepEqual(
      entries.map((e) => [e.client, e.name, e.transport, e.disabled === true]),
      [
        ['cline', 'weather', 'stdio', false],
        ['cline', 'switched-off', 'stdio', true],
        ['cline', 'remote-stream', 'http', false],
        ['cline', 'remote-default', 'sse', false],
      ],
    );
  });

  test('a relative path is returned as an absolute file', async () => {
    const relative = path.relative(process.cwd(), fixture('claude-desktop/claude_desktop_config.json'));
    const entries = await readConfigFile(relative);
    assert.equal(entries[0]?.file, fixture('claude-desktop/claude_desktop_config.json'));
    assert.equal(entries[0]?.client, 'claude-desktop');
  });
});

describe('readConfigFile: entries that cannot be used', () => {
  test('are skipped and reported, naming the server; numbers and booleans in args become text', async () => {
    const file = fixture('errors/mixed-entries.json');
    const problems: ConfigProblem[] = [];
    const entries = await readConfigFile(file, { onProblem: (p) => problems.push(p) });
    assert.deepEqual(entries, [
      { name: 'good', client: 'generic', file, scope: 'user', transport: 'stdio', command: 'node', args: ['good.js', '42', 'true'] },
    ]);
    assert.deepEqual(problems, [
      { file, server: 'no-target', message: `${file}: server "no-target": it has neither a command nor a URL` },
      { file, server: 'bad-args', message: `${file}: server "bad-args": args must be strings` },
      { file, server: 'bad-url', message: `${file}: server "bad-url": its URL scheme "file:" is not http or https` },
      { file, server: 'bad-type', message: `${file}: server "bad-type": unsupported transport type "websocket"` },
      { file, server: 'not-an-object', message: `${file}: server "not-an-object": its entry is not an object` },
      { file, server: 'bad\u001b[31mname', message: `${file}: server "bad\\u001b[31mname": its name contains control characters` },
    ]);
  });

  test('a __proto__ key is a plain key: it cannot lend an entry a command, and names a server like any other', async (t) => {
    const machine = await makeFakeMachine();
    t.after(() => machine.cleanup());
    const file = await placeText(
      path.join(machine.root, 'proto.json'),
      '{"mcpServers": {"x": {"__proto__": {"command": "evil"}}, "__proto__": {"command": "node"}}}',
    );
    const problems: ConfigProblem[] = [];
    const entries = await readConfigFile(file, { onProblem: (p) => problems.push(p) });
    assert.deepEqual(entries, [{ name: '__proto__', client: 'generic', file, scope: 'user', transport: 'stdio', command: 'node' }]);
    assert.deepEqual(
      problems.map((p) => p.message),
      [`${file}: server "x": it has neither a command nor a URL`],
    );
    assert.equal(({} as Record<string, unknown>).command, undefined);
  });
});

describe('readConfigFile: bounds', () => {
  test('at most 500 servers are read from one section, and the rest is reported', async (t) => {
    const machine = await makeFakeMachine();
    t.after(() => machine.cleanup());
    const servers = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`s${i}`, { command: 'node' }]));
    const file = await placeText(path.join(machine.root, 'many.json'), JSON.stringify({ mcpServers: servers }));
    const problems: ConfigProblem[] = [];
    const entries = await readConfigFile(file, { onProblem: (p) => problems.push(p) });
    assert.equal(entries.length, 500);
    assert.equal(entries[499]?.name, 's499');
    assert.deepEqual(problems, [{ file, message: `${file}: lists 501 servers; only the first 500 are read` }]);
  });

  test('oversized fields make the entry a problem', async (t) => {
    const machine = await makeFakeMachine();
    t.after(() => machine.cleanup());
    const file = await placeText(
      path.join(machine.root, 'big-fields.json'),
      JSON.stringify({
        mcpServers: {
          'long-command': { command: 'x'.repeat(5000) },
          ['long-name-'.padEnd(250, 'n')]: { command: 'node' },
          'header-injection': { url: 'https://h.example.com/mcp', headers: { 'X-A': 'a\r\nX-Injected: 1' } },
        },
      }),
    );
    const problems: ConfigProblem[] = [];
    const entries = await readConfigFile(file, { onProblem: (p) => problems.push(p) });
    assert.deepEqual(entries, []);
    assert.deepEqual(
      problems.map((p) => p.message.slice(file.length + 2)),
      [
        'server "long-command": command is longer than 4096 characters',
        `server "${'long-name-'.padEnd(80, 'n')}...": its name is longer than 200 characters`,
        'server "header-injection": headers contains a control or line-break character',
      ],
    );
  });
});

describe('readConfigFile: names with control characters', () => {
  test('a header or env name holding a C1 control character (U+0085, next line) is refused like a C0 one', async (t) => {
    const machine = await makeFakeMachine();
    t.after(() => machine.cleanup());
    const file = await placeText(
      path.join(machine.root, 'c1-names.json'),
      JSON.stringify({
        mcpServers: {
          'c1-header': { url: 'https://h.example.com/mcp', headers: { 'X-A\u0085B': 'a' } },
          'c1-env': { command: 'node', env: { 'KEY\u009bNAME': 'v' } },
        },
      }),
    );
    const problems: ConfigProblem[] = [];
    const entries = await readConfigFile(file, { onProblem: (p) => problems.push(p) });
    assert.deepEqual(entries, []);
    assert.deepEqual(
      problems.map((p) => p.message.slice(file.length + 2)),
      [
        'server "c1-header": headers contains a control or line-break character',
        'server "c1-env": env contains a control or line-break character',
      ],
    );
  });
});

describe('readConfigFile: errors', () => {
  let machine: FakeMachine;
  before(async () => {
    machine = await makeFakeMachine();
  });
  after(() => machine.cleanup());

  test('a missing file is input-unreadable, naming the file', async () => {
    const file = path.join(machine.root, 'nope', 'mcp.json');
    const error = await inputErrorOf(() => readConfigFile(file));
    assert.equal(error.code, 'input-unreadable');
    assert.equal(error.message, `cannot read ${file}: file not found`);
  });

  test('a folder is input-unreadable', async () => {
    const error = await inputErrorOf(() => readConfigFile(machine.root));
    assert.equal(error.code, 'input-unreadable');
    assert.equal(error.message, `cannot read ${machine.root}: not a regular file`);
  });

  test('invalid JSON is config-invalid with the position', async () => {
    const file = fixture('errors/invalid.json');
    const error = await inputErrorOf(() => readConfigFile(file));
    assert.equal(error.code, 'config-invalid');
    assert.equal(error.message, `${file} is not valid JSON (line 4, column 5: comma expected)`);
  });

  test('an empty file is config-invalid', async () => {
    const file = await placeText(path.join(machine.root, 'empty.json'), '  \n');
    const error = await inputErrorOf(() => readConfigFile(file));
    assert.equal(error.code, 'config-invalid');
    assert.equal(error.message, `${file} is not valid JSON (line 2, column 1: value expected)`);
  });

  test('invalid TOML and YAML are config-invalid with the position', async () => {
    const toml = fixture('errors/invalid.toml');
    const tomlError = await inputErrorOf(() => readConfigFile(toml));
    assert.equal(tomlError.code, 'config-invalid');
    assert.equal(
      tomlError.message,
      `${toml} is not valid TOML (line 2, column 16: Invalid TOML document: control characters are not allowed in strings)`,
    );
    const yaml = fixture('errors/invalid.yaml');
    const yamlError = await inputErrorOf(() => readConfigFile(yaml));
    assert.equal(yamlError.code, 'config-invalid');
    assert.match(yamlError.message, /^.*invalid\.yaml is not valid YAML \(line 4, column 1: /);
  });

  test('a file with no server section is config-invalid', async () => {
    const file = fixture('errors/no-servers.json');
    const error = await inputErrorOf(() => readConfigFile(file));
    assert.equal(error.code, 'config-invalid');
    assert.equal(
      error.message,
      `${file} has no MCP server section (looked for mcpServers, servers, mcp.servers, context_servers, mcp_servers and Continue's server list)`,
    );
  });

  test("a file without the named client's section is config-invalid, naming the section", async () => {
    const file = fixture('vscode/user-mcp.json');
    const error = await inputErrorOf(() => readConfigFile(file, { client: 'zed' }));
    assert.equal(error.code, 'config-invalid');
    assert.equal(error.message, `${file} has no context_servers section, where Zed keeps its MCP servers`);
  });

  test('a server section of the wrong type is config-invalid', async () => {
    const file = fixture('errors/servers-not-object.json');
    const error = await inputErrorOf(() => readConfigFile(file));
    assert.equal(error.code, 'config-invalid');
    assert.equal(error.message, `${file}: mcpServers must be an object mapping server names to servers`);
  });

  test('a top level that is not an object is config-invalid', async () => {
    const file = await placeText(path.join(machine.root, 'list.json'), '["npx", "server"]');
    const error = await inputErrorOf(() => readConfigFile(file));
    assert.equal(error.code, 'config-invalid');
    assert.equal(error.message, `${file} does not hold an object at the top level, so it has no MCP servers`);
  });

  test('a file over 5 MB is refused before parsing', async () => {
    const file = path.join(machine.root, 'huge.json');
    await writeFile(file, Buffer.alloc(6 * 1024 * 1024, 0x20));
    const error = await inputErrorOf(() => readConfigFile(file));
    assert.equal(error.code, 'input-unreadable');
    assert.equal(error.message, `${file} is 6 MB; config files over 5 MB are not read`);
  });

  test('nesting too deep is config-invalid, not a crash', async () => {
    const file = await placeText(path.join(machine.root, 'deep.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const error = await inputErrorOf(() => readConfigFile(file));
    assert.equal(error.code, 'config-invalid');
    assert.match(error.message, /deep\.json is not a config file we read: it nests/);
  });

  test('a YAML alias bomb is config-invalid', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i += 1)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const file = await placeText(path.join(machine.root, 'bomb.yaml'), `${levels.join('\n')}\nmcpServers: []\n`);
    const error = await inputErrorOf(() => readConfigFile(file));
    assert.equal(error.code, 'config-invalid');
    assert.match(error.message, /bomb\.yaml is not valid YAML \(Excessive alias count/);
  });
});

describe('guessScope', () => {
  test('project folders are project scope; files in home are user scope', () => {
    const home = '/home/me';
    assert.equal(guessScope('/repo/.mcp.json', home), 'project');
    assert.equal(guessScope('/repo/.vscode/mcp.json', home), 'project');
    assert.equal(guessScope('/repo/.zed/settings.json', home), 'project');
    assert.equal(guessScope('/repo/.cursor/mcp.json', home), 'project');
    assert.equal(guessScope('/home/me/.cursor/mcp.json', home), 'user');
    assert.equal(guessScope('/home/me/.gemini/settings.json', home), 'user');
    assert.equal(guessScope('/repo/.continue/mcpServers/a.yaml', home), 'project');
    assert.equal(guessScope('/home/me/.continue/mcpServers/a.yaml', home), 'user');
    assert.equal(guessScope('/home/me/.config/Code/User/mcp.json', home), 'user');
  });
});
