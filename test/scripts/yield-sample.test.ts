import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleNames } from '../../scripts/yield/sample.js';

describe('the yield sample', () => {
  test('the same seed gives the same sample; another seed another one', () => {
    const names = Array.from({ length: 500 }, (_, i) => `pkg-${i}`);
    const first = sampleNames(names, 20, 12);
    assert.deepEqual(sampleNames(names, 20, 12), first);
    assert.equal(new Set(first).size, 20);
    assert.notDeepEqual(sampleNames(names, 20, 13), first);
    assert.equal(sampleNames(names, 1000, 1).length, 500);
  });
});
