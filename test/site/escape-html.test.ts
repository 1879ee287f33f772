import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, escapeXml } from '../../src/site/escape-html.js';
import { html, joinHtml, trustedHtml } from '../../src/site/html-template.js';
import { blockText, lineText } from '../../src/site/page-text.js';
import { outsideLink } from '../../src/site/page-parts.js';
import { safeHttpUrl } from '../../src/site/safe-url.js';

describe('escapeHtml', () => {
  test('every character that opens markup or ends an attribute', () => {
    assert.equal(escapeHtml(`<img src=x onerror="alert('1')">&amp;`), '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;amp;');
    assert.equal(escapeXml(`a<b>"c"&'d'`), 'a&lt;b&gt;&quot;c&quot;&amp;&apos;d&apos;');
  });
});

describe('the html tag', () => {
  test('escapes every interpolated string, keeps nested markup, joins arrays, drops nothing-values', () => {
    const name = '<script>alert(1)</script>';
    const item = html`<li>${name}</li>`;
    assert.equal(
      String(html`<ul>${[item, item]}</ul>`),
      '<ul><li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li>&lt;script&gt;alert(1)&lt;/script&gt;</li></ul>',
    );
    assert.equal(
      String(html`<a title="${'" onmouseover="x'}">${3}${null}${undefined}${false}</a>`),
      '<a title="&quot; onmouseover=&quot;x">3</a>',
    );
    assert.equal(String(joinHtml(['a<', trustedHtml('<br>'), 'b'], ', ')), 'a&lt;, <br>, b');
  });
});

describe('page text', () => {
  test('one line: no controls, no invisible characters, bounded', () => {
    assert.equal(lineText('a\u0000b\u001b[31mc\u202Ed\u200Be\n\tf', 100), 'a b [31mcde f');
    assert.equal(lineText('x'.repeat(500), 10), `${'x'.repeat(9)}…`);
    assert.equal(lineText('\u{E0041}\u{E0042}hidden tags', 100), 'hidden tags');
  });

  test('a block keeps its line breaks, at most one blank line', () => {
    assert.equal(blockText('First line.\r\n\r\n\r\n\r\nSecond   line\u202E.\n', 100), 'First line.\n\nSecond line.');
  });
});

describe('outside links', () => {
  test('only http(s) URLs without credentials become links, marked nofollow', () => {
    assert.equal(safeHttpUrl('https://github.com/x/y'), 'https://github.com/x/y');
    assert.equal(safeHttpUrl('git+https://github.com/x/y.git'), 'https://github.com/x/y.git');
    for (const bad of [
      'javascript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      '//evil.example/',
      'https://user:pw@evil.example/',
      'http://',
      'git://github.com/x/y',
      'vbscript:x',
      `https://x.example/${'a'.repeat(3000)}`,
    ]) {
      assert.equal(safeHttpUrl(bad), null, bad);
    }
    assert.equal(String(outsideLink('javascript:alert(1)')), '<span>javascript:alert(1)</span>');
    assert.equal(
      String(outsideLink('https://example.com/"><script>x</script>')),
      '<a href="https://example.com/%22%3E%3Cscript%3Ex%3C/script%3E" rel="nofollow noopener noreferrer">https://example.com/&quot;&gt;&lt;script&gt;x&lt;/script&gt;</a>',
    );
  });
});
