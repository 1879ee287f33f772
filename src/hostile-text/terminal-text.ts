import stripAnsi from 'strip-ansi';
import { shortenText } from './bounded-text.js';
import { characterClass, HIDDEN_CHARACTERS } from './hidden-characters.js';
import { boundInput } from './sanitize.js';

// Control characters except tab and newline, and every invisible one (hidden-characters.ts).
const UNSAFE_CHARACTERS = new RegExp(characterClass(HIDDEN_CHARACTERS, '\t\n'), 'gu');

/**
 * Text a server wrote, made safe to put in one of our own messages: ANSI
 * sequences, control characters and invisible ones (zero-width, bidi, tag characters) removed,
 * newlines and tabs kept.
 */
export function sanitizeTerminalText(text: string): string {
  return stripAnsi(boundInput(text).replace(/\r\n?/g, '\n')).replace(UNSAFE_CHARACTERS, '');
}

/** Sanitised, on one line, at most `maxLength` characters. */
export function excerptLine(text: string, maxLength = 200): string {
  const line = sanitizeTerminalText(text).replace(/\s+/g, ' ').trim();
  return shortenText(line, maxLength);
}
