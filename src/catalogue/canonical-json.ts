/**
 * Canonical JSON: the same value always gives the same text, whatever the order its keys were
 * listed in. Keys are sorted in code-unit order at every level; everything else is as
 * JSON.stringify writes it (undefined members dropped, undefined array items and non-finite
 * numbers as null, -0 as 0, bigint and other non-JSON values dropped). For hashing definitions a server sent: plain data only.
 */
import { InputError } from '../errors.js';

/** Deeper than this is refused rather than risking the stack (the scanner already cuts schemas at 128). */
const MAX_DEPTH = 512;

export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  if (!write(value, 0, out)) out.push('null');
  return out.join('');
}

/** Appends the canonical text of `value`; false when it has none (undefined, a function, a symbol). */
function write(value: unknown, depth: number, out: string[]): boolean {
  if (depth > MAX_DEPTH) throw new InputError('input-invalid', `a definition is nested deeper than ${MAX_DEPTH} levels`);
  if (value === null) {
    out.push('null');
  } else if (typeof value === 'string') {
    out.push(JSON.stringify(value));
  } else if (typeof value === 'number') {
    out.push(Number.isFinite(value) ? JSON.stringify(value) : 'null');
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item: unknown, index) => {
      if (index > 0) out.push(',');
      if (!write(item, depth + 1, out)) out.push('null');
    });
    out.push(']');
  } else if (typeof value === 'object') {
    writeObject(value as Record<string, unknown>, depth, out);
  } else {
    return false;
  }
  return true;
}

function writeObject(value: Record<string, unknown>, depth: number, out: string[]): void {
  out.push('{');
  let first = true;
  for (const key of Object.keys(value).sort(compareKeys)) {
    const member = value[key];
    if (!hasJsonText(member)) continue;
    out.push(first ? '' : ',', JSON.stringify(key), ':');
    first = false;
    write(member, depth + 1, out);
  }
  out.push('}');
}

function hasJsonText(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'object';
}

function compareKeys(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
