import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { titleVerbRule } from '../../../src/classifier/rules/title-verb.js';
import { readTool } from './read-tool.js';

describe('the title-verb rule: the action word that opens the title', () => {
  test("the title's verb, quoted as written, is the title's evidence", () => {
    assert.deepEqual(readTool(titleVerbRule, { name: 'zorb', title: 'Delete branch' }), {
      signals: ['destroy strong: title-verb/destroy "Delete" (title)'],
      findings: [],
    });
  });

  test('a resource heading before the verb is skipped, as in a description', () => {
    assert.deepEqual(readTool(titleVerbRule, { name: 'zorb', title: 'Widgets: List' }).signals, [
      'read strong: title-verb/read "List" (title)',
    ]);
  });

  test('a title without a verb, or no title, gives nothing; the description is not read here', () => {
    assert.deepEqual(readTool(titleVerbRule, { name: 'zorb', title: 'Branch manager' }).signals, []);
    assert.deepEqual(readTool(titleVerbRule, { name: 'zorb', description: 'Deletes a branch' }).signals, []);
  });
});
