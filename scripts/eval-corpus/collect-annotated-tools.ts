/**
 * Collects the eval corpus: real MCP tools whose authors annotated them.
 *
 * For each server of annotated-servers.ts it installs the npm package (install
 * scripts disabled) into a cache directory outside the repository, starts its
 * bin over stdio with a temporary HOME and only the listed environment, lists
 * all tools, ends the server and its process tree, and keeps the tools that
 * declare readOnlyHint or destructiveHint. Results are cached per
 * package@version, so a second run needs neither the network nor the servers.
 *
 * The installs (packages/, several GB) may be deleted: pinned entries are then answered from
 * tools/ alone. These are untrusted third-party packages: never run this from the test suite.
 *
 * CLI:  node --import tsx scripts/eval-corpus/collect-annotated-tools.ts
 *         [--refresh] [--cache-dir DIR] [--only PKG[,PKG...]] [--concurrency N]
 */

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import PQueue from 'p-queue';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/fs/write-file-atomic.js';
import { ANNOTATED_SERVERS } from './annotated-servers.js';
import type { AnnotatedServer } from './annotated-servers.js';
import { installPackage, isJavaScriptFile, packageDirName, resolveBin } from './install-package.js';
import { listServerTools } from './list-server-tools.js';

export interface AnnotatedTool {
  /** The name the server reports for itself (serverInfo.name), or the package name. */
  server: string;
  package: string;
  version: string;
  name: string;
  title?: string;
  description: string;
  inputSchema: unknown;
  annotations: {
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
}

export interface CollectOptions {
  /** Where packages are installed and results cached. Default `~/.cache/mcp-risk/eval-corpus/`. */
  cacheDir?: string;
  /** Re-resolve, re-install and re-list every package, ignoring the cache. */
  refresh?: boolean;
  log?: (line: string) => void;
  /** The servers to collect; default ANNOTATED_SERVERS. */
  servers?: readonly AnnotatedServer[];
  /** How many packages are installed and listed at once. Default 2. */
  concurrency?: number;
}

/** What one package gave. */
export interface ServerCollection {
  package: string;
  version: string;
  server: string;
  /** Every tool the server listed, annotated or not. */
  toolCount: number;
  /** Only the tools that declare readOnlyHint or destructiveHint. */
  tools: AnnotatedTool[];
  fromCache: boolean;
}

export interface CollectFailure {
  package: string;
  error: string;
}

export interface CorpusCollection {
  servers: ServerCollection[];
  failures: CollectFailure[];
}

const CACHE_FORMAT = 1;
const SERVER_TIMEOUT_MS = 60_000;
const MAX_NAME_CHARS = 256;
const MAX_TITLE_CHARS = 512;
const MAX_DESCRIPTION_CHARS = 32_768;
const MAX_SCHEMA_CHARS = 262_144;

/** Set for every server too: none of them may fetch a browser while we list its tools. */
const NO_DOWNLOAD_ENV: Record<string, string> = {
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  PUPPETEER_SKIP_DOWNLOAD: '1',
  PUPPETEER_SKIP_CHROMIUM_DOWNLOAD: '1',
};

interface CacheFile {
  format: number;
  package: string;
  version: string;
  launch: LaunchKey;
  server: string;
  toolCount: number;
  tools: AnnotatedTool[];
}

/** The parts of an entry that change what a server lists; a cached result is valid only for the same key. */
interface LaunchKey {
  bin: string | null;
  args: string[];
  env: Record<string, string>;
  files: Record<string, string>;
}

export function defaultCacheDir(): string {
  return join(homedir(), '.cache', 'mcp-risk', 'eval-corpus');
}

function launchKey(entry: AnnotatedServer): LaunchKey {
  return {
    bin: entry.bin ?? null,
    args: [...(entry.args ?? [])],
    env: { ...(entry.env ?? {}) },
    files: { ...(entry.files ?? {}) },
  };
}

function sameLaunch(a: LaunchKey, b: LaunchKey): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function cachePath(cacheDir: string, name: string, version: string): string {
  return join(cacheDir, 'tools', `${packageDirName(name)}@${version}.json`);
}

async function readCache(path: string, entry: AnnotatedServer): Promise<CacheFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const cached = JSON.parse(text) as CacheFile;
  if (cached.format !== CACHE_FORMAT || cached.package !== entry.package) return null;
  if (!sameLaunch(cached.launch, launchKey(entry))) return null;
  return cached;
}

async function writeCache(path: string, content: CacheFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(content, null, 1)}\n`);
}

/** The text without control characters (newlines and tabs kept), at most `max` characters. */
function boundedText(value: string, max: number): string {
  const printable = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return printable.length > max ? printable.slice(0, max) : printable;
}

function pickAnnotations(raw: unknown): AnnotatedTool['annotations'] {
  const annotations: AnnotatedTool['annotations'] = {};
  if (typeof raw !== 'object' || raw === null) return annotations;
  const source = raw as Record<string, unknown>;
  for (const key of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    const value = source[key];
    if (typeof value === 'boolean') annotations[key] = value;
  }
  return annotations;
}

/** The tool as corpus data, or null when it declares neither readOnlyHint nor destructiveHint. */
function toAnnotatedTool(
  tool: Tool,
  meta: { server: string; package: string; version: string },
  log: (line: string) => void,
): AnnotatedTool | null {
  const annotations = pickAnnotations(tool.annotations);
  if (annotations.readOnlyHint === undefined && annotations.destructiveHint === undefined) return null;
  if (typeof tool.name !== 'string' || tool.name.length === 0) return null;
  const rawTitle = typeof tool.title === 'string' ? tool.title : tool.annotations?.title;
  let inputSchema: unknown = tool.inputSchema;
  const schemaSize = JSON.stringify(inputSchema ?? null).length;
  if (schemaSize > MAX_SCHEMA_CHARS) {
    log(`${meta.package}: input schema of ${boundedText(tool.name, 80)} has ${schemaSize} characters, dropped`);
    inputSchema = null;
  }
  return {
    ...meta,
    name: boundedText(tool.name, MAX_NAME_CHARS),
    ...(typeof rawTitle === 'string' && rawTitle.length > 0 ? { title: boundedText(rawTitle, MAX_TITLE_CHARS) } : {}),
    description: typeof tool.description === 'string' ? boundedText(tool.description, MAX_DESCRIPTION_CHARS) : '',
    inputSchema,
    annotations,
  };
}

/** `{home}` in args, env values and file contents stands for the server's temporary HOME. */
function substituteHome(value: string, home: string): string {
  return value.split('{home}').join(home);
}

/** Writes the entry's dummy files (a kubeconfig, a credentials file) into the temporary HOME. */
async function writeHomeFiles(home: string, files: Record<string, string>): Promise<void> {
  for (const [relativePath, content] of Object.entries(files)) {
    const normalized = normalize(relativePath);
    if (isAbsolute(normalized) || normalized.startsWith('..')) {
      throw new Error(`file ${relativePath} must stay inside the temporary HOME`);
    }
    const path = join(home, normalized);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, substituteHome(content, home));
  }
}

async function collectOne(
  entry: AnnotatedServer,
  cacheDir: string,
  refresh: boolean,
  log: (line: string) => void,
): Promise<ServerCollection> {
  const fromCache = (cached: CacheFile): ServerCollection => ({
    package: entry.package,
    version: cached.version,
    server: cached.server,
    toolCount: cached.toolCount,
    tools: cached.tools,
    fromCache: true,
  });
  // A pinned entry is answered from its cached tool list alone, even when its install was deleted.
  if (!refresh && entry.version !== undefined) {
    const cached = await readCache(cachePath(cacheDir, entry.package, entry.version), entry);
    if (cached) return fromCache(cached);
  }
  const prefix = join(cacheDir, 'packages', packageDirName(entry.package));
  const installed = await installPackage(entry.package, entry.version, prefix, refresh);
  const path = cachePath(cacheDir, entry.package, installed.version);
  if (!refresh) {
    const cached = await readCache(path, entry);
    if (cached) return fromCache(cached);
  }

  const bin = resolveBin(installed, entry.package, entry.bin);
  const home = await mkdtemp(join(tmpdir(), 'mcp-risk-eval-home-'));
  let listed;
  try {
    const env: Record<string, string> = {
      ...NO_DOWNLOAD_ENV,
      ...Object.fromEntries(Object.entries(entry.env ?? {}).map(([key, value]) => [key, substituteHome(value, home)])),
      PATH: [dirname(process.execPath), process.env['PATH'] ?? ''].filter(Boolean).join(delimiter),
      HOME: home,
    };
    const args = (entry.args ?? []).map((arg) => substituteHome(arg, home));
    await writeHomeFiles(home, entry.files ?? {});
    const javascript = await isJavaScriptFile(bin);
    listed = await listServerTools({
      command: javascript ? process.execPath : bin,
      args: javascript ? [bin, ...args] : args,
      env,
      cwd: home,
      timeoutMs: SERVER_TIMEOUT_MS,
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }

  const server = boundedText(listed.serverName ?? '', 100) || entry.package;
  const meta = { server, package: entry.package, version: installed.version };
  const tools = listed.tools.map((tool) => toAnnotatedTool(tool, meta, log)).filter((tool): tool is AnnotatedTool => tool !== null);
  await writeCache(path, {
    format: CACHE_FORMAT,
    package: entry.package,
    version: installed.version,
    launch: launchKey(entry),
    server,
    toolCount: listed.tools.length,
    tools,
  });
  return { package: entry.package, version: installed.version, server, toolCount: listed.tools.length, tools, fromCache: false };
}

/** Collects every server, with per-server counts and the failures (logged, skipped). */
export async function collectAnnotatedCorpus(options: CollectOptions = {}): Promise<CorpusCollection> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const refresh = options.refresh ?? false;
  const log = options.log ?? (() => {});
  const servers = options.servers ?? ANNOTATED_SERVERS;
  const seen = new Set<string>();
  for (const entry of servers) {
    if (seen.has(entry.package)) throw new Error(`${entry.package} is listed twice`);
    seen.add(entry.package);
  }
  await mkdir(cacheDir, { recursive: true });

  const queue = new PQueue({ concurrency: options.concurrency ?? 2 });
  const results = new Map<string, ServerCollection | CollectFailure>();
  await Promise.all(
    servers.map((entry) =>
      queue.add(async () => {
        const started = Date.now();
        try {
          const collected = await collectOne(entry, cacheDir, refresh, log);
          results.set(entry.package, collected);
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          log(
            `${entry.package}@${collected.version}: ${collected.tools.length}/${collected.toolCount} tools annotated` +
              `${collected.fromCache ? ' (cached)' : ''} [${seconds}s]`,
          );
        } catch (error) {
          results.set(entry.package, { package: entry.package, error: errorMessage(error) });
          log(`${entry.package}: FAILED ${errorMessage(error)}`);
        }
      }),
    ),
  );

  const collection: CorpusCollection = { servers: [], failures: [] };
  for (const entry of servers) {
    const result = results.get(entry.package);
    if (result === undefined) continue;
    if ('error' in result) collection.failures.push(result);
    else collection.servers.push(result);
  }
  return collection;
}

/** Every annotated tool of every server that could be collected, in list order. */
export async function collectAnnotatedTools(options: CollectOptions = {}): Promise<AnnotatedTool[]> {
  const collection = await collectAnnotatedCorpus(options);
  return collection.servers.flatMap((server) => server.tools);
}

function countHints(tools: readonly AnnotatedTool[]): number[] {
  const count = (predicate: (tool: AnnotatedTool) => boolean): number => tools.filter(predicate).length;
  return [
    count((t) => t.annotations.readOnlyHint === true),
    count((t) => t.annotations.readOnlyHint === false),
    count((t) => t.annotations.destructiveHint === true),
    count((t) => t.annotations.destructiveHint === false),
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      refresh: { type: 'boolean', default: false },
      'cache-dir': { type: 'string' },
      only: { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  const only = values.only
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const servers = only ? ANNOTATED_SERVERS.filter((entry) => only.includes(entry.package)) : ANNOTATED_SERVERS;
  if (only && servers.length !== only.length) {
    const known = new Set(ANNOTATED_SERVERS.map((entry) => entry.package));
    throw new Error(`not in annotated-servers.ts: ${only.filter((name) => !known.has(name)).join(', ')}`);
  }
  const concurrency = values.concurrency === undefined ? 2 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency takes a positive integer');

  const started = Date.now();
  const collection = await collectAnnotatedCorpus({
    ...(values['cache-dir'] === undefined ? {} : { cacheDir: values['cache-dir'] }),
    refresh: values.refresh,
    servers,
    concurrency,
    log: (line) => process.stderr.write(`${line}\n`),
  });

  const table = new Table({
    head: ['package@version', 'tools', 'annotated', 'readOnly true', 'readOnly false', 'destructive true', 'destructive false'],
    style: { head: [], border: [] },
  });
  for (const server of collection.servers) {
    table.push([`${server.package}@${server.version}`, server.toolCount, server.tools.length, ...countHints(server.tools)]);
  }
  const all = collection.servers.flatMap((server) => server.tools);
  const totalTools = collection.servers.reduce((sum, server) => sum + server.toolCount, 0);
  table.push([`TOTAL (${collection.servers.length} servers)`, totalTools, all.length, ...countHints(all)]);
  process.stdout.write(`${table.toString()}\n`);
  for (const failure of collection.failures) process.stdout.write(`FAILED ${failure.package}: ${failure.error}\n`);
  process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${errorMessage(error)}\n`);
    process.exitCode = 1;
  });
}
