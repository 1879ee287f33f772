/**
 * Rule family: the action word that opens the description (the title's is read the same way,
 * by title-verb.ts).
 *
 * "Deletes a branch…", "Use this tool to run…", "Retrieves…": the first verb of the first
 * sentence, after a lead-in such as "This tool allows you to". A word that is also a common
 * noun ("search", "message") only counts as the very first word.
 */
import type { Signal } from '../../model.js';
import { ruleEvidence, type Rule, type ToolSignal } from '../rule.js';
import { proseWords } from '../tokenize.js';
import { baseVerb, NOUN_LIKE_VERBS, verbInContext, type VerbInfo } from '../verbs.js';

const LEAD_IN =
  /^(?:\s*(?:this|the)\s+(?:tool|function|endpoint|method|command|operation|action)\s+(?:is\s+used\s+to|can\s+be\s+used\s+to|allows\s+(?:you|users?|the\s+\w+)\s+to|lets\s+(?:you|users?)|helps\s+(?:you\s+)?(?:to\s+)?|will|can|is\s+for|is\s+able\s+to|enables\s+(?:you\s+)?to|should\s+be\s+used\s+to)?|\s*use\s+(?:this|it)(?:\s+tool)?\s+to|\s*(?:a\s+)?tool\s+(?:to|for|that)|\s*used\s+to|\s*allows\s+(?:you|users?|the\s+\w+)\s+to|\s*lets\s+(?:you|users?)|\s*helps\s+(?:you\s+)?(?:to\s+)?|\s*can\s+be\s+used\s+to|\s*you\s+can|\s*call\s+this\s+to|\s*(?:please\s+)?(?:quickly|easily|safely|simply|directly|automatically)|\s*\[[^\]]{0,40}\]|\s*\([^)]{0,40}\))\s*/i;
/** An upper-case heading such as "IMPORTANT:" or "START HERE -" before the sentence. */
const HEADING = /^\s*[A-Z][A-Z0-9 _]{1,30}(?::|\s-)\s*/;

const ARTICLES = new Set(['a', 'an', 'the']);
const SKIPPABLE = new Set(['please', 'quickly', 'easily', 'safely', 'simply', 'directly', 'automatically', 'also', 'then', 'will', 'to']);

/** Words that follow a verb used as a command ("Update the item", "Post a message", "Set it"). */
const AFTER_COMMAND = new Set([
  'a',
  'an',
  'the',
  'one',
  'all',
  'any',
  'each',
  'every',
  'multiple',
  'many',
  'several',
  'new',
  'existing',
  'specific',
  'your',
  'my',
  'this',
  'that',
  'these',
  'those',
  'its',
  'their',
  'his',
  'her',
  'it',
  'them',
  'current',
  'selected',
  'given',
  'specified',
  'provided',
  'properties',
  'up',
  'or',
  'and',
  'to',
  'from',
  'for',
  'into',
  'on',
  'in',
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

/** "Labels: List", "Stories: Create a story": a short resource heading before the verb. */
const RESOURCE_HEADING = /^\s*[A-Za-z][\w .-]{0,30}:\s+(?=[A-Za-z])/;

function stripResourceHeading(text: string): string {
  const colon = text.indexOf(':');
  if (colon < 0 || colon > 40) return text;
  const heading = RESOURCE_HEADING.exec(text);
  if (!heading) return text;
  // "Manage branches: list, create…" is a sentence, not a heading; "Labels:" (a plural noun) is one.
  const opening = proseWords(heading[0])[0];
  if (opening === undefined) return text;
  const openingBase = baseVerb(opening);
  if (openingBase !== null && !(NOUN_LIKE_VERBS.has(openingBase) && opening !== openingBase)) return text;
  const rest = text.slice(heading[0].length);
  const first = proseWords(rest)[0];
  return first !== undefined && baseVerb(first) !== null ? rest : text;
}

/** "Spell-check a query", "Re-run the job", "Bulk-delete items": the verb ends a hyphenated opening word. */
const HYPHENATED_OPENING = /^(\s*)([A-Za-z]+)-(?=[A-Za-z]+\s+[A-Za-z])/;

function stripHyphenatedModifier(text: string): string {
  const hyphen = text.indexOf('-');
  if (hyphen < 0 || hyphen > 30) return text;
  const match = HYPHENATED_OPENING.exec(text);
  if (!match || baseVerb((match[2] ?? '').toLowerCase()) !== null) return text;
  return (match[1] ?? '') + text.slice(match[0].length);
}

const WORD_CHAR = /[a-z0-9]/i;

/** Where `word` (lower case) stands as a whole word in `text`, case-insensitively, or -1. */
function wordIndex(text: string, lower: string, word: string): number {
  let from = 0;
  for (;;) {
    const index = lower.indexOf(word, from);
    if (index < 0) return -1;
    const before = index === 0 ? '' : (text[index - 1] ?? '');
    const after = text[index + word.length] ?? '';
    if (!WORD_CHAR.test(before) && !WORD_CHAR.test(after)) return index;
    from = index + 1;
  }
}

export function leadingVerb(text: string): LeadingVerb | null {
  const rest = stripHyphenatedModifier(stripResourceHeading(stripLeadIn(text)));
  const all = proseWords(rest.slice(0, 200));
  const words = all.slice(0, 4);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (SKIPPABLE.has(word)) continue;
    // "Activate an installed plugin": a word after an article is an adjective or a noun, not the verb.
    if (i > 0 && ARTICLES.has(words[i - 1] ?? '')) continue;
    const base = baseVerb(word);
    if (base !== null && (i === 0 || !NOUN_LIKE_VERBS.has(base))) {
      // Quote the word as the tool wrote it ("Deletes", not "deletes").
      const index = wordIndex(rest, rest.toLowerCase(), word);
      const original = index < 0 ? word : rest.slice(index, index + word.length);
      const following = all.slice(i + 1, i + 6);
      const inflected = word !== base;
      const afterWord = index >= 0 && /^\s*[,;:/(]/.test(rest.slice(index + word.length, index + word.length + 8));
      const imperative = inflected || afterWord || AFTER_COMMAND.has(following[0] ?? '');
      return { word: original, base, following, imperative };
    }
    if (i === 0 && base === null && /^(?:a|an|the)$/.test(word)) return null;
  }
  return null;
}

/** The signal of a leading verb, as evidence of `rule` (this one, or the title's). */
export function leadingVerbSignal(verb: LeadingVerb | null, signal: Signal, rule: Pick<Rule, 'id'>): ToolSignal | null {
  if (!verb) return null;
  const info = verbInContext(verb.base, verb.following);
  if (!info) return null;
  const evidence = ruleEvidence(rule, info.cls, signal, verb.word);
  // "Log label exploration", "Message history of…": a word that is also a noun opens many
  // descriptions; as a plain change it only tips a balance. Run, trigger, charge stay strong.
  const weak = info.vague === true || (NOUN_LIKE_VERBS.has(verb.base) && info.cls === 'write' && !verb.imperative);
  return { effect: info.cls, strength: weak ? 'weak' : 'strong', evidence, verb: info, role: 'primary' };
}

const ENUMERATION = /^\s*([A-Za-z]+)((?:\s*(?:,\s*(?:or|and)\b|,|\/|\bor\b|\band\b|&)\s*[A-Za-z]+){1,6})/;
const CLAUSE_START = /(?:^|[:;,]|\bor\b|\band\b)\s*(?:(?:or|and)\s+)?([A-Za-z]+)/g;

/**
 * More verbs of the same sentence, when the description lists actions: "List, create, close, or
 * select a tab", "Read or replace the clipboard", "Manage branches: list, create, delete…".
 */
function listedVerbs(text: string, leading: LeadingVerb, leadingInfo: VerbInfo): ToolSignal[] {
  // "Find (semantic search), inspect (view its schema) and dynamically invoke": asides and adverbs
  // between listed verbs do not end the list.
  const rest = stripLeadIn(text)
    .replace(/\s*\([^)]{0,80}\)/g, '')
    .replace(/\b([a-z]+ly)\s+(?=[a-z])/gi, (all, word: string) => (baseVerb(word.toLowerCase()) === null ? '' : all));
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
    out.push({
      effect: info.cls,
      strength: 'strong',
      evidence: ruleEvidence(descriptionVerbRule, info.cls, 'description', word),
      verb: info,
      role: 'secondary',
    });
  }
  return out;
}

/**
 * "Report a whole run in one call: creates the run, records every result, and completes it": after a
 * colon, clauses opening with a third-person verb say what the tool does. Only unambiguous verbs
 * count ("creates", not "records" or "labels", which are also plural nouns).
 */
const CLAUSE_WITH_OBJECT = /(?:[:;,]|\bor\b|\band\b)\s*(?:(?:or|and)\s+)?([A-Za-z]+)\s+([A-Za-z]+)/g;
const DETERMINERS = new Set([
  'a',
  'an',
  'the',
  'every',
  'each',
  'all',
  'any',
  'its',
  'their',
  'it',
  'them',
  'this',
  'that',
  'these',
  'those',
  'one',
  'new',
  'your',
]);

function colonClauseVerbs(text: string, leading: LeadingVerb | null): ToolSignal[] {
  const colon = text.indexOf(':');
  if (colon < 0) return [];
  const out: ToolSignal[] = [];
  for (const match of text.slice(colon).matchAll(CLAUSE_WITH_OBJECT)) {
    const word = match[1] ?? '';
    const lower = word.toLowerCase();
    // "creates the run", "completes it" (a verb before its object), not "opens, clicks" (counted things).
    if (!lower.endsWith('s') || lower.endsWith('ss') || !DETERMINERS.has((match[2] ?? '').toLowerCase())) continue;
    const base = baseVerb(lower);
    if (base === null || base === lower || base === leading?.base || NOUN_LIKE_VERBS.has(base)) continue;
    const info = verbInContext(base, []);
    if (!info || info.vague || out.some((s) => s.verb === info)) continue;
    out.push({
      effect: info.cls,
      strength: 'strong',
      evidence: ruleEvidence(descriptionVerbRule, info.cls, 'description', word),
      verb: info,
      role: 'secondary',
    });
    if (out.length >= 4) break;
  }
  return out;
}

export const descriptionVerbRule: Rule = {
  id: 'description-verb',
  summary: 'The action word that opens the description ("Deletes…", "Runs…", "Lists…"), and the actions it lists after it.',
  apply(facts) {
    const signals: ToolSignal[] = [];
    const leading = facts.firstSentence ? leadingVerb(facts.firstSentence) : null;
    const fromDescription = leadingVerbSignal(leading, 'description', descriptionVerbRule);
    if (fromDescription) {
      signals.push(fromDescription);
      if (leading && fromDescription.verb) signals.push(...listedVerbs(facts.firstSentence, leading, fromDescription.verb));
    }
    if (facts.firstSentence) signals.push(...colonClauseVerbs(facts.firstSentence, leading));
    return { signals, findings: [] };
  },
};
