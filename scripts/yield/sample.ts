/**
 * The candidate list (a TSV whose first column is an npm package name, with a header line) and a
 * seeded random sample of it: the same seed and size give the same names, in the same order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { seeded } from '../bench/realistic-tools.js';

/** The package names of the list, in order, without duplicates. */
export function readCandidates(path: string): string[] {
  const names = new Set<string>();
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).slice(1);
  for (const line of lines) {
    const name = (line.split('\t')[0] ?? '').trim();
    if (name.length > 0 && !name.startsWith('#')) names.add(name);
  }
  return [...names];
}

export function candidatesExist(path: string): boolean {
  return existsSync(path);
}

/** `n` names drawn without replacement (a partial Fisher–Yates shuffle driven by the seed). */
export function sampleNames(names: readonly string[], n: number, seed: number): string[] {
  const pool = [...names];
  const random = seeded(seed); // mulberry32: the same seed, the same sequence
  const count = Math.min(n, pool.length);
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool.slice(0, count);
}
