/**
 * Reading values parsed from a config file that we did not write: only own
 * properties count (never anything inherited through a prototype), and
 * nothing is assumed about a value's type before it is checked.
 */
import { truncateText } from './bounded-text.js';
import { escapeHiddenCharacters } from './hidden-characters.js';

export type UntrustedRecord = Readonly<Record<string, unknown>>;

/** A plain key/value object (including null-prototype objects), not an array or a date. */
export function isUntrustedRecord(value: unknown): value is UntrustedRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The value of an own property, or undefined. */
export function ownValue(record: UntrustedRecord, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The own record at a key, or undefined when absent or not a record. */
export function ownRecord(record: UntrustedRecord, key: string): UntrustedRecord | undefined {
  const value = ownValue(record, key);
  return isUntrustedRecord(value) ? value : undefined;
}

/** Own enumerable string-keyed entries, in file order. */
export function ownEntries(record: UntrustedRecord): [string, unknown][] {
  return Object.keys(record).map((key) => [key, record[key]]);
}

/**
 * A short, printable, quoted rendering of an untrusted string for messages: JSON-quoted, every
 * control and invisible character (hidden-characters.ts) escaped as `\uXXXX`, at most `max` UTF-16
 * units of it before the `...` that says it was cut.
 */
export function quoteUntrusted(text: string, max = 80): string {
  const shown = text.length > max ? `${truncateText(text, max)}...` : text;
  return escapeHiddenCharacters(JSON.stringify(shown));
}
