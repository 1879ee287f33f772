/**
 * Which servers a `scan` (or `policy`) means: a command after `--`, a URL, the servers of one
 * client config file (`--config`, `--server`), or — with no target at all — every server in the
 * client config files found on this machine. Says on stderr which files were read.
 */
import type { ServerEntry } from '../config/server-entry.js';
import type { ConnectTarget } from '../connectors/connection.js';
import { UsageError } from '../errors.js';
import type { ConfigSource } from '../model.js';
import { sanitizeForTerminal } from '../hostile-text/sanitize.js';
import type { CliIo } from './io.js';
import type { ReportOptions } from './report-options.js';
import { resolve } from 'node:path';

export interface ScanSpec {
  /** Display name (from a config) or undefined to use the server's own name. */
  name: string | undefined;
  /** Secret-free description of where the server is. */
  label: string;
  target: ConnectTarget;
  /** The client config entries it came from (the first is the one used); none for a command or URL. */
  sources?: ConfigSource[];
}

export interface TargetRequest {
  positional: string[];
  /** The words after `--`, or null when there was no `--`. */
  command: string[] | null;
  config: string | undefined;
  server: string | undefined;
  transport: string | undefined;
}

const TRANSPORTS = ['auto', 'http', 'sse'] as const;

function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

function urlLabel(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, '***');
    return parsed.toString();
  } catch {
    throw new UsageError(`not a valid URL: ${sanitizeForTerminal(url, 100)}`);
  }
}

function transportOption(raw: string | undefined): 'auto' | 'http' | 'sse' {
  const value = raw ?? 'auto';
  if (!(TRANSPORTS as readonly string[]).includes(value)) throw new UsageError(`--transport must be http or sse (got "${value}")`);
  return value as 'auto' | 'http' | 'sse';
}

/** Config reading pulls in YAML, TOML and JSONC parsers: loaded only when a config is read. */
async function configModules() {
  const [discover, describe, read, select, expand, identity] = await Promise.all([
    import('../config/discover-configs.js'),
    import('../config/describe-entry.js'),
    import('../config/read-config-file.js'),
    import('../config/select-server.js'),
    import('../config/expand-variables.js'),
    import('../config/entry-identity.js'),
  ]);
  return { ...discover, ...describe, ...read, ...select, ...expand, ...identity };
}

function specFromEntry(
  entry: ServerEntry,
  options: ReportOptions,
  transport: 'auto' | 'http' | 'sse' | undefined,
  describeEntry: (entry: ServerEntry) => string,
): ScanSpec {
  const label = describeEntry(entry);
  if (entry.url !== undefined) {
    return {
      name: entry.name,
      label,
      target: {
        kind: 'url',
        url: entry.url,
        headers: { ...entry.headers, ...options.headers },
        transport: transport ?? (entry.transport === 'stdio' ? 'auto' : entry.transport),
      },
    };
  }
  return {
    name: entry.name,
    label,
    target: {
      kind: 'stdio',
      command: entry.command ?? '',
      args: entry.args ?? [],
      env: { ...entry.env, ...options.env },
      ...(entry.cwd ? { cwd: entry.cwd } : {}),
    },
  };
}

export async function resolveTargets(request: TargetRequest, options: ReportOptions, io: CliIo): Promise<ScanSpec[]> {
  const forced = request.transport !== undefined ? transportOption(request.transport) : undefined;
  const sources = [request.command !== null, request.positional.length > 0, request.config !== undefined].filter(Boolean).length;
  if (sources > 1) throw new UsageError('give one target: a command after --, a URL, or --config <file>');
  if (request.server !== undefined && request.config === undefined && request.positional.length + (request.command?.length ?? 0) > 0) {
    throw new UsageError('--server picks a server from --config <file>');
  }
  if (request.command !== null) {
    const [command, ...args] = request.command;
    if (command === undefined || command === '')
      throw new UsageError('nothing after --: give the command that starts the server, e.g. -- npx -y @modelcontextprotocol/server-memory');
    return [
      {
        name: undefined,
        label: [command, ...args].map((w) => (/\s/.test(w) ? JSON.stringify(w) : w)).join(' '),
        target: { kind: 'stdio', command, args, env: options.env },
      },
    ];
  }
  if (request.positional.length > 0) {
    const [first, ...rest] = request.positional;
    if (first === undefined || rest.length > 0 || !isUrl(first)) {
      throw new UsageError(
        'a stdio server goes after --, e.g. mcp-risk scan -- npx -y @modelcontextprotocol/server-memory; a remote one is an http(s) URL',
      );
    }
    return [
      {
        name: undefined,
        label: urlLabel(first),
        target: { kind: 'url', url: first, headers: options.headers, transport: forced ?? 'auto' },
      },
    ];
  }
  const modules = await configModules();
  const { discoverClientConfigs, readConfigFile, selectServer } = modules;
  if (request.config !== undefined) {
    const path = resolve(io.cwd, request.config);
    const entries = await readConfigFile(path, {
      cwd: io.cwd,
      home: io.home,
      env: io.env,
      onProblem: (problem) => io.stderr.write(`mcp-risk: skipped: ${sanitizeForTerminal(problem.message, 300)}\n`),
    });
    const chosen =
      request.server !== undefined ? [selectServer(entries, request.server, request.config)] : entries.filter((e) => !e.disabled);
    if (chosen.length === 0) throw new UsageError(`${request.config} has no enabled servers`);
    return prepareEntries(chosen, { options, forced, io, explicit: request.server !== undefined, list: false }, modules);
  }
  const found = await discoverClientConfigs({ home: io.home, cwd: io.cwd, platform: io.platform, env: io.env });
  for (const problem of found.problems) {
    io.stderr.write(`mcp-risk: skipped: ${sanitizeForTerminal(problem.message, 300)}\n`);
  }
  if (found.filesRead.length === 0) {
    throw new UsageError('no MCP client config files found on this machine; give a command after --, a URL, or --config <file>');
  }
  io.stderr.write(
    `mcp-risk: read ${found.filesRead.length} client config file(s):\n${found.filesRead.map((f) => `  ${sanitizeForTerminal(f, 300)}\n`).join('')}`,
  );
  const entries = found.entries.filter((entry) => !entry.disabled);
  let chosen = entries;
  if (request.server !== undefined) chosen = [selectServer(entries, request.server, 'the client config files')];
  if (chosen.length === 0) throw new UsageError('the client config files found list no enabled servers');
  return prepareEntries(chosen, { options, forced, io, explicit: request.server !== undefined, list: true }, modules);
}

interface PrepareContext {
  options: ReportOptions;
  forced: 'auto' | 'http' | 'sse' | undefined;
  io: CliIo;
  /** The user named the server (--server): a server that cannot be scanned is an error, not a skip. */
  explicit: boolean;
  /** Say on stderr which servers are scanned and where each came from (discovery). */
  list: boolean;
}

/** `claude-code server "github" (/home/me/project/.mcp.json, project)`, safe for a terminal. */
function sourceText(entry: ServerEntry): string {
  return `${entry.client} server ${sanitizeForTerminal(JSON.stringify(entry.name), 100)} (${sanitizeForTerminal(entry.file, 300)}, ${entry.scope})`;
}

function toSource(entry: ServerEntry): ConfigSource {
  return { client: entry.client, name: entry.name, file: entry.file, scope: entry.scope };
}

/**
 * Config entries → what to scan: each client's variables expanded (saying on stderr what could
 * not be, and skipping servers that cannot start as their client would start them), the same
 * server configured in several clients scanned once, and a server name shared by different
 * servers shown as `<client>:<name>`.
 */
function prepareEntries(
  chosen: readonly ServerEntry[],
  context: PrepareContext,
  modules: Awaited<ReturnType<typeof configModules>>,
): ScanSpec[] {
  const { io } = context;
  // The label shows an entry as written (`--token ${TOKEN}`), never the values its variables expand to.
  const written = new Map<ServerEntry, ServerEntry>();
  const ready: ServerEntry[] = [];
  for (const entry of chosen) {
    const expanded = modules.expandEntryVariables(entry, { env: io.env, home: io.home, cwd: io.cwd, platform: io.platform });
    for (const note of expanded.notes) io.stderr.write(`mcp-risk: ${sourceText(entry)}: ${sanitizeForTerminal(note, 400)}\n`);
    if (expanded.ok) {
      ready.push(expanded.entry);
      written.set(expanded.entry, entry);
      continue;
    }
    if (context.explicit) throw new UsageError(`cannot scan ${sourceText(entry)}: ${expanded.reason}`);
    io.stderr.write(`mcp-risk: skipped ${sourceText(entry)}: ${sanitizeForTerminal(expanded.reason, 400)}\n`);
  }
  if (ready.length === 0) throw new UsageError('no server left to scan: every one was skipped (see above)');

  const groups = new Map<string, ServerEntry[]>();
  for (const entry of ready) {
    const key = modules.entryIdentity(entry);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const nameCount = new Map<string, number>();
  for (const [first] of groups.values()) if (first) nameCount.set(first.name, (nameCount.get(first.name) ?? 0) + 1);
  if (context.list) io.stderr.write(`mcp-risk: scanning ${groups.size} server(s):\n`);
  const specs: ScanSpec[] = [];
  for (const group of groups.values()) {
    const [first, ...same] = group;
    if (first === undefined) continue;
    const shared = (nameCount.get(first.name) ?? 0) > 1;
    const spec = specFromEntry(first, context.options, context.forced, () => modules.describeEntry(written.get(first) ?? first));
    spec.name = shared ? `${first.client}:${first.name}` : first.name;
    spec.sources = group.map(toSource);
    specs.push(spec);
    if (context.list) io.stderr.write(`  ${sanitizeForTerminal(spec.name, 100)}: ${sourceText(first)}\n`);
    for (const other of same) {
      io.stderr.write(
        `${context.list ? '    ' : 'mcp-risk: '}${sourceText(other)} is the same server as ${sourceText(first)}: scanned once\n`,
      );
    }
  }
  return specs;
}
