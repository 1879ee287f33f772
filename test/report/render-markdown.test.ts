import { describe, test } from 'node:test';
import { strict as assert } from 'node:assert';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { sampleReport } from './fixtures/sample-report.js';

/** Splits a GFM table row into cells the way GitHub does: on pipes not escaped by a backslash. */
function cellsOf(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

describe('renderMarkdown', () => {
  const text = renderMarkdown(sampleReport());
  const lines = text.split('\n');

  test('has a title, an overview and a heading per server', () => {
    assert.equal(lines[0], '# MCP tool risk report');
    assert.equal(lines[2], '2 servers scanned (1 failed), 7 tools classified by mcp-risk 0\\.1\\.0.');
    assert.ok(lines.includes('## flowforge 1\\.4\\.2'));
    assert.ok(lines.includes('## broken-server'));
  });

  test('prints the summary line of a server', () => {
    assert.ok(
      lines.includes(
        'stdio: node dist/flowforge-server\\.js — 7 tools; critical 2, high 2, medium 2, low 1; read 1, write 2, execute 1, destructive 2, financial 1; 3 findings',
      ),
    );
  });

  test('has a five-column table with one row per tool, most severe first', () => {
    const header = lines.indexOf('| Tool | Category | Severity | Action | Evidence |');
    assert.ok(header > 0);
    assert.equal(lines[header + 1], '| --- | --- | --- | --- | --- |');
    const rows = lines.slice(header + 2, header + 9);
    assert.ok(rows.every((row) => row.startsWith('| ') && row.endsWith(' |')));
    assert.deepEqual(
      rows.map((row) => cellsOf(row)[0]),
      [
        'flowforge\\_cancel\\_run',
        'flowforge\\_refund\\_payment',
        'flowforge\\_purge\\_cache',
        'flowforge\\_run\\_script',
        'flowforge\\_notes\\|x',
        'flowforge\\_update\\_run',
        'flowforge\\_list\\_runs',
      ],
    );
    assert.equal(lines[header + 9], '');
  });

  test('every table row has exactly five cells, pipes from the server included', () => {
    const rows = lines.filter((line) => line.startsWith('| '));
    assert.equal(rows.length, 9);
    for (const row of rows) assert.equal(cellsOf(row).length, 5, row);
  });

  test('shows flowforge_cancel_run as destructive, critical, hide', () => {
    const row = lines.find((line) => line.startsWith('| flowforge\\_cancel\\_run |'));
    assert.ok(row !== undefined);
    assert.deepEqual(cellsOf(row), [
      'flowforge\\_cancel\\_run',
      'destructive',
      '**critical**',
      'hide',
      '"Irreversible" (description), "cancel" (name)',
    ]);
  });

  test('escapes the injected link, image and script', () => {
    assert.doesNotMatch(text, /(?<!\\)\[[^\]]*(?<!\\)\]\(/, 'no raw [x](y)');
    assert.doesNotMatch(text, /<script/i);
    assert.doesNotMatch(text, /<\/?[a-z]/i, 'no HTML tag at all');
    assert.doesNotMatch(text, /(?<!\\)!(?<!\\)\[/, 'no raw image');
    assert.doesNotMatch(text, /https?:\/\//, 'no auto-linked URL');
    const row = lines.find((line) => line.startsWith('| flowforge\\_notes\\|x |'));
    assert.ok(row !== undefined);
    assert.equal(
      cellsOf(row)[4],
      '"&lt;script&gt;alert\\(1\\)&lt;/script&gt;" (description), "\\[click here\\]\\(https\\://evil\\.example/steal\\) \\| injected cell" (description)',
    );
  });

  test('contains no escape sequence, control or invisible character', () => {
    assert.doesNotMatch(text, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/);
  });

  test('lists findings, escaped', () => {
    const start = lines.indexOf('### Findings');
    assert.ok(start > 0);
    assert.deepEqual(lines.slice(start + 2, start + 5), [
      '- **flowforge\\_purge\\_cache** — annotation mismatch: declares readOnlyHint: true but deletes data',
      '- **flowforge\\_notes\\|x** — prompt injection: description addresses the model: "Ignore previous instructions" \\!\\[img\\]\\(https\\://evil\\.example/pixel\\.png\\)',
      '- **flowforge\\_notes\\|x** — hidden content: contains a bidi override and a hyperlink',
    ]);
  });

  test('shows the failed server with its code and message, and no table', () => {
    const start = lines.indexOf('## broken-server');
    assert.deepEqual(lines.slice(start), [
      '## broken-server',
      '',
      'http: http\\://127\\.0\\.0\\.1:9/mcp',
      '',
      '**Failed** (server-timeout): no answer to initialize within 10000 ms',
      '',
    ]);
  });

  test('a heading cannot be injected through a server name', () => {
    const report = sampleReport();
    const server = report.servers[0];
    assert.ok(server !== undefined);
    server.name = 'evil\n# Owned\n<img src=x onerror=alert(1)>';
    const rendered = renderMarkdown(report);
    assert.ok(rendered.split('\n').includes('## evil \\# Owned &lt;img src=x onerror=alert\\(1\\)&gt; 1\\.4\\.2'));
    assert.ok(!rendered.split('\n').includes('# Owned'));
  });
});
