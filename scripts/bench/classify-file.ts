/**
 * `classify` of a catalogue dump as a whole process: 35,000 realistic tool definitions as JSON
 * Lines (~97 MB, generated here, deterministic, deleted afterwards), classified to JSON on a pipe
 * that this process drains — beside a bare node process that only reads and parses the same lines.
 * Target: the time beyond the bare parse ≤ 0.35 s (≥ 100,000 tools/s). CPU time and peak RSS of both
 * processes (CPU time says more than wall time on a shared machine), and peak RSS of `classify` on a
 * tenth of the tools, to show memory flat in the number of lines.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { realisticToolLines } from './realistic-tools.js';
import { median, row } from './stats.js';

const COUNT = 35_000;
const ROUNDS = 3;
const BIN = resolve(process.cwd(), 'dist', 'cli', 'main.js');
const BARE = resolve(process.cwd(), 'scripts', 'bench', 'bare-parse-lines.mjs');
const PEAK_RSS = resolve(process.cwd(), 'scripts', 'bench', 'peak-rss.mjs');

interface ProcessRun {
  ms: number;
  cpuMs: number;
  peakRss: number;
  stdoutBytes: number;
}

async function writeLines(path: string, count: number): Promise<number> {
  const out = createWriteStream(path);
  for (const piece of realisticToolLines(count)) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'close');
  return (await stat(path)).size;
}

/** Runs node with the peak-RSS preload; stdout is drained and counted; wall time from spawn to exit. */
async function timeProcess(args: readonly string[], rssFile: string, env: Record<string, string> = {}): Promise<ProcessRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', PEAK_RSS, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, MCP_RISK_BENCH_RSS_FILE: rssFile },
  });
  let stdoutBytes = 0;
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => void (stdoutBytes += data.length));
  child.stderr.on('data', (data: Buffer) => void (stderr += data.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`);
  const usage = JSON.parse(await readFile(rssFile, 'utf8')) as { peakRss: number; cpuMs: number };
  return { ms, cpuMs: usage.cpuMs, peakRss: usage.peakRss, stdoutBytes };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

export async function benchClassifyFile(): Promise<{ beyondMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-risk-bench-classify-'));
  try {
    const input = join(dir, 'tools.jsonl');
    const small = join(dir, 'tools-tenth.jsonl');
    const bytes = await writeLines(input, COUNT);
    await writeLines(small, COUNT / 10);
    const rss = join(dir, 'rss');
    const ours: ProcessRun[] = [];
    const bare: ProcessRun[] = [];
    const threaded: ProcessRun[] = [];
    const workers = String(Math.max(2, availableParallelism() - 1));
    await timeProcess([BARE, input], rss);
    for (let r = 0; r < ROUNDS; r++) {
      bare.push(await timeProcess([BARE, input], rss));
      ours.push(await timeProcess([BIN, 'classify', '--format', 'json', input], rss));
      threaded.push(await timeProcess([BIN, 'classify', '--format', 'json', input], rss, { MCP_RISK_WORKERS: workers }));
    }
    const tenth = await timeProcess([BIN, 'classify', '--format', 'json', small], rss);
    const bareTenth = await timeProcess([BARE, small], rss);
    const oursMs = median(ours.map((run) => run.ms));
    const bareMs = median(bare.map((run) => run.ms));
    const beyondMs = oursMs - bareMs;
    const oursCpu = median(ours.map((run) => run.cpuMs));
    const bareCpu = median(bare.map((run) => run.cpuMs));
    const rate = beyondMs > 0 ? Math.round((COUNT / beyondMs) * 1000).toLocaleString('en') : '∞';
    console.log(
      `\n== classify of ${COUNT.toLocaleString('en')} realistic tool definitions as JSON Lines (${mb(bytes)}), whole processes, median of ${ROUNDS}`,
    );
    console.log(row('', 'mcp-risk classify', 'bare node: read + parse', ''));
    console.log(row('wall time', `${(oursMs / 1000).toFixed(2)} s`, `${(bareMs / 1000).toFixed(2)} s`, ''));
    console.log(
      row(
        'CPU time (user + system)',
        `${(oursCpu / 1000).toFixed(2)} s`,
        `${(bareCpu / 1000).toFixed(2)} s`,
        `beyond the parse: ${((oursCpu - bareCpu) / 1000).toFixed(2)} s`,
      ),
    );
    console.log(
      row(
        'time beyond the bare parse',
        `${(beyondMs / 1000).toFixed(2)} s`,
        '',
        beyondMs <= 350 ? 'target ≤ 0.35 s: met' : 'target ≤ 0.35 s: NOT met',
      ),
    );
    console.log(row('tools per second beyond the parse', rate, '', 'target ≥ 100,000/s'));
    const threadedMs = median(threaded.map((run) => run.ms));
    console.log(
      row(
        `with MCP_RISK_WORKERS=${workers}: wall, beyond`,
        `${(threadedMs / 1000).toFixed(2)} s, ${((threadedMs - bareMs) / 1000).toFixed(2)} s`,
        '',
        `CPU ${(median(threaded.map((run) => run.cpuMs)) / 1000).toFixed(2)} s; ${availableParallelism()} cores`,
      ),
    );
    console.log(row('peak RSS', mb(Math.max(...ours.map((run) => run.peakRss))), mb(Math.max(...bare.map((run) => run.peakRss))), ''));
    console.log(row(`peak RSS, MCP_RISK_WORKERS=${workers}`, mb(Math.max(...threaded.map((run) => run.peakRss))), '', ''));
    console.log(
      row(
        `peak RSS, ${(COUNT / 10).toLocaleString('en')} tools (flat in lines?)`,
        mb(tenth.peakRss),
        mb(bareTenth.peakRss),
        "growth beside the bare parse's: V8 heap sizing",
      ),
    );
    console.log(row('JSON written to stdout', mb(ours[0]?.stdoutBytes ?? 0), '', ''));
    return { beyondMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
