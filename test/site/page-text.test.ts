/** The site's text helpers over the one set of hidden characters (hostile-text/hidden-characters.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROL_CHARACTERS, INVISIBLE_CHARACTERS, type CodePointRange } from '../../src/hostile-text/hidden-characters.js';
import { blockText, lineText } from '../../src/site/page-text.js';

function codePoints(ranges: readonly CodePointRange[]): string[] {
  return ranges.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, index) => String.fromCodePoint(first + index)));
}

describe('lineText and blockText', () => {
  test('every control character becomes a space; a line break survives only in a block', () => {
    for (const char of codePoints(CONTROL_CHARACTERS)) {
      assert.equal(lineText(`é${char}ü`, 100), 'é ü', `lineText U+${char.charCodeAt(0).toString(16)}`);
      const block = char === '\n' || char === '\r' ? 'é\nü' : 'é ü';
      assert.equal(blockText(`é${char}ü`, 100), block, `blockText U+${char.charCodeAt(0).toString(16)}`);
    }
  });

  test('every invisible character is removed, tag characters included', () => {
    for (const char of codePoints(INVISIBLE_CHARACTERS)) {
      assert.equal(lineText(`é${char}ü`, 100), 'éü', `lineText U+${(char.codePointAt(0) ?? 0).toString(16)}`);
      assert.equal(blockText(`é${char}ü`, 100), 'éü', `blockText U+${(char.codePointAt(0) ?? 0).toString(16)}`);
    }
  });

  test('the work is bounded: only the first 100,000 UTF-16 units are read', () => {
    assert.equal(lineText(`${'a'.repeat(100_000)}b`, 200_000), 'a'.repeat(100_000));
  });
});
