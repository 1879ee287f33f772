import { describe, test } from 'node:test';
import { strict as assert } from 'node:assert';
import { renderTable } from '../../src/report/render-table.js';
import { sampleReport } from './fixtures/sample-report.js';

/** Every C0/C1 control character except the line feed that separates lines. */
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

function rowOf(text: string, toolName: string): string[] {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`│ ${toolName} `));
  assert.ok(line !== undefined, `no row for ${toolName}`);
  return line
    .split('│')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

describe('renderTable without colour', () => {
  const text = renderTable(sampleReport(), { color: false });

  test('contains no ESC, no other control character and no invisible character', () => {
    assert.ok(!text.includes('\u001b'));
    assert.doesNotMatch(text, CONTROL);
    assert.doesNotMatch(text, INVISIBLE);
  });

  test('shows flowforge_cancel_run as destructive, critical, hide, with its evidence', () => {
    assert.deepEqual(rowOf(text, 'flowforge_cancel_run'), [
      'flowforge_cancel_run',
      'destructive',
      'critical',
      'hide',
      '"Irreversible" (description), "cancel" (name)',
    ]);
  });

  test('writes a rate limit as max/window', () => {
    assert.deepEqual(rowOf(text, 'flowforge_update_run').slice(1, 4), ['write', 'medium', 'rate_limit 30/60s']);
  });

  test('quotes two pieces of evidence and counts the rest', () => {
    assert.equal(rowOf(text, 'flowforge_run_script')[4], '"Executes a shell script" (description),');
    assert.ok(text.includes('"script" (schema), +1 more'));
  });

  test('sorts tools by severity, critical first, then by name', () => {
    const order = [
      'flowforge_cancel_run',
      'flowforge_refund_payment',
      'flowforge_purge_cache',
      'flowforge_run_script',
      'flowforge_notes|x',
      'flowforge_update_run',
      'flowforge_list_runs',
    ];
    const positions = order.map((name) => text.indexOf(`│ ${name} `));
    assert.ok(positions.every((position) => position > 0));
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
    );
  });

  test('shows the hostile tool with its escape sequences and bidi override removed', () => {
    assert.deepEqual(rowOf(text, 'flowforge_notes|x').slice(1, 4), ['write', 'medium', 'rate_limit 10/60s']);
  });

  test('prints a header line and a summary line per server', () => {
    const lines = text.split('\n');
    assert.equal(lines[0], 'flowforge 1.4.2 (stdio: node dist/flowforge-server.js) — 7 tools');
    assert.ok(
      lines.includes('7 tools; critical 2, high 2, medium 2, low 1; read 1, write 2, execute 1, destructive 2, financial 1; 3 findings'),
    );
  });

  test('lists findings under the table', () => {
    const lines = text.split('\n');
    assert.ok(lines.includes('⚠ flowforge_purge_cache: annotation mismatch: declares readOnlyHint: true but deletes data'));
    assert.ok(lines.includes('⚠ flowforge_notes|x: hidden content: contains a bidi override and a hyperlink'));
  });

  test('shows the failed server with its error code and sanitised message, without a table', () => {
    const lines = text.split('\n');
    const header = 'broken-server (http: http://127.0.0.1:9/mcp) — failed: server-timeout: no answer to initialize within 10000 ms';
    const index = lines.indexOf(header);
    assert.ok(index > 0);
    assert.equal(lines[index + 1], '');
    assert.equal(lines[index + 2], '2 servers (1 failed), 7 tools');
    assert.ok(text.endsWith('7 tools\n'));
  });
});

describe('renderTable with colour', () => {
  const text = renderTable(sampleReport(), { color: true });

  test('colours exactly the severities, and nothing else', () => {
    const painted = [...text.matchAll(/\u001b\[([0-9;]*)m([^\u001b]*)\u001b\[0m/g)].map((match) => `${match[1] ?? ''}:${match[2] ?? ''}`);
    assert.deepEqual(painted, ['1;31:critical', '1;31:critical', '31:high', '31:high', '33:medium', '33:medium', '32:low']);
    const withoutSeverities = text.replace(/\u001b\[[0-9;]*m(critical|high|medium|low)\u001b\[0m/g, '$1');
    assert.ok(!withoutSeverities.includes('\u001b'));
    assert.equal(withoutSeverities, renderTable(sampleReport(), { color: false }));
  });
});

describe('renderTable width', () => {
  test('fits the table into the given width', () => {
    const text = renderTable(sampleReport(), { color: false, width: 100 });
    const tableLines = text.split('\n').filter((line) => /^[┌│├└]/.test(line));
    assert.ok(tableLines.length > 0);
    for (const line of tableLines) assert.equal(line.length, 100);
  });

  test('wraps a long tool name instead of cutting it', () => {
    const text = renderTable(sampleReport(), { color: false, width: 60 });
    assert.ok(text.includes('│ flowforge_canc │'));
    assert.ok(text.includes('│ el_run         │'));
  });
});

describe('renderTable edge cases', () => {
  test('a server without tools gets its header and no table', () => {
    const report = sampleReport();
    const server = report.servers[1];
    assert.ok(server !== undefined);
    delete server.error;
    report.servers = [server];
    assert.equal(renderTable(report, { color: false }), 'broken-server (http: http://127.0.0.1:9/mcp) — 0 tools\n');
  });

  test('an empty report says so', () => {
    const report = sampleReport();
    report.servers = [];
    assert.equal(renderTable(report, { color: false }), 'No servers scanned.\n');
  });

  test('server warnings are printed sanitised', () => {
    const report = sampleReport();
    report.servers = report.servers.slice(1);
    const server = report.servers[0];
    assert.ok(server !== undefined);
    server.warnings = ['tool list truncated\u001b[2J at 500'];
    assert.equal(
      renderTable(report, { color: false }),
      'broken-server (http: http://127.0.0.1:9/mcp) — failed: server-timeout: no answer to initialize within 10000 ms\n  warning: tool list truncated at 500\n',
    );
  });
});
