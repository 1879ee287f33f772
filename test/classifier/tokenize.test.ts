import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstSentence, splitIdentifier, splitToolName } from '../../src/classifier/tokenize.js';

describe('splitIdentifier', () => {
  test('snake, kebab, camel, Pascal, dotted and acronyms', () => {
    assert.deepEqual(splitIdentifier('delete_many'), ['delete', 'many']);
    assert.deepEqual(splitIdentifier('notion-delete-block'), ['notion', 'delete', 'block']);
    assert.deepEqual(splitIdentifier('deleteCompassComponent'), ['delete', 'compass', 'component']);
    assert.deepEqual(splitIdentifier('RunSQLQuery'), ['run', 'sql', 'query']);
    assert.deepEqual(splitIdentifier('fs.read.file'), ['fs', 'read', 'file']);
  });

  test('run-together words split only at a verb followed by a known object', () => {
    assert.deepEqual(splitIdentifier('listfiles'), ['list', 'files']);
    assert.deepEqual(splitIdentifier('getuser'), ['get', 'user']);
    assert.deepEqual(splitIdentifier('payment'), ['payment']);
    assert.deepEqual(splitIdentifier('performance'), ['performance']);
  });
});

describe('splitToolName', () => {
  test('strips the server name as a prefix', () => {
    assert.deepEqual(splitToolName('flowforge_cancel_run', 'flowforge'), { words: ['cancel', 'run'], prefix: ['flowforge'] });
  });

  test('strips a product-name prefix before a verb when the server is unknown', () => {
    assert.deepEqual(splitToolName('asana_get_task'), { words: ['get', 'task'], prefix: ['asana'] });
  });

  test('keeps an object noun that precedes its verb', () => {
    assert.deepEqual(splitToolName('file_delete'), { words: ['file', 'delete'], prefix: [] });
  });
});

test('firstSentence stops at the first full stop', () => {
  assert.equal(firstSentence('Cancel a run. Irreversible.'), 'Cancel a run.');
  assert.equal(firstSentence('No stop here'), 'No stop here');
});
