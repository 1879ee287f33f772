/** The built command as a real process: exit codes, and output piped whole. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ScanReport } from '../../src/model.js';

const BIN = join(process.cwd(), 'dist', 'cli', 'main.js');
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-risk-main-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runBin(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end(input ?? '');
  });
}

test('scan the Flowforge fixture end to end: JSON on a pipe, exit 1 with --fail-on critical', async () => {
  const result = await runBin(['scan', '--fail-on', 'critical', '--', process.execPath, 'test/fixtures/servers/flowforge.mjs']);
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout) as ScanReport;
  const cancel = report.servers[0]?.tools.find((t) => t.name === 'flowforge_cancel_run');
  assert.equal(cancel?.category, 'destructive');
  assert.equal(cancel?.severity, 'critical');
  // stderr says which tools crossed the line (it used to say nothing): five named, then the count.
  const critical = report.servers[0]?.tools.filter((t) => t.severity === 'critical') ?? [];
  const lines = result.stderr.split('\n').slice(0, -1);
  assert.equal(lines.length, 6, result.stderr);
  assert.ok(
    lines
      .slice(0, 5)
      .every((line, i) => line === `mcp-risk: --fail-on critical: ${critical[i]?.name} is ${critical[i]?.category}, critical`),
    result.stderr,
  );
  assert.equal(lines[5], `mcp-risk: --fail-on critical: and ${critical.length - 5} more (${critical.length} tools at or above critical)`);
});

test('a large report piped to another program arrives whole', async () => {
  const tools = Array.from({ length: 20_000 }, (_, i) => ({
    name: `delete_record_${i}`,
    description: `Permanently delete record ${i}. ${'x'.repeat(200)}`,
  }));
  const file = join(dir, 'many.json');
  await writeFile(file, JSON.stringify({ tools }));
  const result = await runBin(['classify', '--format', 'json', file]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.length > 10_000_000);
  const report = JSON.parse(result.stdout) as ScanReport;
  assert.equal(report.servers[0]?.tools.length, 20_000);
});

test('bad usage as a real process: exit 2, one line, no stack', async () => {
  const result = await runBin(['classify', '--format', 'json', join(dir, 'missing.json')]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.equal((JSON.parse(result.stdout) as { error: { code: string } }).error.code, 'input-unreadable');
});

test('classify reads standard input', async () => {
  const result = await runBin(['classify', '--format', 'json', '-'], JSON.stringify([{ name: 'list_things', description: 'List things' }]));
  assert.equal(result.code, 0);
  assert.equal((JSON.parse(result.stdout) as ScanReport).servers[0]?.tools[0]?.category, 'read');
});
