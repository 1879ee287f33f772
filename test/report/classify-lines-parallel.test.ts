/**
 * `classify` of JSON Lines to JSON on worker threads gives the very text one thread gives: the
 * same tools, definitions, warnings, repeated names dropped, summary and exit code; a line that is
 * not JSON is reported with its number.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { classifyWorkerCount } from '../../src/report/classify-lines-parallel.js';
import { run } from '../../src/cli/run.js';
import type { ScanReport } from '../../src/model.js';
import { FLOWFORGE_TOOLS } from '../fixtures/servers/flowforge-tools.mjs';
import { memoryIo } from '../cli/cli-io.js';

let dir: string;
let lines: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-risk-parallel-'));
  // Enough lines for several batches per worker, with a repeated name, a tool without a name,
  // an over-long description (cut: an oversized-definition finding) and blank lines.
  const rows: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const seed = FLOWFORGE_TOOLS[i % FLOWFORGE_TOOLS.length] as unknown as Record<string, unknown>;
    rows.push(JSON.stringify({ ...seed, name: `${String(seed['name'])}_${i}` }));
    if (i % 500 === 0) rows.push('');
  }
  rows.splice(700, 0, JSON.stringify({ ...FLOWFORGE_TOOLS[0], name: `${String(FLOWFORGE_TOOLS[0]?.name)}_0` }));
  rows.splice(800, 0, JSON.stringify({ description: 'no name' }));
  rows.splice(900, 0, JSON.stringify({ name: 'long_one', description: `Deletes a record. ${'x'.repeat(20_000)}` }));
  lines = join(dir, 'flowforge.jsonl');
  await writeFile(lines, `${rows.join('\n')}\n`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function classify(workers: string, file: string, extra: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ env: { MCP_RISK_WORKERS: workers } });
  const code = await run(['classify', '--format', 'json', '--name', 'flowforge', ...extra, file], io);
  return { code, out: io.out(), err: io.err() };
}

describe('classify of JSON Lines on worker threads', () => {
  test('three workers write exactly the text one thread writes', async () => {
    const one = await classify('0', lines);
    const three = await classify('3', lines);
    assert.equal(one.code, 0, one.err);
    assert.equal(three.code, 0, three.err);
    assert.equal(three.out, one.out);
    const report = JSON.parse(three.out) as ScanReport;
    const server = report.servers[0];
    assert.equal(server?.tools.length, 1501);
    assert.equal(server?.summary.tools, 1501);
    assert.ok(server?.warnings.some((w) => /duplicate tool name "flowforge_.*_0" listed 2 times/.test(w)));
    assert.ok(server?.warnings.some((w) => /dropped a tool without a string name/.test(w)));
    assert.deepEqual(
      server?.tools.find((t) => t.name === 'long_one')?.findings.map((f) => f.kind),
      ['oversized-definition'],
    );
  });

  test('the exit code follows --fail-on, as with one thread', async () => {
    assert.equal((await classify('2', lines, ['--fail-on', 'critical'])).code, 1);
  });

  test('a line that is not JSON stops the run with its number', async () => {
    const bad = join(dir, 'bad.jsonl');
    const rows = FLOWFORGE_TOOLS.map((tool) => JSON.stringify(tool));
    rows.splice(30, 0, '{"name": "broken"');
    await writeFile(bad, `${rows.join('\n')}\n`);
    const result = await classify('2', bad);
    assert.equal(result.code, 2);
    assert.match(result.err, /bad\.jsonl: line 31 is not JSON/);
  });

  test('default worker count: none on one or two cores, one per further core, at most 8', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 16].map((cores) => classifyWorkerCount(cores)),
      [0, 0, 2, 3, 8],
    );
  });
});
