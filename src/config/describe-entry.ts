import { shortenText } from '../hostile-text/bounded-text.js';
import { characterClass, HIDDEN_CHARACTERS } from '../hostile-text/hidden-characters.js';
import { REDACTED, redactArgs, redactFreeText, redactUrl } from './redact-secrets.js';
import type { ServerEntry } from './server-entry.js';

/** Descriptions are cut to this many characters. */
export const MAX_DESCRIPTION_CHARS = 300;
/** At most this many env or header names are listed. */
const MAX_NAMES_SHOWN = 6;
/** Known secret values at least this long are searched for and hidden wherever they appear. */
const MIN_SECRET_VALUE_CHARS = 6;

/**
 * A one-line description of an entry for people, free of secrets:
 * `npx -y @x/server --token *** (env: API_KEY=***)` or
 * `https://host/mcp?key=*** (headers: Authorization=***)`.
 * Env and header values never appear (their names may); secret-looking args,
 * URL user info, query values and fragments are replaced by ***. Control
 * and invisible characters are shown as `?`, and the line is cut at MAX_DESCRIPTION_CHARS.
 */
export function describeEntry(entry: ServerEntry): string {
  const main =
    entry.transport === 'stdio'
      ? [entry.command ?? '', ...redactArgs(entry.args ?? [])]
          .map((word, index) => quoteWord(index === 0 ? redactFreeText(word) : word))
          .join(' ')
      : redactUrl(entry.url ?? '');
  const notes: string[] = [];
  const envNames = Object.keys(entry.env ?? {});
  if (envNames.length > 0) notes.push(`env: ${listNames(envNames)}`);
  const headerNames = Object.keys(entry.headers ?? {});
  if (headerNames.length > 0) notes.push(`headers: ${listNames(headerNames)}`);
  const line = notes.length > 0 ? `${main} (${notes.join('; ')})` : main;
  return cut(printable(hideKnownValues(line, entry)));
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES_SHOWN).map((name) => `${redactFreeText(name)}=${REDACTED}`);
  if (names.length > MAX_NAMES_SHOWN) shown.push(`+${names.length - MAX_NAMES_SHOWN} more`);
  return shown.join(', ');
}

/** Quotes a word that would otherwise read as several (or as nothing). */
function quoteWord(word: string): string {
  if (word === '') return "''";
  return /[\s"'\\]/.test(word) ? JSON.stringify(word) : word;
}

/** A last guard: the entry's own env and header values (and the token of a `Bearer x` header) never appear, wherever an arg repeats them. */
function hideKnownValues(line: string, entry: ServerEntry): string {
  const secrets = new Set<string>();
  for (const value of [...Object.values(entry.env ?? {}), ...Object.values(entry.headers ?? {})]) {
    secrets.add(value);
    const scheme = /^\s*\S+\s+(\S.*)$/.exec(value);
    if (scheme?.[1] !== undefined) secrets.add(scheme[1]);
  }
  let result = line;
  for (const secret of [...secrets].filter((s) => s.trim().length >= MIN_SECRET_VALUE_CHARS).sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join(REDACTED);
    const quoted = JSON.stringify(secret).slice(1, -1);
    if (quoted !== secret) result = result.split(quoted).join(REDACTED);
  }
  return result;
}

/** Control and invisible characters (hidden-characters.ts), and the line and paragraph separators. */
const UNPRINTABLE = new RegExp(characterClass([...HIDDEN_CHARACTERS, [0x2028, 0x2029]]), 'gu');

function printable(text: string): string {
  return text.replace(UNPRINTABLE, '?');
}

function cut(text: string): string {
  return shortenText(text, MAX_DESCRIPTION_CHARS);
}
