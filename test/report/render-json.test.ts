import { describe, test } from 'node:test';
import { strict as assert } from 'node:assert';
import { renderJson, renderJsonError } from '../../src/report/render-json.js';
import { HOSTILE_TOOL_NAME, sampleReport } from './fixtures/sample-report.js';

describe('renderJson', () => {
  test('parses back to the deep-equal report', () => {
    const report = sampleReport();
    const parsed: unknown = JSON.parse(renderJson(report));
    assert.deepEqual(parsed, report);
  });

  test('is 2-space indented, starts with schemaVersion 1 and ends with one newline', () => {
    const text = renderJson(sampleReport());
    assert.ok(text.startsWith('{\n  "schemaVersion": 1,\n  "generator": {\n    "name": "mcp-risk",'));
    assert.ok(text.endsWith('}\n'));
    assert.ok(!text.endsWith('\n\n'));
  });

  test('keeps hostile strings raw but escaped by JSON: no raw control character in the text', () => {
    const text = renderJson(sampleReport());
    assert.doesNotMatch(text, /[\u0000-\u0009\u000B-\u001F]/);
    assert.ok(text.includes(JSON.stringify(HOSTILE_TOOL_NAME)));
  });

  test('keeps the failed server with its error and no tools', () => {
    const parsed = JSON.parse(renderJson(sampleReport())) as { servers: { name: string; error?: { code: string }; tools: unknown[] }[] };
    const broken = parsed.servers[1];
    assert.equal(broken?.name, 'broken-server');
    assert.equal(broken?.error?.code, 'server-timeout');
    assert.deepEqual(broken?.tools, []);
  });
});

describe('renderJsonError', () => {
  test('wraps the error in the versioned envelope', () => {
    const text = renderJsonError({ code: 'usage', message: 'unknown option --frobnicate' });
    assert.deepEqual(JSON.parse(text), { schemaVersion: 1, error: { code: 'usage', message: 'unknown option --frobnicate' } });
    assert.ok(text.endsWith('}\n'));
  });
});
