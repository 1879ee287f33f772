import { describe, test } from 'node:test';
import { strict as assert } from 'node:assert';
import {
  collapseWhitespace,
  sanitizeForMarkdown,
  sanitizeForSarif,
  sanitizeForTerminal,
  stripControlChars,
  stripInvisible,
  truncate,
} from '../../src/hostile-text/sanitize.js';

/** Every C0/C1 control character (tab and newline included) and every invisible character we remove. */
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/u;

describe('stripInvisible', () => {
  test('removes bidi overrides and isolates, zero-width characters, the BOM and tag characters', () => {
    const text = 'a\u202Eb\u2066c\u2069d\u200Be\u200Df\uFEFFg\u{E0041}\u{E0042}h\u00ADi';
    assert.equal(stripInvisible(text), 'abcdefghi');
  });

  test('keeps ordinary non-ASCII text', () => {
    assert.equal(stripInvisible('café — naïve 日本語 🚀'), 'café — naïve 日本語 🚀');
  });
});

describe('stripControlChars', () => {
  test('replaces C0, DEL and C1 controls with a space', () => {
    assert.equal(stripControlChars('a\u0000b\u0007c\u007Fd\u0085e\u009Bf\tg\nh'), 'a b c d e f g h');
  });

  test('keeps line feeds when asked', () => {
    assert.equal(stripControlChars('a\r\nb\u0007c', { keepNewlines: true }), 'a \nb c');
  });
});

describe('truncate', () => {
  test('leaves short text alone', () => {
    assert.equal(truncate('hello', 5), 'hello');
  });

  test('cuts to the bound with an ellipsis counted in it', () => {
    assert.equal(truncate('hello world', 6), 'hello…');
    assert.equal(Array.from(truncate('x'.repeat(500), 10)).length, 10);
  });

  test('never splits a surrogate pair', () => {
    assert.equal(truncate('🚀🚀🚀🚀', 3), '🚀🚀…');
  });
});

describe('sanitizeForTerminal', () => {
  test('strips CSI colour and screen-clearing sequences', () => {
    assert.equal(sanitizeForTerminal('\u001b[2J\u001b[31mred\u001b[0m text'), 'red text');
  });

  test('strips OSC 8 hyperlinks, keeping their visible text', () => {
    assert.equal(sanitizeForTerminal('see \u001b]8;;https://evil.example\u0007here\u001b]8;;\u0007 now'), 'see here now');
  });

  test('strips the C1 CSI form and a lone ESC', () => {
    assert.equal(sanitizeForTerminal('a\u009B31mb c\u001b'), 'ab c');
  });

  test('turns controls and line breaks into single spaces', () => {
    assert.equal(sanitizeForTerminal('  one\r\ntwo\u0000\tthree\u2028four  '), 'one two three four');
  });

  test('removes bidi overrides and zero-width characters', () => {
    assert.equal(sanitizeForTerminal('safe\u202Eexe.txt\u200B'), 'safeexe.txt');
  });

  test('bounds the result, 200 code points by default', () => {
    assert.equal(Array.from(sanitizeForTerminal('a'.repeat(5000))).length, 200);
    assert.equal(sanitizeForTerminal('abcdefghij', 5), 'abcd…');
  });

  test('leaves nothing unsafe in a hostile mix', () => {
    const hostile = '\u001b[?1049h\u001bP1;2|x\u001b\\\u009D0;title\u0007\u0008\u202A\u2067\u200Fok';
    const result = sanitizeForTerminal(hostile);
    assert.doesNotMatch(result, UNSAFE);
    assert.match(result, /ok$/);
  });
});

describe('collapseWhitespace', () => {
  test('collapses Unicode whitespace runs and trims', () => {
    assert.equal(collapseWhitespace('\u00A0 a \u2003\n b '), 'a b');
  });
});

describe('sanitizeForMarkdown', () => {
  test('escapes link and image syntax', () => {
    assert.equal(sanitizeForMarkdown('[x](y) ![i](j)'), '\\[x\\]\\(y\\) \\!\\[i\\]\\(j\\)');
  });

  test('turns HTML into entities', () => {
    assert.equal(sanitizeForMarkdown('<script>alert(1)</script> & co'), '&lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; co');
  });

  test('escapes table pipes, emphasis, code, headings, math and mentions', () => {
    assert.equal(
      sanitizeForMarkdown('a | b *c* _d_ `e` # f ~g~ $h$ @i \\j'),
      'a \\| b \\*c\\* \\_d\\_ \\`e\\` \\# f \\~g\\~ \\$h\\$ \\@i \\\\j',
    );
  });

  test('breaks URL and domain auto-links', () => {
    assert.equal(sanitizeForMarkdown('https://evil.example www.evil.example'), 'https\\://evil\\.example www\\.evil\\.example');
  });

  test('leaves a sentence-ending dot and plain words alone', () => {
    assert.equal(sanitizeForMarkdown('Lists runs. Reads only'), 'Lists runs. Reads only');
  });

  test('is one line without escape sequences', () => {
    assert.equal(sanitizeForMarkdown('a\n\n# b\r\n\u001b[31mc'), 'a \\# b c');
  });

  test('bounds the text before escaping it', () => {
    assert.equal(sanitizeForMarkdown('[[[[[[', 4), '\\[\\[\\[…');
  });
});

describe('sanitizeForSarif', () => {
  test('removes controls and escape sequences and bounds to 1000 code points', () => {
    assert.equal(sanitizeForSarif('a\u001b[31mb\u0000c\u202Ed'), 'ab cd');
    assert.equal(Array.from(sanitizeForSarif('z'.repeat(3000))).length, 1000);
  });
});
