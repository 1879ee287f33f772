/**
 * One crawled package of a yield run: its outcome as the issue's table counts it (what the
 * crawler saw) and its cause (failure-cause.ts, what it really was), and the tables printed.
 */
import Table from 'cli-table3';
import type { CatalogueServer } from '../../dist/catalogue/catalogue-model.js';
import type { FailureCause } from '../../dist/crawler/failure-cause.js';

export interface YieldResult {
  name: string;
  version: string | null;
  status: CatalogueServer['status'];
  outcome: string;
  tools: number;
  durationMs: number;
  error: { code: string; message: string } | null;
  cause: FailureCause | null;
}

const INSTALL_CODES = new Set(['package-not-found', 'install-failed', 'integrity-mismatch']);

/** What the crawler saw, in the issue's words. */
export function outcomeOf(record: CatalogueServer): string {
  if (record.status === 'ok') return 'ok';
  if (record.status === 'needs-config') return 'needs-config (recognised)';
  const code = record.error?.code ?? '';
  const message = record.error?.message ?? '';
  if (INSTALL_CODES.has(code)) return 'install failed';
  if (code === 'no-bin') return 'no bin';
  if (code === 'server-timeout') return 'timed out';
  if (code === 'protocol-error') return 'stdout noise / protocol error';
  if (code === 'server-exited') {
    if (/exited with code 0\b/.test(message)) return 'exited 0 at once';
    if (/was killed by/.test(message)) return 'killed by a signal';
    return 'exited non-zero';
  }
  return code.length > 0 ? code : 'failed';
}

/** The packages that installed and had something to run: the issue's denominator. */
export function runnable(results: readonly YieldResult[]): YieldResult[] {
  return results.filter((r) => r.outcome !== 'install failed' && r.outcome !== 'no bin');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)} %`;
}

function grouped<K extends string>(results: readonly YieldResult[], key: (r: YieldResult) => K): [K, YieldResult[]][] {
  const groups = new Map<K, YieldResult[]>();
  for (const result of results) groups.set(key(result), [...(groups.get(key(result)) ?? []), result]);
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
}

export function renderTables(results: readonly YieldResult[], wallMs: number): string {
  const outcomes = new Table({ head: ['outcome', 'servers', 'share', 'tools'], style: { head: [], border: [] } });
  for (const [outcome, group] of grouped(results, (r) => r.outcome)) {
    outcomes.push([outcome, group.length, percent(group.length, results.length), group.reduce((sum, r) => sum + r.tools, 0)]);
  }
  const failures = results.filter((r) => r.cause !== null);
  const causes = new Table({
    head: ['cause', 'servers', 'names found (first)', 'example (package: evidence)'],
    style: { head: [], border: [] },
    colWidths: [20, 9, 30, 90],
    wordWrap: true,
  });
  for (const [cause, group] of grouped(failures, (r) => r.cause?.cause ?? 'unknown')) {
    const first = group[0] as YieldResult;
    const named = group.find((r) => (r.cause?.names.length ?? 0) > 0)?.cause;
    const names = named ? `${named.setting !== undefined ? `${named.setting}: ` : ''}${named.names.join(', ')}` : '';
    causes.push([cause, group.length, names, `${first.name}: ${first.cause?.evidence ?? ''}`]);
  }
  const ok = results.filter((r) => r.status === 'ok');
  const runs = runnable(results);
  const runsOk = runs.filter((r) => r.status === 'ok').length;
  const unknown = failures.filter((r) => r.cause?.cause === 'unknown').length;
  const tools = ok.reduce((sum, r) => sum + r.tools, 0);
  const perServer = results.length === 0 ? 0 : results.reduce((sum, r) => sum + r.durationMs, 0) / results.length;
  return [
    outcomes.toString(),
    causes.toString(),
    `answered: ${ok.length}/${results.length} (${percent(ok.length, results.length)}); of those that install and have a runnable entry: ${runsOk}/${runs.length} (${percent(runsOk, runs.length)})`,
    `tools found: ${tools}; failures with cause "unknown": ${unknown}/${failures.length} (${percent(unknown, failures.length)})`,
    `wall time: ${(wallMs / 1000).toFixed(1)} s; time per server: ${(perServer / 1000).toFixed(1)} s (mean of each server's own duration)`,
  ].join('\n');
}
