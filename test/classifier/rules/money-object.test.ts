import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyTool } from '../../../src/classifier/classify-tool.js';
import { moneyObjectRule } from '../../../src/classifier/rules/money-object.js';
import { readTool } from './read-tool.js';

describe('the money-object rule: the thing acted on is money', () => {
  test('a money noun in the name is strong', () => {
    assert.deepEqual(readTool(moneyObjectRule, { name: 'create_refund', description: 'Refund a charge' }), {
      signals: ['money strong: money-object/name-noun "refund" (name)'],
      findings: [],
    });
  });

  test('a noun that is money only in company needs a money word beside it', () => {
    assert.deepEqual(
      readTool(moneyObjectRule, { name: 'create_subscription', description: 'Create a billing subscription for a customer' }).signals,
      ['money strong: money-object/name-noun "subscription" (name)'],
    );
    assert.deepEqual(
      readTool(moneyObjectRule, { name: 'create_subscription', description: 'Subscribe to notifications of a repository' }).signals,
      [],
    );
  });

  test('a token of access is not money', () => {
    assert.deepEqual(readTool(moneyObjectRule, { name: 'get_access_token', description: 'Get an OAuth access token' }).signals, []);
  });

  test('reading money is still reading', () => {
    assert.deepEqual(readTool(moneyObjectRule, { name: 'list_invoices', description: 'List invoices' }).signals, [
      'money strong: money-object/name-noun "invoices" (name)',
    ]);
    assert.equal(classifyTool({ name: 'list_invoices', description: 'List invoices' }).category, 'read');
  });
});
