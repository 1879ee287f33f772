import { describe, test } from 'node:test';
import { strict as assert } from 'node:assert';
import { classifySnapshots } from '../../src/classifier/classify-snapshots.js';
import type { ClassifiedTool, ScanReport } from '../../src/model.js';
import { renderJson, renderJsonError, renderJsonStream } from '../../src/report/render-json.js';
import { streamOfReport, type StreamedReport } from '../../src/report/report-stream.js';
import { snapshotsFromDefinitions } from '../../src/scanner/snapshot-from-definitions.js';
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

describe('definitions and streaming', () => {
  const definitions = [
    {
      name: 'query',
      title: 'Query',
      description: 'Query the warehouse.\nLine two \u0007 with a bell.',
      inputSchema: { type: 'object', properties: { sql: { type: 'string', description: 'SQL\tto run' } }, required: ['sql'] },
      outputSchema: { type: 'object', properties: { rows: { type: 'array' } } },
      annotations: { readOnlyHint: false, destructiveHint: true },
    },
    { name: 'list_tables', description: 'List tables.' },
  ];
  const report = (): ScanReport =>
    classifySnapshots(snapshotsFromDefinitions(JSON.stringify({ tools: definitions }), { label: 'w.json', name: 'warehouse' }));

  test('each tool keeps its full definition, on one line as compact JSON', () => {
    const text = renderJson(report());
    const parsed = JSON.parse(text) as ScanReport;
    assert.deepEqual(
      parsed.servers[0]?.tools.map((tool) => tool.definition),
      definitions,
    );
    const lines = text.split('\n').filter((line) => line.includes('"definition": '));
    assert.deepEqual(
      lines,
      definitions.map((definition) => `          "definition": ${JSON.stringify(definition)}`),
    );
    assert.doesNotMatch(text, /[\u0000-\u0009\u000B-\u001F]/);
  });

  test('written as a stream, with tools still arriving, the pieces join to the same text', async () => {
    const whole = report();
    const pieces: string[] = [];
    for await (const piece of renderJsonStream(streamOfReport(whole))) pieces.push(piece);
    assert.equal(pieces.join(''), renderJson(whole));
    const [server] = whole.servers;
    assert.ok(server);
    async function* arriving(): AsyncGenerator<ClassifiedTool> {
      for (const tool of server?.tools ?? []) yield await Promise.resolve(tool);
    }
    const { tools: _tools, warnings, summary, ...head } = server;
    const streamed: StreamedReport = {
      schemaVersion: 1,
      generator: whole.generator,
      servers: [{ head, tools: arriving(), end: () => ({ warnings, summary }) }],
    };
    const again: string[] = [];
    for await (const piece of renderJsonStream(streamed)) again.push(piece);
    assert.equal(again.join(''), renderJson(whole));
  });

  test('without definitions, the text is exactly JSON.stringify of the report with 2 spaces', () => {
    const report = sampleReport();
    for (const server of report.servers) {
      for (const tool of server.tools) {
        delete tool.definition;
        tool.description = `${tool.description}\n  line two,\n\tthree: { [] }`;
        tool.findings.push({ kind: 'hidden-content', message: 'nested:\n{\n  "not": "layout"\n}' });
      }
    }
    // The renderer writes each server's tools, then its warnings and summary, after its other fields.
    const servers = report.servers.map(({ tools, warnings, summary, ...head }) => ({ ...head, tools, warnings, summary }));
    assert.equal(renderJson(report), `${JSON.stringify({ ...report, servers }, null, 2)}\n`);
  });

  test('an empty report and a server without tools are still valid JSON', () => {
    const empty = JSON.parse(renderJson({ schemaVersion: 1, generator: { name: 'mcp-risk', version: '0' }, servers: [] })) as ScanReport;
    assert.deepEqual(empty.servers, []);
    const none = classifySnapshots(snapshotsFromDefinitions('{"tools": []}', { label: 'e.json', name: 'e' }));
    assert.deepEqual((JSON.parse(renderJson(none)) as ScanReport).servers[0]?.tools, []);
  });
});
