import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { colorPairs, contrastRatio, PALETTE } from '../../src/site/palette.js';
import { siteCss } from '../../src/site/site-css.js';

describe('the palette', () => {
  test('contrast ratios are the WCAG ones', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#ffffff', '#ffffff'), 1);
    assert.equal(contrastRatio(PALETTE.text, PALETTE.page).toFixed(2), '16.56');
    assert.equal(contrastRatio(PALETTE.link, PALETTE.page).toFixed(2), '7.59');
  });

  test('every text pair reaches 4.5:1 and every graphic 3:1', () => {
    const pairs = colorPairs();
    assert.equal(pairs.length, 29);
    for (const pair of pairs) {
      const ratio = contrastRatio(pair.foreground, pair.background);
      assert.ok(ratio >= pair.minimum, `${pair.name}: ${ratio.toFixed(2)} < ${pair.minimum}`);
    }
  });

  test('the stylesheet uses the palette and no outside resources', () => {
    const css = siteCss();
    assert.ok(css.includes(`.bar.sev-critical{fill:#a40e26}`));
    assert.ok(css.includes(`color:${PALETTE.text}`));
    assert.equal(/url\(|@import/.test(css), false);
  });
});
