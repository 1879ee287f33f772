import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyTool } from '../../../src/classifier/classify-tool.js';
import { sensitiveRule } from '../../../src/classifier/rules/sensitive.js';
import { readTool } from './read-tool.js';

describe('the sensitive rule: secrets, credentials, permissions, personal data', () => {
  test('a word of the name is strong; the description then is strong too', () => {
    assert.deepEqual(readTool(sensitiveRule, { name: 'get_secret', description: 'Get the value of a secret' }), {
      signals: [
        'sensitive strong: sensitive/name-word "secret" (name)',
        'sensitive strong: sensitive/description-phrase "secret" (description)',
      ],
      findings: [],
    });
  });

  test('two words of the name that mean one thing count as one ("api_key")', () => {
    assert.deepEqual(readTool(sensitiveRule, { name: 'create_api_key', description: 'Create a key' }).signals, [
      'sensitive strong: sensitive/name-word "api_key" (name)',
    ]);
  });

  test('the description alone is weak', () => {
    assert.deepEqual(readTool(sensitiveRule, { name: 'list_items', description: 'List the permissions of a user' }).signals, [
      'sensitive weak: sensitive/description-phrase "permissions" (description)',
    ]);
    assert.deepEqual(readTool(sensitiveRule, { name: 'list_items', description: 'List items' }).signals, []);
  });

  test('reading secrets is medium', () => {
    const result = classifyTool({ name: 'get_secret', description: 'Get the value of a secret' });
    assert.equal(result.category, 'read');
    assert.equal(result.severity, 'medium');
  });
});
