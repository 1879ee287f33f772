import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeEntry } from '../../src/config/describe-entry.js';
import { discoverClientConfigs, listConfigLocations } from '../../src/config/discover-configs.js';
import type { DiscoveryContext, ServerEntry } from '../../src/config/server-entry.js';
import { makeFakeMachine, placeFixture, placeText } from './fake-machine.js';
import type { FakeMachine } from './fake-machine.js';

const CODEX_ENV = { CODEX_TEST_TOKEN: 'c4n4ry-codex-bearer', CODEX_TEST_ORG_KEY: 'c4n4ry-codex-org' };

describe('discoverClientConfigs on a linux machine with every client', () => {
  let machine: FakeMachine;
  let ctx: DiscoveryContext;
  const f: Record<string, string> = {};

  before(async () => {
    machine = await makeFakeMachine();
    const { home, project } = machine;
    ctx = { home, cwd: project, platform: 'linux', env: { ...CODEX_ENV } };
    const codeUser = path.join(home, '.config', 'Code', 'User');
    f.desktop = await placeFixture(
      'claude-desktop/claude_desktop_config.json',
      path.join(home, '.config', 'Claude', 'claude_desktop_config.json'),
    );
    f.claudeUser = await placeFixture('claude-code/claude.json', path.join(home, '.claude.json'), { __PROJECT_DIR__: project });
    f.claudeProject = await placeFixture('claude-code/mcp.json', path.join(project, '.mcp.json'));
    f.cursorUser = await placeFixture('cursor/user-mcp.json', path.join(home, '.cursor', 'mcp.json'));
    f.cursorProject = await placeFixture('cursor/project-mcp.json', path.join(project, '.cursor', 'mcp.json'));
    f.vscodeMcp = await placeFixture('vscode/user-mcp.json', path.join(codeUser, 'mcp.json'));
    f.vscodeSettings = await placeFixture('vscode/settings.json', path.join(codeUser, 'settings.json'));
    f.vscodeProject = await placeFixture('vscode/project-mcp.json', path.join(project, '.vscode', 'mcp.json'));
    f.windsurf = await placeFixture('windsurf/mcp_config.json', path.join(home, '.codeium', 'windsurf', 'mcp_config.json'));
    f.geminiUser = await placeFixture('gemini-cli/user-settings.json', path.join(home, '.gemini', 'settings.json'));
    f.geminiProject = await placeFixture('gemini-cli/project-settings.json', path.join(project, '.gemini', 'settings.json'));
    f.codexUser = await placeFixture('codex/config.toml', path.join(home, '.codex', 'config.toml'));
    f.codexProject = await placeFixture('codex/project-config.toml', path.join(project, '.codex', 'config.toml'));
    f.zedUser = await placeFixture('zed/settings.json', path.join(home, '.config', 'zed', 'settings.json'));
    f.zedProject = await placeFixture('zed/project-settings.json', path.join(project, '.zed', 'settings.json'));
    f.continueYaml = await placeFixture('continue/config.yaml', path.join(home, '.continue', 'config.yaml'));
    f.continueJson = await placeFixture('continue/config.json', path.join(home, '.continue', 'config.json'));
    f.continueUserBlock = await placeFixture('continue/user-block.yaml', path.join(home, '.continue', 'mcpServers', 'memory.yaml'));
    f.continueProjectJson = await placeFixture('continue/project-block.json', path.join(project, '.continue', 'mcpServers', 'copied.json'));
    f.continueProjectYaml = await placeFixture(
      'continue/project-block.yaml',
      path.join(project, '.continue', 'mcpServers', 'playwright.yaml'),
    );
    await placeText(path.join(project, '.continue', 'mcpServers', 'README.md'), '# not a server file\n');
    f.cline = await placeFixture(
      'cline/cline_mcp_settings.json',
      path.join(codeUser, 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json'),
    );
  });
  after(() => machine.cleanup());

  test('filesRead lists exactly the files found, in client order', async () => {
    const result = await discoverClientConfigs(ctx);
    assert.deepEqual(result.filesRead, [
      f.desktop,
      f.claudeUser,
      f.claudeProject,
      f.cursorUser,
      f.cursorProject,
      f.vscodeMcp,
      f.vscodeSettings,
      f.vscodeProject,
      f.windsurf,
      f.geminiUser,
      f.geminiProject,
      f.codexUser,
      f.codexProject,
      f.zedUser,
      f.zedProject,
      f.continueYaml,
      f.continueJson,
      f.continueUserBlock,
      f.continueProjectJson,
      f.continueProjectYaml,
      f.cline,
    ]);
  });

  test('every client shape is read into exact entries, user and project scope', async () => {
    const { entries } = await discoverClientConfigs(ctx);
    const expected: ServerEntry[] = [
      // Claude Desktop
      {
        name: 'filesystem',
        client: 'claude-desktop',
        file: f.desktop!,
        scope: 'user',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me/Documents'],
      },
      {
        name: 'github',
        client: 'claude-desktop',
        file: f.desktop!,
        scope: 'user',
        transport: 'stdio',
        command: 'docker',
        args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server'],
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_c4n4ryDesktopToken0123456789abcdef' },
      },
      // Claude Code: top-level user servers, then this project's local servers, then .mcp.json
      {
        name: 'memory',
        client: 'claude-code',
        file: f.claudeUser!,
        scope: 'user',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-memory'],
      },
      {
        name: 'local-db',
        client: 'claude-code',
        file: f.claudeUser!,
        scope: 'project',
        transport: 'stdio',
        command: 'uvx',
        args: ['mcp-server-postgres', '--password', 'c4n4ry-db-password'],
        env: { PGPASSWORD: 'c4n4ry-pg-env' },
      },
      {
        name: 'team-api',
        client: 'claude-code',
        file: f.claudeProject!,
        scope: 'project',
        transport: 'http',
        url: 'https://api.example.com/mcp',
        headers: { Authorization: 'Bearer c4n4ry-team-token' },
      },
      {
        name: 'team-events',
        client: 'claude-code',
        file: f.claudeProject!,
        scope: 'project',
        transport: 'sse',
        url: 'https://events.example.com/sse',
      },
      {
        name: 'team-search',
        client: 'claude-code',
        file: f.claudeProject!,
        scope: 'project',
        transport: 'stdio',
        command: 'node',
        args: ['tools/search-server.js'],
        disabled: true,
      },
      // Cursor
      {
        name: 'browser',
        client: 'cursor',
        file: f.cursorUser!,
        scope: 'user',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@playwright/mcp@latest'],
      },
      {
        name: 'linear',
        client: 'cursor',
        file: f.cursorUser!,
        scope: 'user',
        transport: 'http',
        url: 'https://mcp.linear.app/mcp?api_key=c4n4ry-linear-query',
        headers: { 'X-Api-Key': 'c4n4ry-linear-header' },
      },
      {
        name: 'project-tools',
        client: 'cursor',
        file: f.cursorProject!,
        scope: 'project',
        transport: 'stdio',
        command: 'python',
        args: ['-m', 'project_tools', '--api-key=c4n4ry-flag-equals'],
      },
      // VS Code: mcp.json, settings.json (JSONC), project .vscode/mcp.json
      {
        name: 'fetch',
        client: 'vscode',
        file: f.vscodeMcp!,
        scope: 'user',
        transport: 'stdio',
        command: 'uvx',
        args: ['mcp-server-fetch'],
      },
      {
        name: 'remote-docs',
        client: 'vscode',
        file: f.vscodeMcp!,
        scope: 'user',
        transport: 'http',
        url: 'https://docs.example.com/mcp',
        headers: { Authorization: 'Bearer ${input:api-key}' },
      },
      {
        name: 'legacy-time',
        client: 'vscode',
        file: f.vscodeSettings!,
        scope: 'user',
        transport: 'stdio',
        command: 'uvx',
        args: ['mcp-server-time', '--local-timezone=Europe/Paris'],
        env: { TZ_TOKEN: 'c4n4ry-vscode-settings' },
      },
      {
        name: 'workspace-sse',
        client: 'vscode',
        file: f.vscodeProject!,
        scope: 'project',
        transport: 'sse',
        url: 'http://127.0.0.1:3001/sse',
      },
      // Windsurf: serverUrl
      {
        name: 'remote-search',
        client: 'windsurf',
        file: f.windsurf!,
        scope: 'user',
        transport: 'http',
        url: 'https://search.example.com/mcp',
        headers: { Authorization: 'Bearer c4n4ry-windsurf' },
      },
      { name: 'legacy-sse', client: 'windsurf', file: f.windsurf!, scope: 'user', transport: 'sse', url: 'https://old.example.com/sse' },
      {
        name: 'puppeteer',
        client: 'windsurf',
        file: f.windsurf!,
        scope: 'user',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-puppeteer'],
        disabled: true,
      },
      // Gemini CLI: httpUrl is streamable HTTP, url is SSE
      {
        name: 'streamable',
        client: 'gemini-cli',
        file: f.geminiUser!,
        scope: 'user',
        transport: 'http',
        url: 'https://stream.example.com/mcp',
        headers: { Authorization: 'Bearer c4n4ry-gemini' },
      },
      {
        name: 'events',
        client: 'gemini-cli',
        file: f.geminiUser!,
        scope: 'user',
        transport: 'sse',
        url: 'https://events.example.com/feed',
      },
      {
        name: 'local-python',
        client: 'gemini-cli',
        file: f.geminiUser!,
        scope: 'user',
        transport: 'stdio',
        command: 'python',
        args: ['-m', 'server'],
        env: { API_KEY: '$MY_API_TOKEN' },
        cwd: './mcp-servers/python',
      },
      {
        name: 'excluded-one',
        client: 'gemini-cli',
        file: f.geminiUser!,
        scope: 'user',
        transport: 'stdio',
        command: 'node',
        args: ['excluded.js'],
        disabled: true,
      },
      {
        name: 'project-git',
        client: 'gemini-cli',
        file: f.geminiProject!,
        scope: 'project',
        transport: 'stdio',
        command: 'uvx',
        args: ['mcp-server-git', '--repository', '.'],
      },
      // Codex TOML
      {
        name: 'docs',
        client: 'codex',
        file: f.codexUser!,
        scope: 'user',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', 'mcp-server-docs', '--port', '8080'],
        env: { DOCS_API_KEY: 'c4n4ry-codex-env' },
      },
      {
        name: 'remote',
        client: 'codex',
        file: f.codexUser!,
        scope: 'user',
        transport: 'http',
        url: 'https://remote.example.com/mcp',
        headers: { 'X-Team': 'platform', 'X-Org-Key': 'c4n4ry-codex-org', Authorization: 'Bearer c4n4ry-codex-bearer' },
      },
      {
        name: 'paused',
        client: 'codex',
        file: f.codexUser!,
        scope: 'user',
        transport: 'stdio',
        command: 'node',
        args: ['paused.js'],
        disabled: true,
      },
      {
        name: 'repo-tools',
        client: 'codex',
        file: f.codexProject!,
        scope: 'project',
        transport: 'stdio',
        command: './bin/repo-tools',
        cwd: '/srv/repo',
      },
      // Zed: both command shapes and a remote server
      {
        name: 'old-style',
        client: 'zed',
        file: f.zedUser!,
        scope: 'user',
        transport: 'stdio',
        command: '/usr/local/bin/old-server',
        args: ['--stdio'],
        env: { OLD_SECRET: 'c4n4ry-zed-old' },
      },
      {
        name: 'new-style',
        client: 'zed',
        file: f.zedUser!,
        scope: 'user',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', 'new-server'],
        env: { NEW_SECRET: 'c4n4ry-zed-new' },
      },
      {
        name: 'remote',
        client: 'zed',
        file: f.zedUser!,
        scope: 'user',
        transport: 'http',
        url: 'https://zed-remote.example.com/mcp',
        headers: { Authorization: 'Bearer c4n4ry-zed-remote' },
      },
      {
        name: 'project-zed',
        client: 'zed',
        file: f.zedProject!,
        scope: 'project',
        transport: 'stdio',
        command: 'cargo',
        args: ['run', '--bin', 'mcp'],
      },
      // Continue: YAML list, legacy JSON, block files (user, then project sorted by name)
      {
        name: 'SQLite',
        client: 'continue',
        file: f.continueYaml!,
        scope: 'user',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', 'mcp-sqlite', '/home/me/data.db'],
        env: { SQLITE_KEY: 'c4n4ry-continue-env' },
      },
      {
        name: 'Remote SSE',
        client: 'continue',
        file: f.continueYaml!,
        scope: 'user',
        transport: 'sse',
        url: 'https://continue-sse.example.com/events',
      },
      {
        name: 'Remote Stream',
        client: 'continue',
        file: f.continueYaml!,
        scope: 'user',
        transport: 'http',
        url: 'https://continue-stream.example.com/mcp',
        headers: { Authorization: 'Bearer c4n4ry-continue-header' },
      },
      {
        name: 'modelContextProtocolServers[1]',
        client: 'continue',
        file: f.continueJson!,
        scope: 'user',
        transport: 'stdio',
        command: 'uvx',
        args: ['mcp-server-sqlite', '--db-path', '/tmp/legacy.db'],
      },
      {
        name: 'Memory',
        client: 'continue',
        file: f.continueUserBlock!,
        scope: 'user',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-memory'],
      },
      {
        name: 'copied-from-claude',
        client: 'continue',
        file: f.continueProjectJson!,
        scope: 'project',
        transport: 'stdio',
        command: 'node',
        args: ['copied.js'],
      },
      {
        name: 'Browser search',
        client: 'continue',
        file: f.continueProjectYaml!,
        scope: 'project',
        transport: 'stdio',
        command: 'npx',
        args: ['@playwright/mcp@latest'],
      },
      // Cline
      {
        name: 'weather',
        client: 'cline',
        file: f.cline!,
        scope: 'user',
        transport: 'stdio',
        command: 'node',
        args: ['/home/me/weather/build/index.js'],
        env: { OPENWEATHER_API_KEY: 'c4n4ry-cline-env' },
      },
      {
        name: 'switched-off',
        client: 'cline',
        file: f.cline!,
        scope: 'user',
        transport: 'stdio',
        command: 'python',
        args: ['off.py'],
        disabled: true,
      },
      {
        name: 'remote-stream',
        client: 'cline',
        file: f.cline!,
        scope: 'user',
        transport: 'http',
        url: 'https://cline-remote.example.com/mcp',
      },
      {
        name: 'remote-default',
        client: 'cline',
        file: f.cline!,
        scope: 'user',
        transport: 'sse',
        url: 'https://cline-remote.example.com/events',
      },
    ];
    assert.deepEqual(entries, expected);
  });

  test('entries without a command or URL are problems naming the server, and the rest is read', async () => {
    const { problems } = await discoverClientConfigs(ctx);
    assert.deepEqual(problems, [
      { file: f.cursorProject, server: 'no-target', message: `${f.cursorProject}: server "no-target": it has neither a command nor a URL` },
      {
        file: f.zedUser,
        server: 'mcp-server-github',
        message: `${f.zedUser}: server "mcp-server-github": it is provided by a Zed extension; how to start it is not in the settings file`,
      },
      {
        file: f.continueYaml,
        server: 'anthropic/memory-mcp',
        message: `${f.continueYaml}: server "anthropic/memory-mcp": it uses the hub block "anthropic/memory-mcp", which is not in the file`,
      },
    ]);
  });

  test('no description of a discovered entry holds a secret value', async () => {
    const { entries } = await discoverClientConfigs(ctx);
    for (const entry of entries) {
      const line = describeEntry(entry);
      assert.equal(line.includes('c4n4ry'), false, `${entry.client}/${entry.name}: ${line}`);
    }
  });
});

describe('discoverClientConfigs on a darwin machine', () => {
  let machine: FakeMachine;
  after(() => machine.cleanup());

  test('reads the macOS application-support locations', async () => {
    machine = await makeFakeMachine();
    const { home, project } = machine;
    const support = path.join(home, 'Library', 'Application Support');
    const desktop = await placeFixture(
      'claude-desktop/claude_desktop_config.json',
      path.join(support, 'Claude', 'claude_desktop_config.json'),
    );
    const vscodeMcp = await placeFixture('vscode/user-mcp.json', path.join(support, 'Code', 'User', 'mcp.json'));
    const cline = await placeFixture(
      'cline/cline_mcp_settings.json',
      path.join(support, 'Code', 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json'),
    );
    const zed = await placeFixture('zed/project-settings.json', path.join(home, '.config', 'zed', 'settings.json'));
    // A Linux-style file on a Mac is not where Claude Desktop looks.
    await placeFixture('claude-desktop/claude_desktop_config.json', path.join(home, '.config', 'Claude', 'claude_desktop_config.json'));

    const result = await discoverClientConfigs({ home, cwd: project, platform: 'darwin', env: {} });
    assert.deepEqual(result.filesRead, [desktop, vscodeMcp, zed, cline]);
    assert.deepEqual(
      result.entries.map((e) => `${e.client}:${e.scope}:${e.name}:${e.transport}`),
      [
        'claude-desktop:user:filesystem:stdio',
        'claude-desktop:user:github:stdio',
        'vscode:user:fetch:stdio',
        'vscode:user:remote-docs:http',
        'zed:user:project-zed:stdio',
        'cline:user:weather:stdio',
        'cline:user:switched-off:stdio',
        'cline:user:remote-stream:http',
        'cline:user:remote-default:sse',
      ],
    );
    assert.deepEqual(result.problems, []);
  });
});

describe('discoverClientConfigs with broken files', () => {
  let machine: FakeMachine;
  after(() => machine.cleanup());

  test('a broken file is a problem and every other file is still read', async () => {
    machine = await makeFakeMachine();
    const { home, project } = machine;
    const cursorUser = await placeFixture('errors/invalid.json', path.join(home, '.cursor', 'mcp.json'));
    const cursorProject = await placeFixture('errors/no-servers.json', path.join(project, '.cursor', 'mcp.json'));
    const windsurf = await placeFixture('windsurf/mcp_config.json', path.join(home, '.codeium', 'windsurf', 'mcp_config.json'));
    // settings.json without MCP servers is normal: no problem.
    const vscodeSettings = await placeFixture('errors/no-servers.json', path.join(home, '.config', 'Code', 'User', 'settings.json'));
    const codex = await placeFixture('errors/invalid.toml', path.join(home, '.codex', 'config.toml'));
    const continueYaml = await placeFixture('errors/invalid.yaml', path.join(home, '.continue', 'config.yaml'));
    const cline = path.join(home, '.cline', 'data', 'settings', 'cline_mcp_settings.json');
    await mkdir(cline, { recursive: true }); // a folder where a file should be

    const result = await discoverClientConfigs({ home, cwd: project, platform: 'linux', env: {} });
    assert.deepEqual(result.filesRead, [cursorUser, cursorProject, vscodeSettings, windsurf, codex, continueYaml, cline]);
    assert.deepEqual(
      result.entries.map((e) => `${e.client}:${e.name}`),
      ['windsurf:remote-search', 'windsurf:legacy-sse', 'windsurf:puppeteer'],
    );
    assert.deepEqual(result.problems, [
      { file: cursorUser, message: `${cursorUser} is not valid JSON (line 4, column 5: comma expected)` },
      { file: cursorProject, message: `${cursorProject} has no mcpServers section, where Cursor keeps its MCP servers` },
      {
        file: codex,
        message: `${codex} is not valid TOML (line 2, column 16: Invalid TOML document: control characters are not allowed in strings)`,
      },
      {
        file: continueYaml,
        message: `${continueYaml} is not valid YAML (line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ])`,
      },
      { file: cline, message: `cannot read ${cline}: not a regular file` },
    ]);
  });

  test('an unreadable file is a problem, not a crash', async (t) => {
    if (process.getuid?.() === 0) {
      // root reads any file: make the file unreadable by making it too big instead.
      const big = await makeFakeMachine();
      t.after(() => big.cleanup());
      const file = path.join(big.home, '.cursor', 'mcp.json');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
      const result = await discoverClientConfigs({ home: big.home, cwd: big.project, platform: 'linux', env: {} });
      assert.deepEqual(result.filesRead, [file]);
      assert.deepEqual(result.problems, [{ file, message: `${file} is 5 MB; config files over 5 MB are not read` }]);
      return;
    }
    const locked = await makeFakeMachine();
    t.after(() => locked.cleanup());
    const file = await placeFixture('windsurf/mcp_config.json', path.join(locked.home, '.codeium', 'windsurf', 'mcp_config.json'));
    await chmod(file, 0o000);
    const result = await discoverClientConfigs({ home: locked.home, cwd: locked.project, platform: 'linux', env: {} });
    await chmod(file, 0o600);
    assert.deepEqual(result.filesRead, [file]);
    assert.deepEqual(result.problems, [{ file, message: `cannot read ${file}: permission denied` }]);
  });
});

describe('discoverClientConfigs and the working directory', () => {
  let machine: FakeMachine;
  before(async () => {
    machine = await makeFakeMachine();
    await placeFixture('claude-code/claude.json', path.join(machine.home, '.claude.json'), { __PROJECT_DIR__: machine.project });
  });
  after(() => machine.cleanup());

  test('Claude Code per-project servers are picked for the matching cwd only', async () => {
    const names = async (cwd: string) =>
      (await discoverClientConfigs({ home: machine.home, cwd, platform: 'linux', env: {} })).entries.map((e) => `${e.scope}:${e.name}`);
    assert.deepEqual(await names(machine.project), ['user:memory', 'project:local-db']);
    assert.deepEqual(await names(`${machine.project}/`), ['user:memory', 'project:local-db']);
    assert.deepEqual(await names('/somewhere/else'), ['user:memory', 'project:other-project-only']);
    assert.deepEqual(await names(path.join(machine.project, 'sub')), ['user:memory']);
  });

  test('when cwd is home, a file that is both user and project is read once, as user scope', async () => {
    const home = machine.home;
    const file = await placeFixture('cursor/user-mcp.json', path.join(home, '.cursor', 'mcp.json'));
    const result = await discoverClientConfigs({ home, cwd: home, platform: 'linux', env: {} });
    assert.deepEqual(result.filesRead, [path.join(home, '.claude.json'), file]);
    assert.deepEqual(
      result.entries.filter((e) => e.client === 'cursor').map((e) => `${e.scope}:${e.name}`),
      ['user:browser', 'user:linear'],
    );
  });
});

describe('discoverClientConfigs and environment variables', () => {
  let machine: FakeMachine;
  after(() => machine.cleanup());

  test('CODEX_HOME, CLAUDE_CONFIG_DIR, XDG_CONFIG_HOME, CONTINUE_GLOBAL_DIR and CLINE_DIR move the user files', async () => {
    machine = await makeFakeMachine();
    const { root, home, project } = machine;
    const codexHome = path.join(root, 'codex-home');
    const claudeDir = path.join(root, 'claude-dir');
    const xdg = path.join(root, 'xdg');
    const continueDir = path.join(root, 'continue-dir');
    const clineDir = path.join(root, 'cline-dir');
    const codex = await placeFixture('codex/project-config.toml', path.join(codexHome, 'config.toml'));
    const claude = await placeFixture('claude-code/claude.json', path.join(claudeDir, '.claude.json'), { __PROJECT_DIR__: project });
    const desktop = await placeFixture('claude-desktop/claude_desktop_config.json', path.join(xdg, 'Claude', 'claude_desktop_config.json'));
    const zed = await placeFixture('zed/project-settings.json', path.join(xdg, 'zed', 'settings.json'));
    const continueYaml = await placeFixture('continue/user-block.yaml', path.join(continueDir, 'config.yaml'));
    const cline = await placeFixture('cline/cline_mcp_settings.json', path.join(clineDir, 'data', 'settings', 'cline_mcp_settings.json'));
    // The default places are ignored once the variables point elsewhere.
    await placeFixture('codex/config.toml', path.join(home, '.codex', 'config.toml'));
    await placeFixture('claude-desktop/claude_desktop_config.json', path.join(home, '.config', 'Claude', 'claude_desktop_config.json'));

    const result = await discoverClientConfigs({
      home,
      cwd: project,
      platform: 'linux',
      env: {
        CODEX_HOME: codexHome,
        CLAUDE_CONFIG_DIR: claudeDir,
        XDG_CONFIG_HOME: xdg,
        CONTINUE_GLOBAL_DIR: continueDir,
        CLINE_DIR: clineDir,
      },
    });
    assert.deepEqual(result.filesRead, [desktop, claude, codex, zed, continueYaml, cline]);
    assert.deepEqual(
      result.entries.map((e) => `${e.client}:${e.name}`),
      [
        'claude-desktop:filesystem',
        'claude-desktop:github',
        'claude-code:memory',
        'claude-code:local-db',
        'codex:repo-tools',
        'zed:project-zed',
        'continue:Memory',
        'cline:weather',
        'cline:switched-off',
        'cline:remote-stream',
        'cline:remote-default',
      ],
    );
    assert.deepEqual(result.problems, []);
  });
});

describe('listConfigLocations', () => {
  test('linux: every place, user scope under home and project scope under cwd', () => {
    const ctx: DiscoveryContext = { home: '/home/me', cwd: '/work/app', platform: 'linux', env: {} };
    const storage = 'globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json';
    assert.deepEqual(
      listConfigLocations(ctx).map((l) => `${l.client} ${l.scope} ${l.path}${l.directoryExtensions === undefined ? '' : '/*'}`),
      [
        'claude-desktop user /home/me/.config/Claude/claude_desktop_config.json',
        'claude-code user /home/me/.claude.json',
        'claude-code project /work/app/.mcp.json',
        'cursor user /home/me/.cursor/mcp.json',
        'cursor project /work/app/.cursor/mcp.json',
        'vscode user /home/me/.config/Code/User/mcp.json',
        'vscode user /home/me/.config/Code/User/settings.json',
        'vscode user /home/me/.config/Code - Insiders/User/mcp.json',
        'vscode user /home/me/.config/Code - Insiders/User/settings.json',
        'vscode user /home/me/.config/VSCodium/User/mcp.json',
        'vscode user /home/me/.config/VSCodium/User/settings.json',
        'vscode project /work/app/.vscode/mcp.json',
        'vscode project /work/app/.vscode/settings.json',
        'windsurf user /home/me/.codeium/windsurf/mcp_config.json',
        'windsurf user /home/me/.codeium/windsurf-next/mcp_config.json',
        'gemini-cli user /home/me/.gemini/settings.json',
        'gemini-cli project /work/app/.gemini/settings.json',
        'codex user /home/me/.codex/config.toml',
        'codex project /work/app/.codex/config.toml',
        'zed user /home/me/.config/zed/settings.json',
        'zed user /home/me/.var/app/dev.zed.Zed/config/zed/settings.json',
        'zed project /work/app/.zed/settings.json',
        'continue user /home/me/.continue/config.yaml',
        'continue user /home/me/.continue/config.json',
        'continue user /home/me/.continue/mcpServers/*',
        'continue project /work/app/.continue/mcpServers/*',
        `cline user /home/me/.config/Code/User/${storage}`,
        `cline user /home/me/.config/Code - Insiders/User/${storage}`,
        `cline user /home/me/.config/VSCodium/User/${storage}`,
        `cline user /home/me/.config/Cursor/User/${storage}`,
        `cline user /home/me/.config/Windsurf/User/${storage}`,
        'cline user /home/me/.cline/data/settings/cline_mcp_settings.json',
      ],
    );
  });

  test('darwin: application data under ~/Library/Application Support, Zed under ~/.config', () => {
    const paths = listConfigLocations({ home: '/Users/me', cwd: '/Users/me/src/app', platform: 'darwin', env: {} }).map((l) => l.path);
    for (const expected of [
      '/Users/me/Library/Application Support/Claude/claude_desktop_config.json',
      '/Users/me/Library/Application Support/Code/User/mcp.json',
      '/Users/me/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      '/Users/me/.config/zed/settings.json',
      '/Users/me/.codeium/windsurf/mcp_config.json',
    ]) {
      assert.ok(paths.includes(expected), expected);
    }
    assert.equal(
      paths.some((p) => p.includes('/.var/app/')),
      false,
    );
  });

  test('win32: %APPDATA% (or its default) with Windows separators', () => {
    const withAppData = listConfigLocations({
      home: 'C:\\Users\\me',
      cwd: 'D:\\src\\app',
      platform: 'win32',
      env: { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' },
    }).map((l) => `${l.scope} ${l.path}`);
    for (const expected of [
      'user C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
      'user C:\\Users\\me\\.claude.json',
      'project D:\\src\\app\\.mcp.json',
      'user C:\\Users\\me\\.cursor\\mcp.json',
      'user C:\\Users\\me\\AppData\\Roaming\\Code\\User\\mcp.json',
      'project D:\\src\\app\\.vscode\\mcp.json',
      'user C:\\Users\\me\\.codeium\\windsurf\\mcp_config.json',
      'user C:\\Users\\me\\.codex\\config.toml',
      'user C:\\Users\\me\\AppData\\Roaming\\Zed\\settings.json',
      'user C:\\Users\\me\\.continue\\config.yaml',
      'user C:\\Users\\me\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
    ]) {
      assert.ok(withAppData.includes(expected), expected);
    }
    const withoutAppData = listConfigLocations({ home: 'C:\\Users\\me', cwd: 'D:\\src\\app', platform: 'win32', env: {} }).map(
      (l) => l.path,
    );
    assert.ok(withoutAppData.includes('C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json'));
  });
});
