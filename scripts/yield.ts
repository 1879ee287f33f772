/**
 * `npm run yield`: how many of the MCP servers that exist answer the crawl (issue 12). Draws a
 * fixed random sample of N packages (seeded: the same seed gives the same sample) from the
 * candidate list (../shared/datasets/npm-mcp-servers.tsv, or MCP_RISK_SERVER_LIST, or --list),
 * crawls them exactly as `mcp-risk crawl --source npm:@<names file>` does (the real npm registry,
 * the real installer and sandbox, a temporary store), then reads every failure's cause
 * (src/crawler/failure-cause.ts). Prints the outcome table, the causes with an example each, the
 * tools found, the wall time and the time per server; writes every package's result to
 * reports/yield/<date>-seed<seed>-n<n>.json so two runs can be compared.
 *
 *   npm run yield -- [--n 200] [--seed 12] [--concurrency 2] [--timeout 30000] [--list <tsv>] [--cache-dir <dir>]
 *   npm run yield -- --compare <before.json> <after.json>
 *
 * A measurement, not a test: it needs the network and takes minutes (200 packages: about 20 min
 * on 2 busy cores). Needs a build (npm run yield builds first).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openLowdbStore } from '../dist/catalogue/lowdb-store.js';
import type { CatalogueServer } from '../dist/catalogue/catalogue-model.js';
import type { CliIo } from '../dist/cli/io.js';
import { run } from '../dist/cli/run.js';
import { captureFromError, failureCause, type FailureCapture } from '../dist/crawler/failure-cause.js';
import { binFacts } from '../dist/crawler/failure/bin-facts.js';
import { installPackage, pickBin } from '../dist/crawler/install/install-package.js';
import { runningAsRoot } from '../dist/crawler/sandbox/sandbox-user.js';
import { compareRuns } from './yield/compare.js';
import { outcomeOf, renderTables, type YieldResult } from './yield/outcome.js';
import { candidatesExist, readCandidates, sampleNames } from './yield/sample.js';

const { values, positionals } = parseArgs({
  options: {
    n: { type: 'string', default: '200' },
    seed: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '2' },
    timeout: { type: 'string', default: '30000' },
    list: { type: 'string' },
    'cache-dir': { type: 'string' },
    registry: { type: 'string' },
    compare: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

if (values.compare) {
  if (positionals.length !== 2) {
    console.error('yield: --compare takes two result files: <before.json> <after.json>');
    process.exit(2);
  }
  console.log(compareRuns(positionals[0] as string, positionals[1] as string));
  process.exit(0);
}

function wholeNumber(raw: string, flag: string): number {
  if (!/^\d{1,9}$/.test(raw)) {
    console.error(`yield: ${flag} takes a whole number (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return Number(raw);
}

const n = wholeNumber(values.n, '--n');
const seed = wholeNumber(values.seed, '--seed');
const concurrency = wholeNumber(values.concurrency, '--concurrency');
const timeout = wholeNumber(values.timeout, '--timeout');
const listPath = resolve(
  values.list ?? process.env['MCP_RISK_SERVER_LIST'] ?? join(process.cwd(), '..', 'shared', 'datasets', 'npm-mcp-servers.tsv'),
);
if (!candidatesExist(listPath)) {
  console.error(`yield: candidate list not found: ${listPath} (set MCP_RISK_SERVER_LIST or pass --list <tsv>)`);
  process.exit(2);
}
const registry = values.registry ?? process.env['npm_config_registry'] ?? 'https://registry.npmjs.org/';
// The crawler's own cache (see cli/commands/crawl.ts), so the installs it makes are the ones read here.
const cacheDir = resolve(
  values['cache-dir'] ?? (runningAsRoot() ? '/var/cache/mcp-risk/packages' : join(homedir(), '.cache', 'mcp-risk', 'packages')),
);

const names = sampleNames(readCandidates(listPath), n, seed);
const work = mkdtempSync(join(tmpdir(), 'mcp-risk-yield-'));
const namesFile = join(work, 'names.txt');
const db = join(work, 'catalogue.json');
writeFileSync(namesFile, `${names.join('\n')}\n`);
console.log(
  `yield: ${names.length} packages of ${listPath}, seed ${seed}, concurrency ${concurrency}, timeout ${timeout} ms, node ${process.version}`,
);

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted')));
let summary = '';
const io: CliIo = {
  stdout: { write: (text: string) => void (summary += text) },
  stderr: process.stderr,
  readStdin: () => Promise.resolve(''),
  env: process.env,
  cwd: process.cwd(),
  home: homedir(),
  platform: process.platform,
  signal: controller.signal,
};
const started = performance.now();
// prettier-ignore
const argv = ['crawl', '--source', `npm:@${namesFile}`, '--db', db, '--concurrency', String(concurrency), '--timeout', String(timeout),
  '--max-age', '0', '--cache-dir', cacheDir, '--registry', registry];
const exit = await run(argv, io);
const wallMs = performance.now() - started;
if (exit !== 0 && summary.length === 0) {
  console.error(`yield: the crawl ended with exit code ${exit}`);
  process.exit(exit);
}

/** What the crawler kept, plus the bin's facts from the install cache when the package installed. */
async function captureOf(record: CatalogueServer): Promise<FailureCapture> {
  const error = record.error ?? { code: 'unknown', message: '' };
  const extra: Omit<FailureCapture, 'code' | 'message'> = { nodeVersion: process.version };
  const version = record.metadata.version;
  if (
    record.launch.kind === 'npm' &&
    version !== undefined &&
    !['package-not-found', 'install-failed', 'integrity-mismatch'].includes(error.code)
  ) {
    try {
      const installed = await installPackage({ package: record.launch.package, version }, { registry, cacheDir, timeoutMs: 10_000 });
      Object.assign(extra, await binFacts(installed, pickBin(installed, record.launch.bin)));
    } catch {
      // No bin, or not in the cache: the cause is read from the error alone.
    }
  }
  return captureFromError(error, extra);
}

const store = await openLowdbStore(db, { write: false });
const results: YieldResult[] = [];
for (const name of names) {
  const record = store.get(`npm:${name}`);
  if (record === undefined) continue;
  results.push({
    name,
    version: record.metadata.version ?? null,
    status: record.status,
    outcome: outcomeOf(record),
    tools: record.report.tools.length,
    durationMs: record.durationMs,
    error: record.error ?? null,
    cause: record.status === 'ok' || record.status === 'listed-only' ? null : failureCause(await captureOf(record)),
  });
}
await store.close();
rmSync(work, { recursive: true, force: true });

console.log(renderTables(results, wallMs));
const outDir = join(process.cwd(), 'reports', 'yield');
mkdirSync(outDir, { recursive: true });
const out = join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-seed${seed}-n${n}.json`);
writeFileSync(
  out,
  `${JSON.stringify({ list: listPath, seed, n, concurrency, timeoutMs: timeout, node: process.version, wallMs: Math.round(wallMs), sample: names, results }, null, 2)}\n`,
);
console.log(`results: ${out}${results.length < names.length ? ` (${names.length - results.length} not crawled: interrupted)` : ''}`);
