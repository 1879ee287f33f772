/**
 * The variables a client expands in a server's entry before starting it, expanded the same way
 * from our environment, so that the server scanned is the one the client would run:
 *
 *  - Claude Code (`.mcp.json`, `~/.claude.json`): `${VAR}` and `${VAR:-default}` in command, args,
 *    env, url and headers. A variable that is unset and has no default makes Claude Code refuse
 *    the config: the server is skipped, naming the variables. `$VAR` is not expanded.
 *  - VS Code (`mcp.json`, `settings.json`): `${env:VAR}` (unset: empty, as VS Code does),
 *    `${userHome}`, `${workspaceFolder}`, `${workspaceFolderBasename}`, `${pathSeparator}`, `${/}`.
 *    `${input:id}` is a value VS Code asks the user for when the server starts: a scanner cannot
 *    ask. An env variable or header made from one is left out (the server is scanned without it);
 *    a command, argument, URL or folder made from one cannot be guessed, so the server is skipped.
 *    Other variables (`${config:…}`, `${command:…}`) are left as written.
 *  - Cursor (`mcp.json`): the same as VS Code, without inputs.
 *
 * Entries are read as written (so `guard install` rewrites the file without expanded secrets);
 * expansion happens just before a scan. Messages name variables, fields and inputs — never values.
 */
import path from 'node:path';
import type { ClientId, ServerEntry } from './server-entry.js';
import { quoteUntrusted } from '../hostile-text/untrusted-value.js';

export type VariableSyntax = 'claude-code' | 'vscode' | 'cursor' | 'none';

export function variableSyntaxOf(client: ClientId): VariableSyntax {
  if (client === 'claude-code' || client === 'vscode' || client === 'cursor') return client;
  return 'none';
}

export interface ExpansionContext {
  env: Record<string, string | undefined>;
  home: string;
  cwd: string;
  platform: NodeJS.Platform;
}

export type ExpandedEntry =
  /** `notes`: what was done about variables that could not be expanded; the server is still scanned. */
  | { ok: true; entry: ServerEntry; notes: string[] }
  /** Why the server cannot be started as its client would: it is skipped. */
  | { ok: false; reason: string; notes: string[] };

/** What expanding one string found besides its text. */
interface Expansion {
  text: string;
  /** Environment variables that are unset and have no default. */
  unset: string[];
  /** VS Code input ids. */
  inputs: string[];
  /** Variables this client has that we do not expand, as written. */
  kept: string[];
}

type Expander = (text: string) => Expansion;

const CLAUDE_VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const EDITOR_VARIABLE = /\$\{([^{}]{1,200})\}/g;

function claudeExpander(env: ExpansionContext['env']): Expander {
  return (text) => {
    const unset: string[] = [];
    const expanded = text.replace(CLAUDE_VARIABLE, (whole, name: string, fallback: string | undefined) => {
      const value = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
      if (fallback !== undefined) return value === undefined || value === '' ? fallback : value;
      if (value === undefined) {
        unset.push(name);
        return whole;
      }
      return value;
    });
    return { text: expanded, unset, inputs: [], kept: [] };
  };
}

function editorExpander(ctx: ExpansionContext, entry: ServerEntry, withInputs: boolean): Expander {
  const parent = path.basename(path.dirname(entry.file));
  const workspace = parent === '.vscode' || parent === '.cursor' ? path.dirname(path.dirname(entry.file)) : ctx.cwd;
  const separator = ctx.platform === 'win32' ? '\\' : '/';
  const fixed: Record<string, string> = {
    userHome: ctx.home,
    workspaceFolder: workspace,
    workspaceFolderBasename: path.basename(workspace),
    pathSeparator: separator,
    '/': separator,
  };
  return (text) => {
    const unset: string[] = [];
    const inputs: string[] = [];
    const kept: string[] = [];
    const expanded = text.replace(EDITOR_VARIABLE, (whole, inner: string) => {
      if (Object.prototype.hasOwnProperty.call(fixed, inner)) return fixed[inner] ?? whole;
      if (inner.startsWith('env:')) {
        const name = inner.slice(4);
        const value = Object.prototype.hasOwnProperty.call(ctx.env, name) ? ctx.env[name] : undefined;
        if (value === undefined) unset.push(name);
        return value ?? '';
      }
      if (withInputs && inner.startsWith('input:')) {
        inputs.push(inner.slice(6));
        return whole;
      }
      kept.push(whole);
      return whole;
    });
    return { text: expanded, unset, inputs, kept };
  };
}

/** Where in the entry a string is: `command`, `args`, `env GITHUB_TOKEN`, `url`, `headers Authorization`. */
interface Field {
  label: string;
  /** A value that can be left out (an env variable, a header) rather than guessed. */
  droppable: boolean;
}

/** The entry with its client's variables expanded, or why it cannot be started as the client would. */
export function expandEntryVariables(entry: ServerEntry, ctx: ExpansionContext): ExpandedEntry {
  const syntax = variableSyntaxOf(entry.client);
  if (syntax === 'none') return { ok: true, entry, notes: [] };
  const expand = syntax === 'claude-code' ? claudeExpander(ctx.env) : editorExpander(ctx, entry, syntax === 'vscode');
  const unset = new Map<string, Set<string>>();
  const blockingInputs = new Map<string, Set<string>>();
  const notes: string[] = [];

  const one = (text: string, field: Field): string | undefined => {
    const result = expand(text);
    for (const name of result.unset) addTo(unset, name, field.label);
    for (const variable of new Set(result.kept))
      notes.push(`${quoteUntrusted(variable, 60)} in ${field.label} is not expanded by mcp-risk; used as written`);
    if (result.inputs.length === 0) return result.text;
    const ids = [...new Set(result.inputs)].map((id) => quoteUntrusted(`\${input:${id}}`, 80)).join(', ');
    if (field.droppable) {
      notes.push(
        `${ids} (${field.label}) is asked of the user by VS Code when the server starts; mcp-risk cannot ask, so the server is scanned without ${field.label}`,
      );
      return undefined;
    }
    for (const id of result.inputs) addTo(blockingInputs, id, field.label);
    return result.text;
  };

  const expanded: ServerEntry = { ...entry };
  if (entry.command !== undefined) expanded.command = one(entry.command, { label: 'command', droppable: false }) ?? entry.command;
  if (entry.args !== undefined) expanded.args = entry.args.map((arg) => one(arg, { label: 'args', droppable: false }) ?? arg);
  if (entry.cwd !== undefined && syntax !== 'claude-code') expanded.cwd = one(entry.cwd, { label: 'cwd', droppable: false }) ?? entry.cwd;
  if (entry.url !== undefined) expanded.url = one(entry.url, { label: 'url', droppable: false }) ?? entry.url;
  if (entry.env !== undefined) expanded.env = expandMap(entry.env, 'env', one);
  if (entry.headers !== undefined) expanded.headers = expandMap(entry.headers, 'headers', one);

  if (blockingInputs.size > 0) {
    const list = [...blockingInputs]
      .map(([id, fields]) => `${quoteUntrusted(`\${input:${id}}`, 80)} (${[...fields].join(', ')})`)
      .join(', ');
    return {
      ok: false,
      notes,
      reason: `needs ${list}, which VS Code asks of the user when the server starts; mcp-risk cannot ask, so it is not scanned`,
    };
  }
  if (unset.size > 0) {
    const list = [...unset].map(([name, fields]) => `${quoteUntrusted(name, 60)} (${[...fields].join(', ')})`).join(', ');
    if (syntax === 'claude-code') {
      const first = [...unset.keys()][0] ?? 'VAR';
      return {
        ok: false,
        notes,
        reason: `environment variable ${list} is not set and has no default, so Claude Code would not start it; set it, or write \${${first}:-default}`,
      };
    }
    notes.push(
      `environment variable ${list} is not set: expanded to an empty string, as ${syntax === 'vscode' ? 'VS Code' : 'Cursor'} does`,
    );
  }
  const problem = checkExpanded(expanded);
  if (problem !== undefined) return { ok: false, notes, reason: problem };
  return { ok: true, entry: expanded, notes };
}

function expandMap(
  map: Record<string, string>,
  field: 'env' | 'headers',
  one: (text: string, field: Field) => string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(map)) {
    const text = one(value, { label: `${field} ${quoteUntrusted(name, 60)}`, droppable: true });
    if (text !== undefined) Object.defineProperty(out, name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** What expansion may have broken: a URL that no longer parses, a header value that now spans lines. */
function checkExpanded(entry: ServerEntry): string | undefined {
  if (entry.url !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(entry.url);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      return 'its URL, once its variables are expanded, is not an http(s) URL';
  }
  for (const [name, value] of Object.entries(entry.headers ?? {})) {
    if (/[\u0000\r\n]/.test(value)) return `header ${quoteUntrusted(name, 60)}, once its variables are expanded, contains a line break`;
  }
  if (entry.command !== undefined && entry.command.trim() === '') return 'its command is empty once its variables are expanded';
  return undefined;
}

function addTo(map: Map<string, Set<string>>, key: string, field: string): void {
  const fields = map.get(key) ?? new Set<string>();
  fields.add(field);
  map.set(key, fields);
}
