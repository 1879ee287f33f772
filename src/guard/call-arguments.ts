/**
 * What the audit log and an approval may say about a call's arguments without keeping them: the
 * top-level keys (bounded) and a sha256 of their canonical JSON (keys sorted at every level, no
 * spaces), so two identical calls have the same hash whatever order their keys came in.
 */
import { createHash } from 'node:crypto';
import { shortenText } from '../hostile-text/bounded-text.js';

export const MAX_ARGUMENT_KEYS = 64;
export const MAX_ARGUMENT_KEY_CHARS = 100;
/** Deeper than this, the arguments get no hash (their keys are still listed). */
const MAX_CANONICAL_DEPTH = 200;

export interface ArgumentSummary {
  keys: string[];
  /** Hex sha256 of the canonical JSON of the arguments (`{}` when there are none); null when they cannot be canonicalised. */
  sha256: string | null;
}

export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_CANONICAL_DEPTH) throw new RangeError('arguments nest too deeply');
  if (value === null || typeof value !== 'object') {
    // JSON.stringify of a scalar from parsed JSON is already canonical; undefined becomes null.
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(item, depth + 1)}`);
  }
  return `{${parts.join(',')}}`;
}

export function summarizeArguments(args: unknown): ArgumentSummary {
  const value = args ?? {};
  const keys =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.keys(value)
          .slice(0, MAX_ARGUMENT_KEYS)
          .map((key) => shortenText(key, MAX_ARGUMENT_KEY_CHARS, '…'))
      : [];
  let sha256: string | null;
  try {
    sha256 = createHash('sha256').update(canonicalJson(value)).digest('hex');
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    sha256 = null;
  }
  return { keys, sha256 };
}

/** The arguments as JSON for a person deciding an approval, cut to `maxChars`. */
export function previewArguments(args: unknown, maxChars: number): string {
  let text: string;
  try {
    text = JSON.stringify(args ?? {}, null, 2) ?? '{}';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    text = '(arguments nest too deeply to show)';
  }
  return shortenText(text, maxChars, '…');
}
