/** Why a JSON value is too big to keep, or null when it fits. */
export type JsonExcess = 'size' | 'depth' | null;

export interface JsonMeasure {
  /** Approximate length of the value serialised as JSON; counting stops once over the limit. */
  bytes: number;
  excess: JsonExcess;
  /** Levels of nesting seen (an object or array is one level); counting stops with `bytes`. */
  depth: number;
}

/**
 * Measures a JSON value (as parsed from a server message) without
 * serialising it and without recursion, so neither a huge nor a deeply
 * nested value can cost more than `maxBytes` of work or blow the stack.
 * String lengths are counted in UTF-16 units, close enough for a bound.
 */
export function measureJson(value: unknown, maxBytes: number, maxDepth: number): JsonMeasure {
  let bytes = 0;
  let depth = 0;
  // Two parallel stacks (value, its depth) rather than an object per value: no allocation per value.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const current = values.pop();
    const level = depths.pop() as number;
    if (typeof current === 'string') {
      bytes += current.length + 2;
    } else if (typeof current === 'number' || typeof current === 'boolean') {
      bytes += String(current).length;
    } else if (current === null || current === undefined) {
      bytes += 4;
    } else if (typeof current === 'object') {
      if (level >= maxDepth) return { bytes, excess: 'depth', depth: level + 1 };
      if (level + 1 > depth) depth = level + 1;
      if (Array.isArray(current)) {
        bytes += 2 + Math.max(0, current.length - 1);
        for (let index = 0; index < current.length; index += 1) {
          values.push(current[index]);
          depths.push(level + 1);
        }
      } else {
        const keys = Object.keys(current);
        bytes += 2 + Math.max(0, keys.length - 1);
        for (const key of keys) {
          bytes += key.length + 3;
          values.push((current as Record<string, unknown>)[key]);
          depths.push(level + 1);
        }
      }
    }
    if (bytes > maxBytes) return { bytes, excess: 'size', depth };
  }
  return { bytes, excess: null, depth };
}

/** A short description of a value's JSON type, for warnings: `number`, `array`, `null`, ... */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
