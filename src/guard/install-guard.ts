/**
 * Putting the guard in front of a server in an MCP client's config, and taking it out again.
 *
 * `install` rewrites one stdio entry of a JSON client config (Claude Desktop, Claude Code, Cursor,
 * VS Code, Windsurf, Gemini CLI, Cline, or any `mcpServers` file) so that the client starts the
 * guard, which starts the server:
 *
 *   "command": "<node>", "args": ["<mcp-risk bin>", "guard", "--policy", "<abs policy>", "--", <command>, <args>...]
 *
 * Everything else in the entry (env, cwd, type, ...) and in the file (comments, formatting, other
 * servers) stays as it was: the edit is made with jsonc-parser's `modify` on the text. The first
 * install keeps a copy of the file as `<file>.mcp-risk.bak`. `uninstall` puts back only the
 * server's command line (from the backup's text when it holds the command line that was wrapped,
 * otherwise by unwrapping it), keeps every later edit to the entry, and removes the backup once no
 * entry runs through the guard. Every write is atomic and keeps the file's mode.
 */
import { rm, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parseTree,
  type FormattingOptions,
  type JSONPath,
  type Node as JsonNode,
} from 'jsonc-parser';
import { extractServers } from '../config/extract-servers.js';
import { configFormatOf, parseConfigText } from '../hostile-text/parse-config-text.js';
import { guessScope } from '../config/read-config-file.js';
import { readBoundedText } from '../hostile-text/read-bounded-text.js';
import { selectServer } from '../config/select-server.js';
import type { ClientId, ServerEntry } from '../config/server-entry.js';
import { quoteUntrusted } from '../hostile-text/untrusted-value.js';
import { InputError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

export const BACKUP_SUFFIX = '.mcp-risk.bak';

/** Clients whose JSON entries have `command`, `args` and `env` as plain fields. */
export const INSTALLABLE_CLIENTS: readonly ClientId[] = [
  'claude-desktop',
  'claude-code',
  'cursor',
  'vscode',
  'windsurf',
  'gemini-cli',
  'cline',
  'generic',
];

/** How the guard itself is started: node, and the mcp-risk entry script. */
export interface GuardLauncher {
  node: string;
  bin: string;
}

export interface ConfigContext {
  cwd: string;
  home: string;
  env: Record<string, string | undefined>;
}

export interface InstallRequest extends ConfigContext {
  configFile: string;
  server: string;
  /** Absolute path of the policy. */
  policyFile: string;
  launcher: GuardLauncher;
  /** More guard options, placed after --policy (e.g. --audit-log <abs path>). */
  guardOptions?: string[];
}

export interface InstallResult {
  file: string;
  /** The backup written now, or null when one was already there (it is kept: it is the older original). */
  backupWritten: string | null;
  command: string;
  args: string[];
}

export interface UninstallResult {
  file: string;
  /** Where the command line came from: the backup's text, or unwrapping the guard's arguments. */
  restoredFrom: 'backup' | 'unwrap';
  command: string;
  args: string[];
  /** The backup removed now (no entry of the file runs through the guard any more), or null. */
  backupRemoved: string | null;
}

/** The server command line inside a guard command line, or null when the entry does not run through the guard. */
export function unwrapGuardCommand(command: string, args: readonly string[]): { command: string; args: string[] } | null {
  let guardArgs: readonly string[];
  const name = basename(command).toLowerCase();
  if ((name === 'mcp-risk' || name === 'mcp-risk.cmd') && args[0] === 'guard') guardArgs = args.slice(1);
  else if (args[1] === 'guard' && args[0] !== undefined && /mcp-risk|main\.[cm]?[jt]s$/.test(args[0])) guardArgs = args.slice(2);
  else return null;
  const split = guardArgs.indexOf('--');
  const original = split >= 0 ? guardArgs.slice(split + 1) : [];
  const [first, ...rest] = original;
  return first === undefined ? null : { command: first, args: rest };
}

function formattingOf(text: string): FormattingOptions {
  const indented = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const tabs = indented.startsWith('\t');
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : Math.min(indented.length, 8), eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function normaliseProjectPath(value: string): string {
  let normalised = value.replace(/\\/g, '/');
  while (normalised.length > 1 && normalised.endsWith('/') && !/^[A-Za-z]:\/$/.test(normalised)) normalised = normalised.slice(0, -1);
  return process.platform === 'win32' ? normalised.toLowerCase() : normalised;
}

/** The JSON paths an entry of `client` may sit at, in the order the client's reader looks. */
function candidatePaths(root: JsonNode, entry: ServerEntry, cwd: string): JSONPath[] {
  const name = entry.name;
  if (entry.client === 'vscode')
    return [
      ['servers', name],
      ['mcp', 'servers', name],
      ['mcp.servers', name],
    ];
  if (entry.client === 'claude-code' && entry.scope === 'project' && basename(entry.file) === '.claude.json') {
    const projects = findNodeAtLocation(root, ['projects']);
    const wanted = normaliseProjectPath(cwd);
    const keys = (projects?.children ?? []).flatMap((property) => {
      const key = property.children?.[0]?.value;
      return typeof key === 'string' && normaliseProjectPath(key) === wanted ? [key] : [];
    });
    return keys.map((key) => ['projects', key, 'mcpServers', name]);
  }
  return [['mcpServers', name]];
}

interface LocatedEntry {
  path: JSONPath;
  node: JsonNode;
}

function locateEntry(text: string, entry: ServerEntry, cwd: string, file: string): LocatedEntry {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (root === undefined) throw new InputError('config-invalid', `${file} is not valid JSON`);
  for (const path of candidatePaths(root, entry, cwd)) {
    const node = findNodeAtLocation(root, path);
    if (node?.type === 'object') return { path, node };
  }
  throw new InputError('config-invalid', `${file}: cannot find the entry of server ${quoteUntrusted(entry.name)} in the file's text`);
}

async function readJsonConfig(file: string, context: ConfigContext): Promise<{ text: string; entries: ServerEntry[]; mode: number }> {
  if (configFormatOf(file) !== 'json') throw new UsageError(`${file}: install edits JSON client configs only`);
  const text = await readBoundedText(file);
  const mode = (await stat(file)).mode & 0o777;
  const document = parseConfigText(text, 'json', file);
  const extracted = extractServers(document, {
    file,
    scope: guessScope(file, context.home),
    cwd: context.cwd,
    platform: process.platform,
    env: context.env,
  });
  return { text, entries: extracted.entries, mode };
}

function selectStdioEntry(entries: readonly ServerEntry[], server: string, file: string): ServerEntry & { command: string } {
  const entry = selectServer(entries, server, file);
  if (!INSTALLABLE_CLIENTS.includes(entry.client)) {
    throw new UsageError(`${file} is a ${entry.client} config; install edits ${INSTALLABLE_CLIENTS.join(', ')} configs`);
  }
  if (entry.transport !== 'stdio' || entry.command === undefined) {
    throw new UsageError(
      `server ${quoteUntrusted(server)} is reached over ${entry.transport}, not started by the client; run mcp-risk guard --upstream <url> --listen 127.0.0.1:<port> and point the client at it`,
    );
  }
  return { ...entry, command: entry.command };
}

function edit(text: string, path: JSONPath, value: unknown, formatting: FormattingOptions): string {
  return applyEdits(text, modify(text, path, value, { formattingOptions: formatting }));
}

/** Makes the client start `server` through the guard. Throws UsageError when it cannot (or already does). */
export async function installGuard(request: InstallRequest): Promise<InstallResult> {
  const file = resolve(request.cwd, request.configFile);
  const { text, entries, mode } = await readJsonConfig(file, request);
  const entry = selectStdioEntry(entries, request.server, file);
  if (unwrapGuardCommand(entry.command, entry.args ?? []) !== null) {
    throw new UsageError(
      `server ${quoteUntrusted(request.server)} in ${file} already runs through mcp-risk guard; uninstall it first to change its options`,
    );
  }
  const { path } = locateEntry(text, entry, request.cwd, file);
  const command = request.launcher.node;
  const args = [
    request.launcher.bin,
    'guard',
    '--policy',
    request.policyFile,
    ...(request.guardOptions ?? []),
    '--',
    entry.command,
    ...(entry.args ?? []),
  ];
  const formatting = formattingOf(text);
  const updated = edit(edit(text, [...path, 'command'], command, formatting), [...path, 'args'], args, formatting);
  checkWrapped(updated, file, request, request.server, true);

  const backup = `${file}${BACKUP_SUFFIX}`;
  let backupWritten: string | null = null;
  if (!(await exists(backup))) {
    await writeFileAtomic(backup, text, { mode });
    backupWritten = backup;
  }
  await writeFileAtomic(file, updated, { mode });
  return { file, backupWritten, command, args };
}

/**
 * Puts `server`'s own command line back and leaves the rest of its entry (env, headers, cwd, ...)
 * as it is now: edits made since install, such as a rotated token, are kept. The command line is
 * taken as text from the backup when the backup holds the very command line the guard wraps (so a
 * round trip with no edits in between gives the file back byte for byte), else unwrapped from the
 * guard's arguments. The backup is removed once no entry of the file runs through the guard.
 * Throws UsageError when the server does not run through the guard.
 */
export async function uninstallGuard(request: ConfigContext & { configFile: string; server: string }): Promise<UninstallResult> {
  const file = resolve(request.cwd, request.configFile);
  const { text, entries, mode } = await readJsonConfig(file, request);
  const entry = selectStdioEntry(entries, request.server, file);
  const original = unwrapGuardCommand(entry.command, entry.args ?? []);
  if (original === null) throw new UsageError(`server ${quoteUntrusted(request.server)} in ${file} does not run through mcp-risk guard`);
  const { path } = locateEntry(text, entry, request.cwd, file);
  const backup = `${file}${BACKUP_SUFFIX}`;
  const saved = await backupCommandLine(backup, request, request.server, original);
  const formatting = formattingOf(text);

  let updated = text;
  for (const key of ['command', 'args'] as const) {
    const savedText = saved?.[key];
    if (savedText !== undefined && savedText !== null) {
      const value = findNodeAtLocation(locateEntry(updated, entry, request.cwd, file).node, [key]);
      updated =
        value === undefined
          ? edit(updated, [...path, key], JSON.parse(savedText), formatting)
          : `${updated.slice(0, value.offset)}${savedText}${updated.slice(value.offset + value.length)}`;
    } else if (key === 'command') {
      updated = edit(updated, [...path, 'command'], original.command, formatting);
    } else {
      // No args in the backup's entry, or no usable backup: the server's own args, or none.
      updated = edit(updated, [...path, 'args'], original.args.length > 0 ? original.args : undefined, formatting);
    }
  }
  checkWrapped(updated, file, request, request.server, false);
  await writeFileAtomic(file, updated, { mode });
  const stillWrapped = entriesOf(updated, file, request).some(
    (other) => other.command !== undefined && unwrapGuardCommand(other.command, other.args ?? []) !== null,
  );
  let backupRemoved: string | null = null;
  if (!stillWrapped && (await exists(backup))) {
    await rm(backup, { force: true });
    backupRemoved = backup;
  }
  return { file, restoredFrom: saved === null ? 'unwrap' : 'backup', command: original.command, args: original.args, backupRemoved };
}

function entriesOf(text: string, file: string, context: ConfigContext): ServerEntry[] {
  return extractServers(parseConfigText(text, 'json', file), {
    file,
    scope: guessScope(file, context.home),
    cwd: context.cwd,
    platform: process.platform,
    env: context.env,
  }).entries;
}

/**
 * The exact text of the `command` and `args` values of `server`'s entry in the backup (args null
 * when the entry had none), when the backup holds the very command line the guard wraps now;
 * otherwise null (the command line changed since, and unwrapping is the safe way back).
 */
async function backupCommandLine(
  backup: string,
  context: ConfigContext,
  server: string,
  original: { command: string; args: string[] },
): Promise<{ command: string; args: string | null } | null> {
  if (!(await exists(backup))) return null;
  // Read as the config it is a copy of, so the same client (and scope) reads it.
  const file = backup.slice(0, -BACKUP_SUFFIX.length);
  let text: string;
  let entries: ServerEntry[];
  try {
    text = await readBoundedText(backup);
    entries = extractServers(parseConfigText(text, 'json', backup), {
      file,
      scope: guessScope(file, context.home),
      cwd: context.cwd,
      platform: process.platform,
      env: context.env,
    }).entries;
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
  const named = entries.filter((candidate) => candidate.name === server);
  const entry = named.find((candidate) => candidate.scope === 'project') ?? named[0];
  if (
    entry?.transport !== 'stdio' ||
    entry.command !== original.command ||
    JSON.stringify(entry.args ?? []) !== JSON.stringify(original.args)
  )
    return null;
  const located = locateEntry(text, entry, context.cwd, backup);
  const valueText = (key: string): string | null => {
    const value = findNodeAtLocation(located.node, [key]);
    return value === undefined ? null : text.slice(value.offset, value.offset + value.length);
  };
  const command = valueText('command');
  return command === null ? null : { command, args: valueText('args') };
}

/** Re-reads edited text: it must still parse, and the entry must (or must no longer) run through the guard. */
function checkWrapped(text: string, file: string, context: ConfigContext, server: string, wrapped: boolean): void {
  const entries = extractServers(parseConfigText(text, 'json', file), {
    file,
    scope: guessScope(file, context.home),
    cwd: context.cwd,
    platform: process.platform,
    env: context.env,
  }).entries;
  const entry = selectServer(entries, server, file);
  const isWrapped = entry.command !== undefined && unwrapGuardCommand(entry.command, entry.args ?? []) !== null;
  if (isWrapped !== wrapped) throw new Error(`editing ${file} did not ${wrapped ? 'wrap' : 'unwrap'} server ${server}`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
