import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifySnapshots } from '../../src/classifier/classify-snapshots.js';
import { InputError } from '../../src/errors.js';
import type { ScanReport } from '../../src/model.js';
import { readScanReport } from '../../src/policy/read-scan-report.js';
import { renderJson } from '../../src/report/render-json.js';
import { flowforgeReport } from './flowforge-report.js';

function saved(): ScanReport {
  return { ...classifySnapshots([]), servers: [flowforgeReport()] };
}

function rejects(text: string, message: string): void {
  assert.throws(
    () => readScanReport(text, 'scan.json'),
    (error: unknown) => error instanceof InputError && error.code === 'input-invalid' && error.message === message,
  );
}

describe('readScanReport', () => {
  test('a saved report reads back with the classification as it was', () => {
    const report = saved();
    const read = readScanReport(renderJson(report), 'scan.json');
    const original = report.servers[0];
    const back = read.servers[0];
    assert.ok(original && back);
    assert.equal(back.name, 'flowforge');
    assert.deepEqual(
      back.tools.map((tool) => [tool.name, tool.category, tool.severity, tool.recommendation]),
      original.tools.map((tool) => [tool.name, tool.category, tool.severity, tool.recommendation]),
    );
    assert.deepEqual(back.tools[0]?.evidence, original.tools[0]?.evidence);
    assert.deepEqual(back.summary, original.summary);
  });

  test('a server that failed keeps its error', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      generator: { name: 'mcp-risk', version: '0.1.0' },
      servers: [{ name: 'x', tools: [], error: { code: 'server-exited', message: 'the server exited (code 1)' } }],
    });
    assert.deepEqual(readScanReport(text, 'scan.json').servers[0]?.error, { code: 'server-exited', message: 'the server exited (code 1)' });
  });

  test('anything else is refused with the path of the first wrong field', () => {
    rejects('nope', 'scan.json is not JSON: give a report saved with mcp-risk scan --format json');
    rejects('{"tools": []}', 'scan.json: /schemaVersion: must be 1 (a report saved with mcp-risk scan --format json), not undefined');
    const report = JSON.parse(renderJson(saved())) as { servers: { tools: Record<string, unknown>[] }[] };
    const tool = report.servers[0]?.tools[2];
    assert.ok(tool);
    tool['category'] = 'dangerous';
    rejects(
      JSON.stringify(report),
      'scan.json: /servers/0/tools/2/category: must be one of read, write, execute, destructive, financial, not the string "dangerous"',
    );
    tool['category'] = 'read';
    tool['recommendation'] = { action: 'rate_limit', reason: 'x' };
    rejects(JSON.stringify(report), 'scan.json: /servers/0/tools/2/recommendation/rate_limit: is required when the action is rate_limit');
    tool['recommendation'] = { action: 'allow', reason: 'x'.repeat(5000) };
    rejects(JSON.stringify(report), 'scan.json: /servers/0/tools/2/recommendation/reason: is longer than 4096 characters');
    tool['recommendation'] = { action: 'allow', reason: 'x' };
    tool['name'] = report.servers[0]?.tools[0]?.['name'];
    rejects(JSON.stringify(report), 'scan.json: /servers/0/tools/2/name: "flowforge_list_workflows" is listed twice');
  });
});
