/**
 * Characters a person does not see but a model reads: terminal escape sequences and control
 * characters, zero-width, bidirectional-override and tag characters. Used by the classifier's
 * hidden-content rule and by the scanner's pass over a definition it has to cut.
 */

export type HiddenCharacterKind = 'escape' | 'invisible';

const ESCAPES = /\u001b[[\]PX^_]?|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/u;

// Either kind, in one scan: most texts hold neither.
const EITHER = new RegExp(`${ESCAPES.source}|${INVISIBLE.source}`, 'u');

/** Which kind of hidden characters `text` holds (escape and control characters first), or null. */
export function findHiddenCharacters(text: string): HiddenCharacterKind | null {
  if (!EITHER.test(text)) return null;
  if (ESCAPES.test(text)) return 'escape';
  if (INVISIBLE.test(text)) return 'invisible';
  return null;
}
