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
import { baseVerb, NOUN_LIKE_VERBS, verbInContext, type VerbInfo } from '../verbs.js';

const LEAD_IN =
  /^(?:\s*(?:this|the)\s+(?:tool|function|endpoint|method|command|operation|action)\s+(?:is\s+used\s+to|can\s+be\s+used\s+to|allows\s+(?:you|users?|the\s+\w+)\s+to|lets\s+(?:you|users?)|helps\s+(?:you\s+)?(?:to\s+)?|will|can|is\s+for|is\s+able\s+to|enables\s+(?:you\s+)?to|should\s+be\s+used\s+to)?|\s*use\s+(?:this|it)(?:\s+tool)?\s+to|\s*(?:a\s+)?tool\s+(?:to|for|that)|\s*used\s+to|\s*allows\s+(?:you|users?|the\s+\w+)\s+to|\s*lets\s+(?:you|users?)|\s*helps\s+(?:you\s+)?(?:to\s+)?|\s*can\s+be\s+used\s+to|\s*you\s+can|\s*call\s+this\s+to|\s*(?:please\s+)?(?:quickly|easily|safely|simply|directly|automatically)|\s*\[[^\]]{0,40}\]|\s*\([^)]{0,40}\))\s*/i;
/** An upper-case heading such as "IMPORTANT:" or "START HERE -" before the sentence. */
const HEADING = /^\s*[A-Z][A-Z0-9 _]{1,30}(?::|\s-)\s*/;

const SKIPPABLE = new Set(['please', 'quickly', 'easily', 'safely', 'simply', 'directly', 'automatically', 'also', 'then', 'will', 'to']);

/** Words that follow a verb used as a command ("Update the item", "Post a message", "Set it"). */
const AFTER_COMMAND = new Set([
  'a', 'an', 'the', 'one', 'all', 'any', 'each', 'every', 'multiple', 'many', 'several', 'new', 'existing', 'specific',
  'your', 'my', 'this', 'that', 'these', 'those', 'its', 'their', 'his', 'her', 'it', 'them', 'current', 'selected',
  'given', 'specified', 'provided', 'properties', 'up', 'or', 'and', 'to', 'from', 'for', 'into', 'on', 'in',
]);

export interface LeadingVerb {
  word: string;
  base: string;
  following: string[];
  /** The word is used as a command or a third-person verb, not as a noun heading ("Log label exploration"). */
  imperative: boolean;
}

function stripLeadIn(text: string): string {
  let rest = text;
  for (let i = 0; i < 3; i++) {
    const next = rest.replace(HEADING, '').replace(LEAD_IN, '');
    if (next === rest) break;
    rest = next;
  }
  return rest;
}

export function leadingVerb(text: string): LeadingVerb | null {
  const rest = stripLeadIn(text);
  const words = proseWords(rest).slice(0, 4);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (SKIPPABLE.has(word)) continue;
    const base = baseVerb(word);
    if (base !== null && (i === 0 || !NOUN_LIKE_VERBS.has(base))) {
      // Quote the word as the tool wrote it ("Deletes", not "deletes").
      const original = new RegExp(`\\b${word}\\b`, 'i').exec(rest)?.[0] ?? word;
      const following = proseWords(rest).slice(i + 1, i + 4);
      const inflected = word !== base;
      const afterWord = new RegExp(`\\b${word}\\b\\s*([,;:/(])`, 'i').test(rest);
      const imperative = inflected || afterWord || AFTER_COMMAND.has(following[0] ?? '');
      return { word: original, base, following, imperative };
    }
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
  const weak = info.vague === true || (NOUN_LIKE_VERBS.has(verb.base) && info.cls === 'write' && !verb.imperative);
  return { effect: info.cls, strength: weak ? 'weak' : 'strong', evidence, verb: info, role: 'primary' };
}

const ENUMERATION = /^\s*([A-Za-z]+)((?:\s*(?:,\s*(?:or|and)\b|,|\/|\bor\b|\band\b|&)\s*[A-Za-z]+){1,6})/;
const CLAUSE_START = /(?:^|[:;,]|\bor\b|\band\b)\s*([A-Za-z]+)/g;

/**
 * More verbs of the same sentence, when the description lists actions: "List, create, close, or
 * select a tab", "Read or replace the clipboard", "Manage branches: list, create, delete…".
 */
function listedVerbs(text: string, leading: LeadingVerb, leadingInfo: VerbInfo): ToolSignal[] {
  const rest = stripLeadIn(text);
  const words: string[] = [];
  const enumeration = ENUMERATION.exec(rest);
  if (enumeration?.[2]) words.push(...(enumeration[2].match(/[A-Za-z]+/g) ?? []).filter((w) => !/^(?:or|and)$/i.test(w)));
  const colon = rest.indexOf(':');
  if (leadingInfo.vague && colon > 0) {
    for (const match of rest.slice(colon).matchAll(CLAUSE_START)) if (match[1]) words.push(match[1]);
  }
  const out: ToolSignal[] = [];
  for (const word of words.slice(0, 12)) {
    const base = baseVerb(word.toLowerCase());
    if (base === null || base === leading.base) continue;
    const info = verbInContext(base, []);
    if (!info || info.vague) continue;
    out.push({ effect: info.cls, strength: 'strong', evidence: { signal: 'description', text: word, rule: `description-verb/${info.cls}` }, verb: info, role: 'secondary' });
  }
  return out;
}

export const descriptionVerbRule: Rule = {
  id: 'description-verb',
  summary: 'The action word that opens the description or the title ("Deletes…", "Runs…", "Lists…").',
  apply(facts) {
    const signals: ToolSignal[] = [];
    const fromDescription = facts.firstSentence ? signalFor(facts.firstSentence, 'description', 'description-verb') : null;
    if (fromDescription) {
      signals.push(fromDescription);
      const leading = leadingVerb(facts.firstSentence);
      if (leading && fromDescription.verb) signals.push(...listedVerbs(facts.firstSentence, leading, fromDescription.verb));
    }
    const fromTitle = facts.title ? signalFor(facts.title, 'title', 'title-verb') : null;
    if (fromTitle) signals.push(fromTitle);
    return { signals, findings: [] };
  },
};
