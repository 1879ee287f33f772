/**
 * The one place where hostile text (anything a server or a config file said) is made safe for an
 * output. Each renderer calls the sanitiser of its medium on every such string, at the moment it
 * leaves the program; the report data itself stays raw.
 */
import stripAnsi from 'strip-ansi';
import { truncateText } from './bounded-text.js';
import { CONTROL_CHARACTERS, characterClass, INVISIBLE_CHARACTERS } from './hidden-characters.js';

/** Default bounds, in code points, ellipsis included. */
export const TERMINAL_MAX_LENGTH = 200;
export const MARKDOWN_MAX_LENGTH = 300;
export const SARIF_MAX_LENGTH = 1000;

/** Work is bounded too: input beyond this many UTF-16 units is dropped before any regex runs. */
const INPUT_BOUND = 100_000;

/** The part of a hostile string a sanitiser reads: at most INPUT_BOUND UTF-16 units of it. */
export function boundInput(text: string): string {
  return truncateText(text, INPUT_BOUND);
}

const ELLIPSIS = '…';

/** Control characters (see hidden-characters.ts), replaced by a space; with or without line feeds. */
const CONTROL_CHARS = new RegExp(characterClass(CONTROL_CHARACTERS), 'gu');
const CONTROL_CHARS_EXCEPT_NEWLINE = new RegExp(characterClass(CONTROL_CHARACTERS, '\n'), 'gu');

/** Invisible characters (see hidden-characters.ts): removed. */
const INVISIBLE_CHARS = new RegExp(characterClass(INVISIBLE_CHARACTERS), 'gu');

/** Removes bidi controls, zero-width characters, tag characters and the other invisible format characters. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE_CHARS, '');
}

/**
 * Replaces every C0/C1 control character with a space (so words they separated stay apart);
 * with `keepNewlines`, line feeds survive (a CRLF becomes a space then a line feed).
 */
export function stripControlChars(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(options.keepNewlines === true ? CONTROL_CHARS_EXCEPT_NEWLINE : CONTROL_CHARS, ' ');
}

/** Collapses every run of whitespace (Unicode included) to one space and trims the ends. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Cuts text to at most `maxLength` code points, the last being an ellipsis when anything was cut.
 * Never splits a surrogate pair.
 */
export function truncate(text: string, maxLength: number): string {
  const limit = Math.max(1, Math.floor(maxLength));
  if (text.length <= limit) return text;
  const codePoints = Array.from(text);
  if (codePoints.length <= limit) return text;
  return `${codePoints
    .slice(0, limit - 1)
    .join('')
    .trimEnd()}${ELLIPSIS}`;
}

/**
 * One line of plain text that a terminal shows as written: no escape sequences (CSI, OSC
 * hyperlinks, ...), no control characters, no bidi overrides or zero-width characters, whitespace
 * collapsed, at most `maxLength` code points.
 */
export function sanitizeForTerminal(text: string, maxLength: number = TERMINAL_MAX_LENGTH): string {
  const visible = stripInvisible(stripControlChars(stripAnsi(boundInput(text))));
  return truncate(collapseWhitespace(visible), maxLength);
}

/** Characters with a meaning in Markdown (or GitHub's extensions: strikethrough, math, mentions), escaped with a backslash. */
const MARKDOWN_SPECIALS = /[\\`*_{}[\]()#!|~$@]/g;
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text that renders literally inside a GitHub-flavoured Markdown paragraph, heading, list item or
 * table cell: terminal-sanitised (one line, nothing invisible), HTML specials turned into entities,
 * Markdown specials backslash-escaped, and the `.` of `a.b` and the `:` of `x:/` escaped so that
 * domain names and URLs are not auto-linked. It cannot open a link, an image, HTML, code, emphasis
 * or a new table cell.
 */
export function sanitizeForMarkdown(text: string, maxLength: number = MARKDOWN_MAX_LENGTH): string {
  return sanitizeForTerminal(text, maxLength)
    .replace(/[&<>]/g, (char) => HTML_ENTITIES[char] ?? char)
    .replace(MARKDOWN_SPECIALS, '\\$&')
    .replace(/\.(?=[\p{L}\p{N}])/gu, '\\.')
    .replace(/:(?=\/)/g, '\\:');
}

/**
 * Text for a SARIF message or property: no escape sequences, control or invisible characters
 * (a code-scanning alert must not hide or reorder what it quotes), one line, bounded.
 */
export function sanitizeForSarif(text: string, maxLength: number = SARIF_MAX_LENGTH): string {
  return sanitizeForTerminal(text, maxLength);
}
