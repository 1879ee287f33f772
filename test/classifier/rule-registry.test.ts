import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RULES } from '../../src/classifier/rules/index.js';
import { annotationRule } from '../../src/classifier/rules/annotation.js';
import { checkFolderRegistry, type FolderRegistry } from '../folder-registry.js';
import type { Rule } from '../../src/classifier/rule.js';

const RULES_FOLDER: FolderRegistry<Rule> = {
  folder: new URL('../../src/classifier/rules/', import.meta.url),
  suffix: '.ts',
  helpers: ['index.ts'],
  entries: RULES,
  idOf: (rule) => rule.id,
};

describe('the rule registry', () => {
  test('every file of classifier/rules/ is one rule of RULES, its id the file name, and every rule has its file', async () => {
    await checkFolderRegistry(RULES_FOLDER);
  });

  test('a rule left out of RULES, listed twice, or named other than its file is caught', async () => {
    const without = RULES.filter((rule) => rule !== annotationRule);
    await assert.rejects(
      checkFolderRegistry({ ...RULES_FOLDER, entries: without }),
      /the ids of the registry are not the names of the files/,
    );
    await assert.rejects(checkFolderRegistry({ ...RULES_FOLDER, entries: [...RULES, annotationRule] }), /one each/);
    const renamed = { ...annotationRule, id: 'declared-annotations' };
    await assert.rejects(checkFolderRegistry({ ...RULES_FOLDER, entries: [...without, renamed] }), /not the names of the files/);
    await assert.rejects(checkFolderRegistry({ ...RULES_FOLDER, helpers: ['index.ts', 'rule.ts'] }), /rule\.ts is named as a helper/);
  });

  test('every rule has a one-line summary for people', () => {
    for (const rule of RULES) assert.match(rule.summary, /^[A-Z].{20,140}[.)]$/, rule.id);
  });
});
