import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractFacts } from '../../../src/classifier/extract-facts.js';
import { schemaRule } from '../../../src/classifier/rules/schema.js';

function schemaSignals(description: string, properties: Record<string, unknown>): string[] {
  const facts = extractFacts({ name: 'zorb_tool', description, inputSchema: { type: 'object', properties } });
  return schemaRule.apply(facts).signals.map((s) => `${s.effect}:${s.evidence.rule}:${s.evidence.text}`);
}

describe('where the output goes', () => {
  test('an output directory or a save path is a place the tool writes', () => {
    assert.deepEqual(schemaSignals('Export widgets', { outputDir: { type: 'string' } }), ['saves:schema/save-location:outputDir']);
    assert.deepEqual(schemaSignals('Fetch a report', { save_path: { type: 'string' } }), ['saves:schema/save-location:save_path']);
  });

  test('a path described as the destination to save to counts too', () => {
    assert.deepEqual(
      schemaSignals('Copy a remote file', { localPath: { type: 'string', description: 'Local destination for the file' } }),
      ['saves:schema/save-location:localPath'],
    );
  });

  test('a path to read from does not', () => {
    assert.deepEqual(schemaSignals('Read a widget', { filePath: { type: 'string', description: 'The widget file to read' } }), []);
    assert.deepEqual(schemaSignals('Translate text', { target: { type: 'string', description: 'Target language' } }), []);
  });
});

describe('free-form code', () => {
  test('a library name ending in .js does not make a question code', () => {
    assert.deepEqual(
      schemaSignals('Look up documentation', { query: { type: 'string', description: 'e.g. how to add routing in Express.js' } }),
      [],
    );
  });

  test('a query described as JavaScript still is code', () => {
    assert.deepEqual(schemaSignals('Evaluate in the page', { query: { type: 'string', description: 'JS to run in the page' } }), [
      'arbitrary-code:schema/code-input:query',
      'execute:schema/code-input:query',
    ]);
  });
});
