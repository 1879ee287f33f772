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

  test('counts the levels of nesting it saw', () => {
    assert.equal(measureJson({ a: [{ b: 1 }], c: 'x' }, 100, 10).depth, 3);
    assert.equal(measureJson('leaf', 100, 10).depth, 0);
  });
});

describe('describeJsonType', () => {
  test('names JSON types', () => {
    assert.deepEqual(
      [null, [], {}, 'x', 1, true, undefined].map(describeJsonType),
      ['null', 'array', 'object', 'string', 'number', 'boolean', 'undefined'],
    );
  });
});
