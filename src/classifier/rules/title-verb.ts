/**
 * Rule family: the action word that opens the tool's title ("Delete branch", "Widgets: List"),
 * found as the description's is (see description-verb.ts).
 */
import type { Rule } from '../rule.js';
import { leadingVerb, leadingVerbSignal } from './description-verb.js';

export const titleVerbRule: Rule = {
  id: 'title-verb',
  summary: 'The action word that opens the title ("Delete branch", "List widgets").',
  apply(facts) {
    const signal = facts.title ? leadingVerbSignal(leadingVerb(facts.title), 'title', titleVerbRule) : null;
    return { signals: signal ? [signal] : [], findings: [] };
  },
};
