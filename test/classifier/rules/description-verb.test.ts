import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractFacts } from '../../../src/classifier/extract-facts.js';
import { classifyTool } from '../../../src/classifier/classify-tool.js';
import { descriptionVerbRule, leadingVerb } from '../../../src/classifier/rules/description-verb.js';
import { titleVerbRule } from '../../../src/classifier/rules/title-verb.js';

/** The signals of the description's verb, then of the title's (title-verb reads a title as this rule reads a description). */
function verbs(description: string, title?: string): string[] {
  const tool = title === undefined ? { name: 'zorb_tool', description } : { name: 'zorb_tool', description, title };
  const facts = extractFacts(tool);
  return [descriptionVerbRule, titleVerbRule]
    .flatMap((rule) => rule.apply(facts).signals)
    .map((s) => `${s.evidence.rule}:${s.evidence.text}:${s.strength}`);
}

describe('the leading verb of a description or a title', () => {
  test('a short resource heading before the verb is skipped ("Widgets: List")', () => {
    assert.deepEqual(verbs('Show every widget', 'Widgets: List'), ['description-verb/read:Show:strong', 'title-verb/read:List:strong']);
  });

  test('a sentence that opens with a verb and a colon is not a heading', () => {
    assert.equal(leadingVerb('Manage widgets: list, create or delete them')?.base, 'manage');
  });

  test('a word after an article is an adjective, not the verb', () => {
    assert.equal(leadingVerb('Enable an installed widget on a site')?.base, 'enable');
    assert.equal(leadingVerb('Zorbify an installed widget on a site'), null);
  });

  test('a hyphenated opening word ends with its verb ("Spell-check", "Re-run", "Bulk-delete")', () => {
    assert.equal(leadingVerb('Spell-check a query and suggest fixes')?.word, 'check');
    assert.equal(leadingVerb('Bulk-delete widgets by id')?.base, 'delete');
    assert.equal(leadingVerb('zorb-widgets'), null);
  });

  test('a verb after ", or" in a listing after a vague verb counts', () => {
    assert.deepEqual(verbs('Manage widgets: get details, list, or delete.'), [
      'description-verb/write:Manage:weak',
      'description-verb/read:get:strong',
      'description-verb/read:list:strong',
      'description-verb/destroy:delete:strong',
    ]);
  });

  test('third-person verbs before their object after a colon say what the tool does', () => {
    assert.deepEqual(verbs('Report a whole batch in one call: creates the batch, records every result, and completes it.'), [
      'description-verb/write:creates:strong',
      'description-verb/write:completes:strong',
    ]);
  });

  test('counted things after a colon are not verbs', () => {
    assert.deepEqual(verbs('Get the numbers of a campaign: delivery, opens, clicks and unsubscribes.'), [
      'description-verb/read:Get:strong',
    ]);
  });
});

describe('listed actions with asides and adverbs', () => {
  test('"Find (…), inspect (…) and dynamically invoke" lists an execute verb', () => {
    const result = classifyTool({
      name: 'space_tool',
      description: 'Find (semantic search), inspect (view its schema) and dynamically invoke remote apps.',
    });
    assert.equal(result.category, 'execute');
  });

  test('a listed verb that ends in -ly is kept ("Apply or revert")', () => {
    const result = classifyTool({ name: 'patch_tool', description: 'Review, apply or revert a patch to the working tree.' });
    assert.equal(result.inferredAnnotations.readOnlyHint, false);
  });

  test('giving feedback or a preview made by a create are changes', () => {
    assert.equal(classifyTool({ name: 'give_feedback', description: '' }).inferredAnnotations.readOnlyHint, false);
    assert.equal(
      classifyTool({ name: 'create_item_preview', description: 'Create a preview link for an item.' }).inferredAnnotations.readOnlyHint,
      false,
    );
  });
});
