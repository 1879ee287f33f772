import { describe, test } from 'node:test';
import { strict as assert } from 'node:assert';
import { renderJson } from '../../src/report/render-json.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderSarif } from '../../src/report/render-sarif.js';
import { renderTable } from '../../src/report/render-table.js';
import { FORMATS, RENDERERS, isFormat, renderReport } from '../../src/report/renderers.js';
import { sampleReport } from './fixtures/sample-report.js';

describe('renderers registry', () => {
  test('has exactly the four formats', () => {
    assert.deepEqual(FORMATS, ['table', 'json', 'sarif', 'markdown']);
    assert.deepEqual(Object.keys(RENDERERS).sort(), ['json', 'markdown', 'sarif', 'table']);
  });

  test('isFormat accepts the format names only', () => {
    for (const name of FORMATS) assert.equal(isFormat(name), true);
    for (const name of ['html', 'TABLE', '', 'toString', '__proto__', 42, null, undefined]) assert.equal(isFormat(name), false);
  });

  test('renderReport dispatches to each renderer with its options', () => {
    const report = sampleReport();
    assert.equal(renderReport(report, 'json'), renderJson(report));
    assert.equal(renderReport(report, 'markdown'), renderMarkdown(report));
    assert.equal(renderReport(report, 'sarif', { artifactPath: 'mcp.json' }), renderSarif(report, { artifactPath: 'mcp.json' }));
    assert.equal(renderReport(report, 'table', { color: true, width: 90 }), renderTable(report, { color: true, width: 90 }));
  });

  test('the table is colourless unless colour is asked for', () => {
    assert.ok(!renderReport(sampleReport(), 'table').includes('\u001b'));
    assert.ok(renderReport(sampleReport(), 'table', { color: true }).includes('\u001b[1;31mcritical\u001b[0m'));
  });

  test('every format ends with exactly one newline and leaves the report untouched', () => {
    for (const format of FORMATS) {
      const report = sampleReport();
      const text = renderReport(report, format);
      assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), format);
      assert.deepEqual(report, sampleReport(), format);
    }
  });
});
