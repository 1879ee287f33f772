/**
 * The rule registry: every rule family, in the order their evidence is listed.
 * Adding a family: one file in this folder exporting a `Rule`, and one line here.
 */
import type { Rule } from '../rule.js';
import { declaredAnnotationsRule } from './declared-annotations.js';
import { descriptionPhrasesRule } from './description-phrases.js';
import { descriptionVerbRule } from './description-verb.js';
import { hiddenContentRule } from './hidden-content.js';
import { moneyObjectsRule } from './money-objects.js';
import { nameVerbRule } from './name-verb.js';
import { oversizedDefinitionRule } from './oversized-definition.js';
import { promptInjectionRule } from './prompt-injection.js';
import { schemaInputsRule } from './schema-inputs.js';
import { sensitiveDataRule } from './sensitive-data.js';

export const RULES: readonly Rule[] = [
  nameVerbRule,
  descriptionVerbRule,
  descriptionPhrasesRule,
  schemaInputsRule,
  moneyObjectsRule,
  sensitiveDataRule,
  declaredAnnotationsRule,
  promptInjectionRule,
  hiddenContentRule,
  oversizedDefinitionRule,
];
