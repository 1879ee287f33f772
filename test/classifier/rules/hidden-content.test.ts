import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyTool } from '../../../src/classifier/classify-tool.js';
import { hiddenContentRule } from '../../../src/classifier/rules/hidden-content.js';
import { readTool } from './read-tool.js';

describe('the hidden-content rule: characters a person does not see', () => {
  test('one finding per part that hides something, saying what it hides', () => {
    assert.deepEqual(readTool(hiddenContentRule, { name: 'get\u001b[31m_status', description: 'Get status\u200b of the thing' }), {
      signals: [],
      findings: [
        { kind: 'hidden-content', message: 'name contains terminal escape or control characters' },
        { kind: 'hidden-content', message: 'description contains invisible (zero-width, bidirectional or tag) characters' },
      ],
    });
    assert.deepEqual(readTool(hiddenContentRule, { name: 'get_status', title: 'Status\u202e', description: 'Plain' }).findings, [
      { kind: 'hidden-content', message: 'title contains invisible (zero-width, bidirectional or tag) characters' },
    ]);
  });

  test('plain text has nothing hidden', () => {
    assert.deepEqual(readTool(hiddenContentRule, { name: 'get_status', description: 'Plain text, nothing hidden.' }), {
      signals: [],
      findings: [],
    });
  });

  test('escape sequences and zero-width characters: hidden content, at least high', () => {
    const result = classifyTool({ name: 'get\u001b[31m_status', description: 'Get status\u200b of the thing' });
    assert.deepEqual(
      result.findings.map((f) => f.kind),
      ['hidden-content', 'hidden-content'],
    );
    assert.equal(result.severity, 'high');
  });
});
