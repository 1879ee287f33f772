import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeJsonType, measureJson } from '../../src/scanner/json-measure.js';

describe('measureJson', () => {
  test('approximates the serialised length of small values', () => {
    const value = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], n: 12, ok: true, none: null };
    const measure = measureJson(value, 10_000, 10);
    assert.equal(measure.excess, null);
    assert.equal(measure.bytes, JSON.stringify(value).length);
  });

  test('stops at the size limit', () => {
    const measure = measureJson({ a: 'x'.repeat(5000) }, 1000, 10);
    assert.equal(measure.excess, 'size');
    assert.ok(measure.bytes > 1000);
  });

  test('stops at the depth limit without recursion, even for very deep values', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    assert.deepEqual(measureJson(deep, Number.MAX_SAFE_INTEGER, 64), { bytes: 64 * 2, excess: 'depth', depth: 65 });
    assert.equal(measureJson([[[1]]], 100, 3).excess, null);
    assert.equal(measureJson([[[[1]]]], 100, 3).excess, 'depth');
  });

  test('walks in a fixed order, so the count where it stops over the limit is always the same', () => {
    // {} is 2, the key "a" 4 more; then the string's 5,002 pass the limit.
    assert.deepEqual(measureJson({ a: 'x'.repeat(5000) }, 1000, 10), { bytes: 5008, excess: 'size', depth: 1 });
    // Members are measured last first: "z" (5 + 3) and its 10 characters (12) pass 20 before "a" is read.
    assert.deepEqual(measureJson({ a: 'x'.repeat(50), z: 'y'.repeat(10) }, 20, 10), { bytes: 23, excess: 'size', depth: 1 });
    const mixed = { list: [1, -2.5, 'three', null, false, [], {}], nested: { deeper: [{ key: 'value' }] } };
    assert.deepEqual(measureJson(mixed, 10_000, 10), { bytes: JSON.stringify(mixed).length, excess: null, depth: 4 });
  });

  test('counts the levels of nesting it saw', () => {
    assert.equal(measureJson({ a: [{ b: 1 }], c: 'x' }, 100, 10).depth, 3);
    assert.equal(measureJson('leaf', 100, 10).depth, 0);
  });
});

describe('describeJsonType', () => {
  test('names JSON types', () => {
    assert.deepEqual([null, [], {}, 'x', 1, true, undefined].map(describeJsonType), [
      'null',
      'array',
      'object',
      'string',
      'number',
      'boolean',
      'undefined',
    ]);
  });
});
