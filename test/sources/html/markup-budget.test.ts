import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MARKUP_DEPTH, MAX_MARKUP_TAGS, markupProblem } from '../../../src/sources/html/markup-budget.js';
import { extractPage } from '../../../src/sources/html/extract-page.js';
import { cpuMs } from '../../fixtures/cpu-time.js';

describe('markupProblem', () => {
  test('ordinary and sloppy pages are within budget', () => {
    assert.equal(markupProblem(readFileSync(new URL('../fixtures/catalogue/servers-page-1.html', import.meta.url), 'utf8')), undefined);
    // Unclosed li, p, td and dd are closed by the next one, as browsers do.
    const sloppy = `<ul>${'<li><p>item'.repeat(5000)}</ul><table>${'<tr><td>a<td>b'.repeat(3000)}</table><dl>${'<dt>x<dd>y'.repeat(3000)}</dl>`;
    assert.equal(markupProblem(sloppy), undefined);
    // What looks like tags inside scripts, styles and comments is not markup.
    const raw = `<script>${'document.write("<div>");'.repeat(2000)}</script><!-- ${'<div>'.repeat(2000)} --><style>${'<div>'.repeat(2000)}</style><p>ok</p>`;
    assert.equal(markupProblem(raw), undefined);
  });

  test('deep nesting and huge tag counts are refused, quickly', () => {
    const { ms } = cpuMs(() => {
      assert.equal(markupProblem('<div>'.repeat(MAX_MARKUP_DEPTH + 1)), `it nests elements more than ${MAX_MARKUP_DEPTH} deep; not read`);
      assert.equal(markupProblem('<b>'.repeat(1_000_000)), `it nests elements more than ${MAX_MARKUP_DEPTH} deep; not read`);
      assert.equal(markupProblem('<span>x</span>'.repeat(MAX_MARKUP_TAGS)), `it has more than ${MAX_MARKUP_TAGS} tags; not read`);
      assert.equal(markupProblem('<a'.repeat(2_000_000)), undefined);
      assert.equal(markupProblem(`${'< '.repeat(2_000_000)}>`), undefined);
    });
    assert.ok(ms < 3000, `the budget check is linear (${ms} ms of CPU)`);
  });

  test('extractPage reports a refused page instead of parsing it', () => {
    const url = new URL('https://hub.example.com/servers');
    const { value: page, ms } = cpuMs(() =>
      extractPage('<section><h3>x</h3><a href="/servers/x">x</a>'.repeat(100_000), url, { origin: url.origin, pathPrefix: '/servers/' }),
    );
    assert.deepEqual(page, {
      cards: [],
      links: { pagination: [], detail: [], within: [] },
      problem: `it nests elements more than ${MAX_MARKUP_DEPTH} deep; not read`,
    });
    assert.ok(ms < 2000, `${ms} ms of CPU`);
  });
});
