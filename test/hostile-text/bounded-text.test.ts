import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteForWarning, truncateText } from '../../src/hostile-text/bounded-text.js';

describe('truncateText', () => {
  test('leaves short text alone and cuts long text', () => {
    assert.equal(truncateText('abc', 3), 'abc');
    assert.equal(truncateText('abcdef', 3), 'abc');
  });

  test('drops a dangling high surrogate', () => {
    assert.equal(truncateText('ab😀', 3), 'ab');
    assert.equal(truncateText('ab😀', 4), 'ab😀');
  });
});

describe('quoteForWarning', () => {
  test('JSON-quotes, escaping control characters, and shortens', () => {
    assert.equal(quoteForWarning('plain'), '"plain"');
    assert.equal(quoteForWarning('a\u001b[31mb\r'), '"a\\u001b[31mb\\r"');
    assert.equal(quoteForWarning('x'.repeat(100), 10), '"xxxxxxx..."');
  });
});
