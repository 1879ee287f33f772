/**
 * The one definition of the characters a person does not see but a terminal acts on or a model
 * reads: control characters (terminal escape introducers among them) and invisible format
 * characters (zero-width, bidirectional controls, tag characters). Every sanitiser
 * (sanitize.ts, terminal-text.ts, the site's page-text.ts), `quoteUntrusted`, the config checks
 * and the classifier's hidden-content rule (through inspect-definition.ts) build their patterns
 * from these sets; only what each does with a match (replace it by a space, remove it, escape it
 * as `\uXXXX`, report it) differs.
 */

/** An inclusive range of code points. */
export type CodePointRange = readonly [first: number, last: number];

/**
 * C0 controls (U+0000–U+001F), DEL and C1 controls (U+007F–U+009F). The introducers of every
 * terminal escape sequence are among them: ESC (U+001B, before `[` a CSI, before `]` an OSC,
 * before `P`, `X`, `^` or `_` a DCS, SOS, PM or APC) and their one-character C1 forms
 * (U+0090, U+0098, U+009B, U+009D, U+009E, U+009F). Tab, line feed and carriage return are in
 * the set too: whoever keeps line breaks says so (see LAYOUT_CONTROLS).
 */
export const CONTROL_CHARACTERS: readonly CodePointRange[] = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
];

/** The control characters that lay text out rather than hide or command anything: tab, line feed, carriage return. */
export const LAYOUT_CONTROLS = '\t\n\r';

/**
 * Characters that change how text looks, or what a model reads, without being seen: soft hyphen,
 * Arabic letter mark, Mongolian vowel separator, zero-width space and joiners and the directional
 * marks (U+200B–U+200F), bidi embeddings and overrides (U+202A–U+202E), word joiner and invisible
 * operators (U+2060–U+2064), bidi isolates and the deprecated format controls (U+2066–U+206F), the
 * byte-order mark (zero-width no-break space), the interlinear annotation controls (U+FFF9–U+FFFB)
 * and the Unicode tag characters (U+E0000–U+E007F, used to smuggle invisible ASCII into prompts).
 */
export const INVISIBLE_CHARACTERS: readonly CodePointRange[] = [
  [0x00ad, 0x00ad],
  [0x061c, 0x061c],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0xfeff, 0xfeff],
  [0xfff9, 0xfffb],
  [0xe0000, 0xe007f],
];

/** Every hidden character: the control and the invisible sets together. */
export const HIDDEN_CHARACTERS: readonly CodePointRange[] = [...CONTROL_CHARACTERS, ...INVISIBLE_CHARACTERS];

const escapeCodePoint = (codePoint: number): string => `\\u{${codePoint.toString(16)}}`;

/**
 * The source of a regex character class (for a RegExp with the `u` flag) matching one character
 * of `ranges`, except the characters of `except` (e.g. LAYOUT_CONTROLS, or '\n').
 */
export function characterClass(ranges: readonly CodePointRange[], except = ''): string {
  const excluded = Array.from(except, (char) => char.codePointAt(0) as number).sort((a, b) => a - b);
  const parts: string[] = [];
  const add = (first: number, last: number): void => {
    if (first > last) return;
    parts.push(first === last ? escapeCodePoint(first) : `${escapeCodePoint(first)}-${escapeCodePoint(last)}`);
  };
  for (const [first, last] of ranges) {
    let start = first;
    for (const codePoint of excluded) {
      if (codePoint < start || codePoint > last) continue;
      add(start, codePoint - 1);
      start = codePoint + 1;
    }
    add(start, last);
  }
  return `[${parts.join('')}]`;
}

export type HiddenCharacterKind = 'escape' | 'invisible';

/** The escape kind: control characters other than tab, line feed and carriage return (ESC and the C1 introducers among them). */
const ESCAPES = new RegExp(characterClass(CONTROL_CHARACTERS, LAYOUT_CONTROLS), 'u');
const INVISIBLE = new RegExp(characterClass(INVISIBLE_CHARACTERS), 'u');

// Either kind, in one scan: most texts hold neither.
const EITHER = new RegExp(characterClass(HIDDEN_CHARACTERS, LAYOUT_CONTROLS), 'u');

/**
 * Which kind of hidden characters `text` holds (escape and control characters first), or null.
 * Used by the classifier's hidden-content rule and by the scanner's pass over a definition it has
 * to cut (see inspect-definition.ts).
 */
export function findHiddenCharacters(text: string): HiddenCharacterKind | null {
  if (!EITHER.test(text)) return null;
  if (ESCAPES.test(text)) return 'escape';
  if (INVISIBLE.test(text)) return 'invisible';
  return null;
}

const HIDDEN = new RegExp(characterClass(HIDDEN_CHARACTERS), 'gu');

/**
 * Every hidden character written as its `\uXXXX` escape (a tag character as its two surrogates'),
 * the rest of `text` as it is: for text already inside JSON quotes, which reads the same after.
 */
export function escapeHiddenCharacters(text: string): string {
  return text.replace(HIDDEN, (char) =>
    Array.from({ length: char.length }, (_, index) => `\\u${char.charCodeAt(index).toString(16).padStart(4, '0')}`).join(''),
  );
}
