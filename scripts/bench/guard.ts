/**
 * What `mcp-risk guard` adds to a tool call: 10,000 sequential tools/call round trips to an allowed
 * tool of the Flowforge fixture over stdio, straight to the server and through the guard (policy
 * checked, arguments hashed, one audit line written per call), in the same run, alternating blocks
 * after a warm-up so both see the same machine state. Target: under 1 ms added at p99.
 *
 * Needs a build (the guard runs as dist/cli/main.js, as a client would start it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { median, percentile, row } from './stats.js';

const FLOWFORGE = 'test/fixtures/servers/flowforge.mjs';
const CALLS = 10_000;
const BLOCKS = 5;
const WARM_UP = 500;
const CALL = { name: 'flowforge_get_run', arguments: { runId: 'run_42' } };

export interface GuardBenchResult {
  addedMedianMs: number;
  addedP99Ms: number;
  throughputRatio: number;
  auditLines: number;
}

export interface GuardBenchOptions {
  /** How to start mcp-risk (node arguments before `guard`); default: the build. */
  cli?: string[];
  calls?: number;
}

async function connect(command: string, args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command, args, stderr: 'ignore' }));
  return client;
}

/** Round-trip times of `count` sequential calls, in ms, and the wall time of the whole block. */
async function measure(client: Client, count: number): Promise<{ times: number[]; wallMs: number }> {
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const result = await client.callTool(CALL);
    times.push(performance.now() - t0);
    if (result.isError === true) throw new Error(`the call failed: ${JSON.stringify(result.content)}`);
  }
  return { times, wallMs: performance.now() - start };
}

export async function benchGuard(options: GuardBenchOptions = {}): Promise<GuardBenchResult> {
  const calls = options.calls ?? CALLS;
  const cli = options.cli ?? ['dist/cli/main.js'];
  const dir = mkdtempSync(join(tmpdir(), 'mcp-risk-bench-guard-'));
  const policy = join(dir, 'policy.json');
  const audit = join(dir, 'audit.jsonl');
  writeFileSync(
    policy,
    JSON.stringify({ version: '1', default: 'deny', hide: ['flowforge_cancel_run'], tools: { flowforge_get_run: { action: 'allow' } } }),
  );
  const direct = await connect(process.execPath, [FLOWFORGE]);
  const guarded = await connect(process.execPath, [
    ...cli,
    'guard',
    '--policy',
    policy,
    '--audit-log',
    audit,
    '--no-tty',
    '--approvals-dir',
    join(dir, 'approvals'),
    '--',
    process.execPath,
    FLOWFORGE,
  ]);
  const ours: number[] = [];
  const bare: number[] = [];
  let oursWall = 0;
  let bareWall = 0;
  try {
    await measure(direct, WARM_UP);
    await measure(guarded, WARM_UP);
    const block = Math.ceil(calls / BLOCKS);
    for (let b = 0; b < BLOCKS; b++) {
      const d = await measure(direct, block);
      const g = await measure(guarded, block);
      bare.push(...d.times);
      ours.push(...g.times);
      bareWall += d.wallMs;
      oursWall += g.wallMs;
    }
  } finally {
    await direct.close();
    await guarded.close();
  }
  const auditLines = readFileSync(audit, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"event":"call"')).length;
  rmSync(dir, { recursive: true, force: true });

  const addedMedianMs = median(ours) - median(bare);
  const addedP99Ms = percentile(ours, 99) - percentile(bare, 99);
  const throughputRatio = ours.length / oursWall / (bare.length / bareWall);
  const ms = (value: number): string => `${value.toFixed(3)} ms`;
  console.log(
    `\n== Guard overhead: ${ours.length} sequential tools/call round trips each, Flowforge over stdio, after ${WARM_UP} warm-up calls`,
  );
  console.log(row('', 'through the guard', 'baseline: direct', 'added'));
  console.log(row('round trip, median', ms(median(ours)), ms(median(bare)), ms(addedMedianMs)));
  console.log(
    row(
      'round trip, p99',
      ms(percentile(ours, 99)),
      ms(percentile(bare, 99)),
      `${ms(addedP99Ms)} (target < 1 ms: ${addedP99Ms < 1 ? 'met' : 'NOT met'})`,
    ),
  );
  console.log(
    row(
      'throughput',
      `${((ours.length / oursWall) * 1000).toFixed(0)} calls/s`,
      `${((bare.length / bareWall) * 1000).toFixed(0)} calls/s`,
      `${throughputRatio.toFixed(2)}× of direct`,
    ),
  );
  console.log(row('audit lines written', String(auditLines), '', ''));
  return { addedMedianMs, addedP99Ms, throughputRatio, auditLines };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchGuard(process.argv.includes('--from-sources') ? { cli: ['--import', 'tsx', 'src/cli/main.ts'] } : {});
}
