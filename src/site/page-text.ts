/**
 * Which part of a hostile string a page shows: no control characters (line breaks kept where
 * asked), nothing invisible (bidi overrides, zero-width characters, tag characters: the sets of
 * hostile-text/hidden-characters.ts), whitespace tidied, the work and the length bounded. The
 * result is still raw text: the `html` tag escapes it.
 */
import { boundInput, collapseWhitespace, stripControlChars, stripInvisible, truncate } from '../hostile-text/sanitize.js';

/** Bounds, in code points, of what the site shows. */
export const TEXT_LIMITS = {
  name: 200,
  line: 300,
  excerpt: 160,
  description: 4000,
  quote: 200,
  message: 600,
} as const;

/** One line of text, at most `maxLength` code points. */
export function lineText(text: string, maxLength: number): string {
  return truncate(collapseWhitespace(stripInvisible(stripControlChars(boundInput(text)))), maxLength);
}

/** Text whose line breaks matter (a description): at most one blank line in a row, spaces tidied. */
export function blockText(text: string, maxLength: number): string {
  const visible = stripInvisible(stripControlChars(boundInput(text).replace(/\r\n?/g, '\n'), { keepNewlines: true }));
  const tidy = visible
    .split('\n')
    .map((line) => line.replace(/\s+/gu, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return truncate(tidy, maxLength);
}
