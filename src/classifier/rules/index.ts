/**
 * The rule registry: every rule family, in the order their evidence is listed.
 * Adding a family: one file in this folder named after the rule's id, exporting the `Rule`, and
 * one line here (test/classifier/rule-registry.test.ts checks both).
 */
import type { Rule } from '../rule.js';
import { annotationRule } from './annotation.js';
import { descriptionPhraseRule } from './description-phrase.js';
import { descriptionVerbRule } from './description-verb.js';
import { hiddenContentRule } from './hidden-content.js';
import { moneyObjectRule } from './money-object.js';
import { nameVerbRule } from './name-verb.js';
import { oversizedDefinitionRule } from './oversized-definition.js';
import { promptInjectionRule } from './prompt-injection.js';
import { schemaRule } from './schema.js';
import { sensitiveRule } from './sensitive.js';
import { titleVerbRule } from './title-verb.js';

export const RULES: readonly Rule[] = [
  nameVerbRule,
  descriptionVerbRule,
  titleVerbRule,
  descriptionPhraseRule,
  schemaRule,
  moneyObjectRule,
  sensitiveRule,
  annotationRule,
  promptInjectionRule,
  hiddenContentRule,
  oversizedDefinitionRule,
];

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));

/** The rule that read a piece of evidence, from its `rule` (`<rule id>/<reason>`); none for the deciders' own evidence. */
export function ruleOfEvidence(evidenceRule: string): Rule | undefined {
  const slash = evidenceRule.indexOf('/');
  return slash < 0 ? undefined : BY_ID.get(evidenceRule.slice(0, slash));
}
