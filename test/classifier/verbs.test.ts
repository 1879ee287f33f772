import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseVerb, isKnownVerb, verbInContext, verbInfo } from '../../src/classifier/verbs.js';

describe('re- and a known verb is that verb done again', () => {
  test('rerank reads, resend sends, recreate creates', () => {
    assert.equal(baseVerb('rerank'), 'rank');
    assert.equal(baseVerb('reranks'), 'rank');
    assert.equal(baseVerb('resending'), 'send');
    assert.equal(verbInfo('rerank')?.cls, 'read');
    assert.equal(verbInfo('resend')?.cls, 'write');
    assert.equal(verbInfo('recreate')?.cls, 'write');
    assert.equal(isKnownVerb('reinstall'), true);
  });

  test('words that only look like re + verb stay unknown', () => {
    assert.equal(baseVerb('recall'), null);
    assert.equal(baseVerb('retail'), null);
    assert.equal(baseVerb('report'), null);
    assert.equal(isKnownVerb('rest'), false);
  });

  test('verbs listed themselves keep their own meaning (reset destroys, restore changes)', () => {
    assert.equal(verbInfo('reset')?.cls, 'destroy');
    assert.equal(verbInfo('restore')?.cls, 'write');
  });
});

describe('new verbs', () => {
  const cases: [string, string, boolean | undefined][] = [
    ['enumerate', 'read', undefined],
    ['claim', 'write', false],
    ['respond', 'write', false],
    ['activate', 'write', false],
    ['deactivate', 'write', false],
    ['assign', 'write', false],
    ['tap', 'write', false],
    ['swipe', 'write', false],
    ['unset', 'write', true],
    ['rotate', 'write', true],
    ['repair', 'write', true],
    ['pull', 'write', true],
  ];
  for (const [word, cls, destructive] of cases) {
    test(`${word}: ${cls}, destructive ${String(destructive)}`, () => {
      const info = verbInfo(word);
      assert.equal(info?.cls, cls);
      assert.equal(info?.destructive, destructive);
    });
  }
});

describe('verbs whose meaning depends on their object', () => {
  test('convert: a value reads, a tracked item changes', () => {
    assert.equal(verbInContext('convert', ['units', 'to', 'metric'])?.cls, 'read');
    assert.deepEqual(verbInContext('convert', ['ticket', 'to', 'subtask']), { cls: 'write', destructive: true, idempotent: true });
  });

  test('build: a query or a JSON payload reads, a project runs', () => {
    assert.equal(verbInContext('build', ['search', 'query'])?.cls, 'read');
    assert.equal(verbInContext('build', ['style', 'json'])?.cls, 'read');
    assert.equal(verbInContext('build', ['project'])?.cls, 'execute');
  });

  test('select: rows read, an option in a form changes the form', () => {
    assert.equal(verbInContext('select', ['rows', 'from', 'table'])?.cls, 'read');
    assert.deepEqual(verbInContext('select', ['option', 'in', 'dropdown']), { cls: 'write', destructive: false, idempotent: true });
  });

  test('capture: a screenshot reads, a payment pays', () => {
    assert.equal(verbInContext('capture', ['screenshot'])?.cls, 'read');
    assert.equal(verbInContext('capture', ['payment'])?.cls, 'pay');
  });

  test('pull: changes pull; a pull request is a thing', () => {
    assert.equal(verbInContext('pull', ['changes'])?.cls, 'write');
    assert.equal(verbInContext('pull', ['request', 'details']), undefined);
  });

  test('open: a file reads, a URL, an app or a tab navigates', () => {
    assert.equal(verbInContext('open', ['file'])?.cls, 'read');
    assert.equal(verbInContext('open', ['url', 'in', 'browser'])?.cls, 'write');
    assert.equal(verbInContext('open', ['app'])?.cls, 'write');
    assert.equal(verbInContext('open', ['tab'])?.cls, 'write');
  });

  test('generate: known computed outputs read, keys persist, anything else is an unsure write', () => {
    assert.equal(verbInContext('generate', ['bar', 'chart'])?.cls, 'read');
    assert.equal(verbInContext('generate', ['preview', 'url'])?.cls, 'read');
    assert.deepEqual(verbInContext('generate', ['api', 'key']), { cls: 'write', destructive: false, idempotent: false });
    assert.deepEqual(verbInContext('generate', ['picture', 'of', 'cat']), {
      cls: 'write',
      destructive: false,
      idempotent: false,
      unsure: true,
    });
  });

  test('format: citations read like other values', () => {
    assert.equal(verbInContext('format', ['citations'])?.cls, 'read');
    assert.equal(verbInContext('format', ['document'])?.cls, 'write');
  });
});
