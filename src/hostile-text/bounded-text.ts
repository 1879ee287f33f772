/**
 * Bounding text by its length in UTF-16 units (`string.length`), as stored, sent and logged.
 * sanitize.ts's `truncate` bounds text by code points instead, for what a person reads on a
 * terminal, a page or in a policy; it also tidies the cut (`…`, no trailing space). Both are
 * needed: a bound on storage and work must cost no more than `length`, and a bound on what is
 * shown must not count a character twice.
 */
import { escapeHiddenCharacters } from './hidden-characters.js';

/** `text` cut to at most `maxLength` UTF-16 units, never in the middle of a surrogate pair. */
export function truncateText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** `text` in at most `maxLength` UTF-16 units, the last ones `marker` when anything was cut. */
export function shortenText(text: string, maxLength: number, marker = '...'): string {
  return text.length > maxLength ? `${truncateText(text, maxLength - marker.length)}${marker}` : text;
}

/** A name as quoted in a warning: JSON-quoted (control and invisible characters escaped), shortened. */
export function quoteForWarning(text: string, maxLength = 80): string {
  return escapeHiddenCharacters(JSON.stringify(shortenText(text, maxLength)));
}
