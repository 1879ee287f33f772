import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractFacts } from '../../../src/classifier/extract-facts.js';
import { descriptionPhraseRule } from '../../../src/classifier/rules/description-phrase.js';

function phrases(description: string): string[] {
  return descriptionPhraseRule
    .apply(extractFacts({ name: 'zorb_tool', description }))
    .signals.map((s) => `${s.evidence.rule}:${s.evidence.text}`);
}

describe('arbitrary code', () => {
  test('running code with a word between the verb and "code" counts', () => {
    assert.deepEqual(phrases('Open a browser session and run browser code'), ['description-phrase/arbitrary-code:run browser code']);
  });

  test('running commands counts; a mention of commands run later does not', () => {
    assert.deepEqual(phrases('Executes commands on the host'), ['description-phrase/arbitrary-code:Executes commands']);
    assert.deepEqual(phrases('List the hosts. Use this to find a host before running commands.'), []);
  });

  test('"any code" is not code unless a language is named', () => {
    assert.deepEqual(phrases('Get the transfer code. A new code invalidates any code issued before.'), []);
    assert.deepEqual(phrases('Accepts any SQL the database understands.'), ['description-phrase/arbitrary-code:any SQL']);
  });
});

describe('keeping what it reads', () => {
  test('downloading to local disk and loading into a store save', () => {
    assert.deepEqual(phrases('Download a remote report to local disk.'), [
      'description-phrase/saves:Download a remote report to local disk',
    ]);
    assert.deepEqual(phrases('Load a sample dataset into the cluster.'), ['description-phrase/saves:Load a sample dataset into']);
  });

  test('loading into the conversation or memory is reading', () => {
    assert.deepEqual(phrases('Load the notes into the conversation context.'), []);
    assert.deepEqual(phrases('Download the report and return its text.'), []);
  });
});

describe('overwrite and data loss', () => {
  test('"replaces an existing" overwrites', () => {
    assert.deepEqual(phrases('Upload a file. Replaces an existing file at that path.'), [
      'description-phrase/overwrite:Replaces an existing',
    ]);
  });

  test('dropping all traffic is not data loss; deleting all records is', () => {
    assert.deepEqual(phrases('Create a rule. By default the firewall drops all incoming traffic.'), []);
    assert.deepEqual(phrases('Deletes all records of the table.'), [
      'description-phrase/data-loss:Deletes all',
      'description-phrase/bulk:all records of',
    ]);
  });
});
