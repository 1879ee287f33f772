/**
 * Rule family: the action word that opens the description (and the title).
 *
 * "Deletes a branch…", "Use this tool to run…", "Retrieves…": the first verb of the first
 * sentence, after a lead-in such as "This tool allows you to". A word that is also a common
 * noun ("search", "message") only counts as the very first word.
 */
import type { Evidence, Signal } from '../../model.js';
import type { Rule, ToolSignal } from '../rule.js';
import { proseWords } from '../tokenize.js';
import { baseVerb, NOUN_LIKE_VERBS, verbInContext } from '../verbs.js';

const LEAD_IN =
  /^(?:\s*(?:this|the)\s+(?:tool|function|endpoint|method|command|operation|action)\s+(?:is\s+used\s+to|can\s+be\s+used\s+to|allows\s+(?:you|users?|the\s+\w+)\s+to|lets\s+(?:you|users?)|helps\s+(?:you\s+)?(?:to\s+)?|will|can|is\s+for|is\s+able\s+to|enables\s+(?:you\s+)?to|should\s+be\s+used\s+to)?|\s*use\s+(?:this|it)(?:\s+tool)?\s+to|\s*(?:a\s+)?tool\s+(?:to|for|that)|\s*used\s+to|\s*allows\s+(?:you|users?|the\s+\w+)\s+to|\s*lets\s+(?:you|users?)|\s*helps\s+(?:you\s+)?(?:to\s+)?|\s*can\s+be\s+used\s+to|\s*you\s+can|\s*call\s+this\s+to|\s*(?:please\s+)?(?:quickly|easily|safely|simply|directly|automatically)|\s*\[[^\]]{0,40}\]|\s*\([^)]{0,40}\)|\s*[A-Z][A-Z0-9 _-]{1,30}:)\s*/i;

const SKIPPABLE = new Set(['please', 'quickly', 'easily', 'safely', 'simply', 'directly', 'automatically', 'also', 'then', 'will', 'to']);

export function leadingVerb(text: string): { word: string; base: string; following: string[] } | null {
  let rest = text;
  for (let i = 0; i < 3; i++) {
    const next = rest.replace(LEAD_IN, '');
    if (next === rest) break;
    rest = next;
  }
  const words = proseWords(rest).slice(0, 4);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (SKIPPABLE.has(word)) continue;
    const base = baseVerb(word);
    if (base !== null && (i === 0 || !NOUN_LIKE_VERBS.has(base))) return { word, base, following: proseWords(rest).slice(i + 1, i + 4) };
    if (i === 0 && base === null && /^(?:a|an|the)$/.test(word)) return null;
  }
  return null;
}

function signalFor(text: string, signal: Signal, rulePrefix: string): ToolSignal | null {
  const verb = leadingVerb(text);
  if (!verb) return null;
  const info = verbInContext(verb.base, verb.following);
  if (!info) return null;
  const evidence: Evidence = { signal, text: verb.word, rule: `${rulePrefix}/${info.cls}` };
  // "Log label exploration", "Message history of…": a word that is also a noun opens many
  // descriptions; as a plain change it only tips a balance. Run, trigger, charge stay strong.
  const weak = info.vague === true || (NOUN_LIKE_VERBS.has(verb.base) && info.cls === 'write');
  return { effect: info.cls, strength: weak ? 'weak' : 'strong', evidence, verb: info, role: 'primary' };
}

export const descriptionVerbRule: Rule = {
  id: 'description-verb',
  summary: 'The action word that opens the description or the title ("Deletes…", "Runs…", "Lists…").',
  apply(facts) {
    const signals: ToolSignal[] = [];
    const fromDescription = facts.firstSentence ? signalFor(facts.firstSentence, 'description', 'description-verb') : null;
    if (fromDescription) signals.push(fromDescription);
    const fromTitle = facts.title ? signalFor(facts.title, 'title', 'title-verb') : null;
    if (fromTitle) signals.push(fromTitle);
    return { signals, findings: [] };
  },
};
