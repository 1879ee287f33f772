/**
 * Wall time of `mcp-risk scan` of @modelcontextprotocol/server-filesystem against a bare SDK
 * client that only lists its tools (target: ≤ 1.2× the bare client, medians of 7 runs each,
 * alternated so both see the same machine state). Both are whole processes, started cold.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, row } from './stats.js';

const RUNS = 7;

function timeRun(args: string[]): number {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 300)}`);
  return ms;
}

export function benchScan(): { ratio: number } {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-risk-bench-'));
  const server = [process.execPath, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', dir];
  const ours: number[] = [];
  const bare: number[] = [];
  try {
    timeRun(['scripts/bench/bare-list-tools.mjs', ...server]);
    for (let i = 0; i < RUNS; i++) {
      bare.push(timeRun(['scripts/bench/bare-list-tools.mjs', ...server]));
      ours.push(timeRun(['dist/cli/main.js', 'scan', '--format', 'json', '--', ...server]));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ratio = median(ours) / median(bare);
  console.log(`\n== Scan wall time: server-filesystem over stdio, median of ${RUNS} alternating runs (whole processes)`);
  console.log(row('', 'mcp-risk scan', 'baseline: bare SDK list', ''));
  console.log(
    row(
      'wall time',
      `${median(ours).toFixed(0)} ms`,
      `${median(bare).toFixed(0)} ms`,
      `${ratio.toFixed(2)}× (target ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'NOT met'})`,
    ),
  );
  return { ratio };
}
