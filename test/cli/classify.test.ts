/**
 * `mcp-risk classify` of saved reports and of big inputs: a real fixture server scanned into a
 * JSON report classifies again to the same result; an older report without definitions still
 * classifies (with its declared annotations) and says what was missing; JSON Lines stream with no
 * whole-file limit, a bound per line, and output that starts before the input ends.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run } from '../../src/cli/run.js';
import type { ClassifiedTool, ScanReport } from '../../src/model.js';
import { FLOWFORGE_TOOLS } from '../fixtures/servers/flowforge-tools.mjs';
import { memoryIo } from './cli-io.js';

const FROM_FILE = 'test/fixtures/servers/tools-from-file.mjs';
const BIN = join(process.cwd(), 'dist', 'cli', 'main.js');

/** The issue's example: `query` takes free-form `sql`, declares itself destructive, has an output schema and a title. */
const QUERY_TOOL = {
  name: 'query',
  title: 'Query',
  description: 'Query the analytics warehouse.',
  inputSchema: { type: 'object', properties: { sql: { type: 'string', description: 'The statement to run.' } }, required: ['sql'] },
  outputSchema: { type: 'object', properties: { rows: { type: 'array', items: { type: 'object' } } } },
  annotations: { title: 'Run a query', readOnlyHint: false, destructiveHint: true, openWorldHint: false },
};
const TOOLS = [QUERY_TOOL, ...FLOWFORGE_TOOLS.slice(0, 12)];

let dir: string;
let reportPath: string;
let scanned: ScanReport;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-risk-classify-'));
  const toolsFile = join(dir, 'server-tools.json');
  await writeFile(toolsFile, JSON.stringify(TOOLS));
  reportPath = join(dir, 'scan.json');
  const io = memoryIo();
  const code = await run(['scan', '--format', 'json', '--out', reportPath, '--', process.execPath, FROM_FILE, toolsFile], io);
  assert.equal(code, 0, io.err());
  scanned = JSON.parse(await readFile(reportPath, 'utf8')) as ScanReport;
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function toolsOf(report: ScanReport): ClassifiedTool[] {
  return report.servers.flatMap((server) => server.tools);
}

async function classify(args: string[]): Promise<{ code: number; report: ScanReport | null; err: string }> {
  const io = memoryIo();
  const code = await run(['classify', '--format', 'json', ...args], io);
  return { code, report: code === 0 ? (JSON.parse(io.out()) as ScanReport) : null, err: io.err() };
}

describe('classify of a saved report', () => {
  test('the scan report keeps every full definition: input and output schema, annotations, title', () => {
    const query = toolsOf(scanned).find((tool) => tool.name === 'query');
    assert.ok(query);
    assert.deepEqual(query.definition, QUERY_TOOL);
    assert.equal(query.category, 'execute');
    assert.equal(query.severity, 'critical');
    assert.equal(toolsOf(scanned).length, TOOLS.length);
    for (const tool of toolsOf(scanned)) assert.ok(tool.definition?.inputSchema !== undefined, tool.name);
  });

  test('classifying the saved report gives the identical classification, definitions and summary', async () => {
    const { code, report, err } = await classify([reportPath]);
    assert.equal(code, 0, err);
    assert.equal(err, '');
    assert.ok(report);
    assert.deepEqual(toolsOf(report), toolsOf(scanned));
    assert.deepEqual(report.servers[0]?.summary, scanned.servers[0]?.summary);
    assert.equal(report.servers[0]?.name, scanned.servers[0]?.name);
  });

  test('an older report without definitions still classifies with its declared annotations, and says the schemas were missing', async () => {
    const old = JSON.parse(JSON.stringify(scanned)) as ScanReport;
    for (const tool of toolsOf(old)) delete tool.definition;
    const oldPath = join(dir, 'old-scan.json');
    await writeFile(oldPath, JSON.stringify(old));
    const { code, report, err } = await classify([oldPath]);
    assert.equal(code, 0);
    assert.ok(report);
    assert.match(
      err,
      /^mcp-risk: warning: .*old-scan\.json: server "tools-from-file": 13 of its tools have no saved definition .*schemas were missing/,
    );
    assert.equal(err.trim().split('\n').length, 1);
    assert.match(report.servers[0]?.warnings.join('\n') ?? '', /13 of its tools have no saved definition/);
    const query = toolsOf(report).find((tool) => tool.name === 'query');
    assert.deepEqual(query?.declaredAnnotations, QUERY_TOOL.annotations);
    assert.ok(
      query?.evidence.some((e) => e.signal === 'annotation'),
      JSON.stringify(query?.evidence),
    );
    assert.notEqual(query?.category, 'read');
  });

  test('what the scan saw beyond the definition (a cut definition) is carried over', async () => {
    const saved = JSON.parse(JSON.stringify(scanned)) as ScanReport;
    const tool = toolsOf(saved).find((t) => t.name === 'query');
    assert.ok(tool);
    tool.findings.push({ kind: 'oversized-definition', message: 'cut' });
    const path = join(dir, 'cut-scan.json');
    await writeFile(path, JSON.stringify(saved));
    const { report } = await classify([path]);
    const again = toolsOf(report as ScanReport).find((t) => t.name === 'query');
    assert.deepEqual(
      again?.findings.map((f) => f.kind),
      ['oversized-definition'],
    );
  });
});

describe('classify of big inputs', () => {
  test('JSON Lines over 64 MB are read (no whole-file limit): blank lines between two tools', async () => {
    const path = join(dir, 'big.jsonl');
    const handle = await open(path, 'w');
    await handle.write(`${JSON.stringify(QUERY_TOOL)}\n`);
    const padding = `${' '.repeat(1024 * 1024 - 1)}\n`;
    for (let i = 0; i < 70; i++) await handle.write(padding);
    await handle.write(`${JSON.stringify({ name: 'drop_table', description: 'Drops a table permanently.' })}\n`);
    await handle.close();
    const { code, report, err } = await classify([path]);
    assert.equal(code, 0, err);
    assert.deepEqual(
      toolsOf(report as ScanReport).map((t) => [t.name, t.category]),
      [
        ['query', 'execute'],
        ['drop_table', 'destructive'],
      ],
    );
  });

  test('each JSON Lines line is bounded: an over-long line is refused with its number, exit 2', async () => {
    const path = join(dir, 'long-line.jsonl');
    const long = JSON.stringify({ name: 'huge', description: 'x'.repeat(17 * 1024 * 1024) });
    await writeFile(path, `${JSON.stringify(QUERY_TOOL)}\n${long}\n`);
    const io = memoryIo();
    assert.equal(await run(['classify', '--format', 'json', '--out', join(dir, 'never.json'), path], io), 2);
    assert.equal(io.err(), `mcp-risk: ${path}: line 2 is longer than 16 MB; one tool definition per line is expected\n`);
    await assert.rejects(readFile(join(dir, 'never.json')), { code: 'ENOENT' });
  });

  test('a line that is not JSON stops the run with its line number', async () => {
    const path = join(dir, 'bad-line.jsonl');
    await writeFile(path, `${JSON.stringify(QUERY_TOOL)}\n\n{"name": "half"\n`);
    const io = memoryIo();
    assert.equal(await run(['classify', '--format', 'table', path], io), 2);
    assert.match(io.err(), /bad-line\.jsonl: line 3 is not JSON/);
  });

  test(
    'JSON Lines stream through a real process: the first tools are written before standard input ends',
    { timeout: 60_000 },
    async () => {
      const child = spawn(process.execPath, [BIN, 'classify', '--format', 'json', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.on('data', (data: Buffer) => void (err += data.toString()));
      const firstOutput = new Promise<void>((resolveOutput) => {
        child.stdout.on('data', (data: Buffer) => {
          out += data.toString();
          if (out.includes('"name": "tool_0"')) resolveOutput();
        });
      });
      const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
      const line = (i: number): string =>
        `${JSON.stringify({ name: `tool_${i}`, description: `Deletes record ${i} for good.`, inputSchema: { type: 'object', properties: { id: { type: 'string' } } } })}\n`;
      // Enough tools for several output writes; the input stays open until output has arrived.
      child.stdin.write(Array.from({ length: 600 }, (_, i) => line(i)).join(''));
      await firstOutput;
      assert.ok(!out.includes('"summary"'));
      child.stdin.end(line(600));
      assert.equal(await exited, 0, err);
      const report = JSON.parse(out) as ScanReport;
      assert.equal(report.servers[0]?.tools.length, 601);
      assert.equal(report.servers[0]?.summary.tools, 601);
      assert.equal(report.servers[0]?.tools[600]?.category, 'destructive');
    },
  );

  test('SARIF of JSON Lines: every tool a result, and the same log as the whole report gives', async () => {
    const lines = join(dir, 'flowforge.jsonl');
    await writeFile(lines, FLOWFORGE_TOOLS.map((t) => JSON.stringify(t)).join('\n'));
    const whole = join(dir, 'flowforge.json');
    await writeFile(whole, JSON.stringify({ tools: FLOWFORGE_TOOLS }));
    const streamed = memoryIo();
    assert.equal(await run(['classify', '--format', 'sarif', '--name', 'flowforge', lines], streamed), 0);
    const gathered = memoryIo();
    assert.equal(await run(['classify', '--format', 'sarif', '--name', 'flowforge', whole], gathered), 0);
    const log = JSON.parse(streamed.out()) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok((log.runs[0]?.results.length ?? 0) >= FLOWFORGE_TOOLS.length);
    assert.equal(streamed.out(), gathered.out().replaceAll(whole, lines));
  });
});
