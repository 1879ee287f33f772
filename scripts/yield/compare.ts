/**
 * Two yield runs side by side (`npm run yield -- --compare <before.json> <after.json>`): servers per
 * outcome and per cause in each, and the packages of both samples whose outcome or cause changed.
 */
import { readFileSync } from 'node:fs';
import Table from 'cli-table3';
import type { YieldResult } from './outcome.js';

interface YieldRun {
  seed: number;
  n: number;
  wallMs: number;
  results: YieldResult[];
}

function readRun(path: string): YieldRun {
  return JSON.parse(readFileSync(path, 'utf8')) as YieldRun;
}

function counts(results: readonly YieldResult[], key: (r: YieldResult) => string): Map<string, number> {
  const map = new Map<string, number>();
  for (const result of results) map.set(key(result), (map.get(key(result)) ?? 0) + 1);
  return map;
}

const causeOf = (r: YieldResult): string => r.cause?.cause ?? r.outcome;

export function compareRuns(beforePath: string, afterPath: string): string {
  const before = readRun(beforePath);
  const after = readRun(afterPath);
  const table = new Table({ head: ['', 'before', 'after'], style: { head: [], border: [] } });
  table.push(['seed, n', `${before.seed}, ${before.n}`, `${after.seed}, ${after.n}`]);
  table.push(['wall time', `${(before.wallMs / 1000).toFixed(1)} s`, `${(after.wallMs / 1000).toFixed(1)} s`]);
  for (const [title, key] of [
    ['outcome', (r: YieldResult) => r.outcome],
    ['cause', causeOf],
  ] as const) {
    const [b, a] = [counts(before.results, key), counts(after.results, key)];
    for (const name of new Set([...b.keys(), ...a.keys()])) table.push([`${title}: ${name}`, b.get(name) ?? 0, a.get(name) ?? 0]);
  }
  const tools = (run: YieldRun): number => run.results.reduce((sum, r) => sum + r.tools, 0);
  table.push(['tools', tools(before), tools(after)]);
  const earlier = new Map(before.results.map((r) => [r.name, r]));
  const changed = after.results
    .filter((r) => earlier.has(r.name) && causeOf(earlier.get(r.name) as YieldResult) !== causeOf(r))
    .map((r) => `  ${r.name}: ${causeOf(earlier.get(r.name) as YieldResult)} -> ${causeOf(r)}`);
  return `${table.toString()}\n${changed.length} package(s) of both samples changed${changed.length > 0 ? `:\n${changed.join('\n')}` : ''}`;
}
