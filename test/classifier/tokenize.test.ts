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

  test('a lowerCamel segment after one or two name-like segments opens with its verb, even one that is also a noun', () => {
    assert.deepEqual(splitToolName('ZORB_setWidgetColorV2'), { words: ['set', 'widget', 'color', 'v2'], prefix: ['zorb'] });
    assert.deepEqual(splitToolName('acme-cloud_importSiteFromArchive'), {
      words: ['import', 'site', 'from', 'archive'],
      prefix: ['acme', 'cloud'],
    });
  });

  test('the camel rule leaves object nouns and plain names alone', () => {
    assert.deepEqual(splitToolName('file_deleteAll'), { words: ['file', 'delete', 'all'], prefix: [] });
    assert.deepEqual(splitToolName('setWidgetColor'), { words: ['set', 'widget', 'color'], prefix: [] });
    assert.deepEqual(splitToolName('zorb_widgetColor'), { words: ['zorb', 'widget', 'color'], prefix: [] });
  });
});

test('firstSentence stops at the first full stop', () => {
  assert.equal(firstSentence('Cancel a run. Irreversible.'), 'Cancel a run.');
  assert.equal(firstSentence('No stop here'), 'No stop here');
});

test('firstSentence needs white space or the end after the stop, and one character before it', () => {
  assert.equal(firstSentence('Works with v1.2 and v2. Fast.'), 'Works with v1.2 and v2.');
  assert.equal(firstSentence('Really?\nYes.'), 'Really?');
  assert.equal(firstSentence('. Leading dot. Then more'), '. Leading dot.');
  assert.equal(firstSentence('  Padded!  '), 'Padded!');
});
