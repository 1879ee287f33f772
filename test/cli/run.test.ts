import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run } from '../../src/cli/run.js';
import type { ScanReport } from '../../src/model.js';
import { FLOWFORGE_TOOLS } from '../fixtures/servers/flowforge-tools.mjs';
import { memoryIo } from './cli-io.js';

const FLOWFORGE = ['--', process.execPath, 'test/fixtures/servers/flowforge.mjs'];
const HOSTILE = 'test/fixtures/servers/hostile.mjs';
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-risk-cli-'));
  await writeFile(join(dir, 'tools.json'), JSON.stringify({ tools: FLOWFORGE_TOOLS }));
  await writeFile(join(dir, 'array.json'), JSON.stringify(FLOWFORGE_TOOLS.slice(0, 3)));
  await writeFile(
    join(dir, 'lines.jsonl'),
    FLOWFORGE_TOOLS.slice(0, 4)
      .map((t) => JSON.stringify(t))
      .join('\n'),
  );
  await writeFile(join(dir, 'reads.json'), JSON.stringify([{ name: 'get_thing', description: 'Get a thing' }]));
  await writeFile(join(dir, 'broken.json'), '{"tools": [');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function parse(text: string): ScanReport {
  return JSON.parse(text) as ScanReport;
}

describe('classify', () => {
  test('a tools/list result: every tool, the worked example included', async () => {
    const io = memoryIo();
    const code = await run(['classify', '--format', 'json', '--name', 'flowforge', join(dir, 'tools.json')], io);
    assert.equal(code, 0);
    const report = parse(io.out());
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.servers.length, 1);
    assert.equal(report.servers[0]?.transport, 'file');
    assert.equal(report.servers[0]?.tools.length, FLOWFORGE_TOOLS.length);
    const cancel = report.servers[0]?.tools.find((t) => t.name === 'flowforge_cancel_run');
    assert.equal(cancel?.category, 'destructive');
    assert.equal(cancel?.severity, 'critical');
    assert.equal(cancel?.recommendation.action, 'hide');
    assert.equal(io.err(), '');
  });

  test('a JSON array, JSON Lines and standard input', async () => {
    const array = memoryIo();
    assert.equal(await run(['classify', '--format', 'json', join(dir, 'array.json')], array), 0);
    assert.equal(parse(array.out()).servers[0]?.tools.length, 3);
    const lines = memoryIo();
    assert.equal(await run(['classify', '--format', 'json', join(dir, 'lines.jsonl')], lines), 0);
    assert.equal(parse(lines.out()).servers[0]?.tools.length, 4);
    const stdin = memoryIo({ stdin: JSON.stringify({ tools: [{ name: 'drop_database', description: 'Drops the database' }] }) });
    assert.equal(await run(['classify', '--format', 'json', '-'], stdin), 0);
    assert.equal(parse(stdin.out()).servers[0]?.tools[0]?.category, 'destructive');
  });

  test('--fail-on: exit 1 at or above the threshold, 0 below', async () => {
    assert.equal(await run(['classify', '--format', 'json', '--fail-on', 'critical', join(dir, 'tools.json')], memoryIo()), 1);
    assert.equal(await run(['classify', '--format', 'json', '--fail-on', 'medium', join(dir, 'reads.json')], memoryIo()), 0);
    assert.equal(await run(['classify', '--format', 'json', '--fail-on', 'low', join(dir, 'reads.json')], memoryIo()), 1);
  });

  test('--fail-on says which tools crossed the line: most severe first, at most five, then a count; nothing below it', async () => {
    const io = memoryIo();
    assert.equal(await run(['classify', '--format', 'json', '--name', 'flowforge', '--fail-on', 'high', join(dir, 'tools.json')], io), 1);
    const tools = parse(io.out()).servers[0]?.tools ?? [];
    const rank = { low: 0, medium: 1, high: 2, critical: 3 };
    const crossed = tools.filter((tool) => rank[tool.severity] >= rank.high);
    const critical = crossed.filter((tool) => tool.severity === 'critical');
    assert.ok(critical.length > 5 && crossed.length > critical.length, 'the fixture has more than five critical tools and some high ones');
    const lines = io.err().split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(lines, [
      ...critical.slice(0, 5).map((tool) => `mcp-risk: --fail-on high: ${tool.name} is ${tool.category}, critical`),
      `mcp-risk: --fail-on high: and ${crossed.length - 5} more (${crossed.length} tools at or above high)`,
    ]);

    const one = memoryIo();
    assert.equal(await run(['classify', '--format', 'json', '--fail-on', 'low', join(dir, 'reads.json')], one), 1);
    assert.equal(one.err(), 'mcp-risk: --fail-on low: get_thing is read, low\nmcp-risk: --fail-on low: 1 tool at or above low\n');
    const below = memoryIo();
    assert.equal(await run(['classify', '--format', 'json', '--fail-on', 'medium', join(dir, 'reads.json')], below), 0);
    assert.equal(below.err(), '');
  });

  test('--fail-on names hostile tools without their escape sequences', async () => {
    const file = join(dir, 'hostile-names.json');
    await writeFile(
      file,
      JSON.stringify([{ name: 'drop\u001b]8;;http://evil\u0007_database\u001b[2J', description: 'Drops the database' }]),
    );
    const io = memoryIo();
    assert.equal(await run(['classify', '--format', 'json', '--fail-on', 'critical', file], io), 1);
    assert.doesNotMatch(io.err(), /[\u0000-\u0008\u000b-\u001f\u007f]/);
    assert.match(
      io.err(),
      /^mcp-risk: --fail-on critical: drop.*_database is destructive, critical\nmcp-risk: --fail-on critical: 1 tool at or above critical\n$/,
    );
  });

  test('unreadable and invalid input: exit 2, one line, and a JSON error object with --format json', async () => {
    const missing = memoryIo();
    assert.equal(await run(['classify', '--format', 'json', join(dir, 'nope.json')], missing), 2);
    assert.equal(missing.err(), `mcp-risk: cannot read ${join(dir, 'nope.json')}: no such file\n`);
    assert.deepEqual(JSON.parse(missing.out()), {
      schemaVersion: 1,
      error: { code: 'input-unreadable', message: `cannot read ${join(dir, 'nope.json')}: no such file` },
    });
    const broken = memoryIo();
    assert.equal(await run(['classify', join(dir, 'broken.json')], broken), 2);
    assert.equal(broken.err().split('\n').length, 2);
    assert.match(broken.err(), /line 1 is not JSON/);
    assert.doesNotMatch(broken.err(), /at .*\.ts:\d+/);
  });

  test('--out writes the report atomically and prints nothing', async () => {
    const io = memoryIo();
    const out = join(dir, 'reports', 'out.sarif');
    assert.equal(await run(['classify', '--format', 'sarif', '--out', out, join(dir, 'tools.json')], io), 0);
    assert.equal(io.out(), '');
    const sarif = JSON.parse(await readFile(out, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.ok((sarif.runs[0]?.results.length ?? 0) >= FLOWFORGE_TOOLS.length);
  });

  test('markdown and table formats', async () => {
    const md = memoryIo();
    assert.equal(await run(['classify', '--format', 'markdown', join(dir, 'tools.json')], md), 0);
    assert.match(md.out(), /flowforge\\_cancel\\_run/);
    const table = memoryIo({ tty: true });
    assert.equal(await run(['classify', '--no-color', join(dir, 'tools.json')], table), 0);
    assert.match(table.out(), /flowforge_cancel_run\s+│ destructive │ critical │ hide/);
  });
});

describe('usage errors: exit 2 and one line', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /Usage: mcp-risk/],
    ['unknown command', ['scna'], /unknown command 'scna'/],
    ['unknown option', ['scan', '--fromat', 'json'], /unknown option '--fromat'/],
    ['bad format', ['classify', '--format', 'xml', 'x.json'], /--format must be one of table, json, sarif, markdown/],
    ['bad fail-on', ['classify', '--fail-on', 'severe', 'x.json'], /--fail-on must be one of low, medium, high, critical/],
    ['bad timeout', ['scan', '--timeout', 'soon', 'http://127.0.0.1:1/mcp'], /--timeout takes milliseconds/],
    ['bad env', ['scan', '--env', 'NOEQUALS', '--', 'node'], /--env takes KEY=VALUE/],
    ['a command without --', ['scan', 'node'], /a stdio server goes after --/],
    ['nothing after --', ['scan', '--'], /nothing after --/],
    ['two targets', ['scan', 'http://127.0.0.1:1/mcp', '--', 'node'], /give one target/],
    ['bad transport', ['scan', '--transport', 'ws', 'http://127.0.0.1:1/mcp'], /--transport/],
  ];
  for (const [label, argv, message] of cases) {
    test(label, async () => {
      const io = memoryIo();
      assert.equal(await run(argv, io), 2);
      assert.match(io.err() + io.out(), message);
      if (argv.length > 0) assert.equal(io.err().trim().split('\n').length, 1);
    });
  }

  test('--help and --version exit 0', async () => {
    const help = memoryIo();
    assert.equal(await run(['scan', '--help'], help), 0);
    assert.match(help.out(), /--fail-on <severity>/);
    const version = memoryIo();
    assert.equal(await run(['--version'], version), 0);
    assert.match(version.out(), /^\d+\.\d+\.\d+\n$/);
  });
});

describe('scan', () => {
  test('the Flowforge fixture over stdio, exit 1 with --fail-on high', async () => {
    const io = memoryIo();
    const code = await run(['scan', '--format', 'json', '--fail-on', 'high', ...FLOWFORGE], io);
    assert.equal(code, 1);
    const server = parse(io.out()).servers[0];
    assert.equal(server?.name, 'flowforge');
    assert.equal(server?.version, '1.4.0');
    assert.equal(server?.prompts, 2);
    assert.equal(server?.resources, 3);
    assert.equal(server?.tools.find((t) => t.name === 'flowforge_cancel_run')?.recommendation.action, 'hide');
    assert.equal(server?.summary.tools, FLOWFORGE_TOOLS.length);
  });

  test('a command that does not exist: exit 3, the reason on stderr and in the report', async () => {
    const io = memoryIo();
    const code = await run(['scan', '--format', 'json', '--', 'mcp-risk-no-such-command-xyz'], io);
    assert.equal(code, 3);
    const server = parse(io.out()).servers[0];
    assert.equal(server?.error?.code, 'spawn-failed');
    assert.equal(server?.tools.length, 0);
    assert.match(io.err(), /^mcp-risk: .*mcp-risk-no-such-command-xyz/);
  });

  test('--config: every server, a broken one recorded while the others are scanned (exit 3)', async () => {
    const config = join(dir, 'claude_desktop_config.json');
    await writeFile(
      config,
      JSON.stringify({
        mcpServers: {
          flowforge: { command: process.execPath, args: ['test/fixtures/servers/flowforge.mjs'] },
          broken: { command: process.execPath, args: [HOSTILE, 'exit-at-once'] },
        },
      }),
    );
    const io = memoryIo();
    const code = await run(['scan', '--format', 'json', '--timeout', '5000', '--config', config], io);
    assert.equal(code, 3);
    const report = parse(io.out());
    assert.deepEqual(report.servers.map((s) => s.name).sort(), ['broken', 'flowforge']);
    assert.equal(report.servers.find((s) => s.name === 'broken')?.error?.code, 'server-exited');
    assert.equal(report.servers.find((s) => s.name === 'flowforge')?.tools.length, FLOWFORGE_TOOLS.length);
    const one = memoryIo();
    assert.equal(await run(['scan', '--format', 'json', '--config', config, '--server', 'flowforge'], one), 0);
    assert.equal(parse(one.out()).servers.length, 1);
  });

  test('no target: the client configs on this machine, says which files, never prints secrets', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, '.cursor'), { recursive: true });
    const canary = 'sk-canary-7f3a9c1e5b2d4f60';
    await writeFile(
      join(home, '.cursor', 'mcp.json'),
      JSON.stringify({
        mcpServers: {
          ff: { command: process.execPath, args: ['test/fixtures/servers/flowforge.mjs', '--token', canary], env: { API_KEY: canary } },
        },
      }),
    );
    for (const format of ['json', 'table', 'markdown', 'sarif']) {
      const io = memoryIo({ home, cwd: process.cwd() });
      const code = await run(['scan', '--format', format], io);
      assert.equal(code, 0, io.err());
      assert.match(
        io.err(),
        new RegExp(`read 1 client config file\\(s\\):\\n  ${join(home, '.cursor', 'mcp.json').replace(/[.]/g, '\\.')}`),
      );
      assert.equal(io.out().includes(canary), false, `${format} output leaks the secret`);
      assert.equal(io.err().includes(canary), false);
    }
  });

  test('no target and no config files: exit 2 with what to do', async () => {
    const io = memoryIo({ home: join(dir, 'empty-home'), cwd: dir });
    assert.equal(await run(['scan'], io), 2);
    assert.match(io.err(), /no MCP client config files found/);
  });
});
