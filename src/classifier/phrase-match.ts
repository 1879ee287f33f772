/**
 * Finding phrases in a tool's own text, with the exact words quoted back as evidence and
 * negated mentions ("does not delete", "cannot be restored") told apart.
 */
import { quote } from './rule.js';

const NEGATORS = /\b(?:not|no|never|without|cannot|can['’]t|won['’]t|doesn['’]t|don['’]t|isn['’]t|non)\b[\s-]*(?:\w+[\s-]+){0,2}$/i;

export interface PhraseMatch {
  /** The words as the tool wrote them, bounded. */
  text: string;
  index: number;
}

/** First match of `pattern` in `text` that is not negated by the few words before it. */
const GLOBAL = new WeakMap<RegExp, RegExp>();

function globalOf(pattern: RegExp): RegExp {
  let global = GLOBAL.get(pattern);
  if (!global) {
    global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    GLOBAL.set(pattern, global);
  }
  return global;
}

export function findPhrase(text: string, pattern: RegExp, options: { allowNegated?: boolean } = {}): PhraseMatch | null {
  if (!pattern.test(text)) return null;
  for (const match of text.matchAll(globalOf(pattern))) {
    const index = match.index ?? 0;
    if (!options.allowNegated && isNegated(text, index)) continue;
    return { text: quote(match[0]), index };
  }
  return null;
}

export function isNegated(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 40), index);
  return NEGATORS.test(before);
}
