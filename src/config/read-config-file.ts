import os from 'node:os';
import path from 'node:path';
import { extractServers } from './extract-servers.js';
import { configFormatOf, parseConfigText } from '../hostile-text/parse-config-text.js';
import { readBoundedText } from '../hostile-text/read-bounded-text.js';
import type { ClientId, ConfigProblem, ConfigScope, ServerEntry } from './server-entry.js';

export interface ReadConfigOptions {
  /** Read the file as this client's; otherwise its name, then its keys, decide. */
  client?: ClientId;
  /** Record entries with this scope; otherwise guessed from where the file is. */
  scope?: ConfigScope;
  /** The project whose Claude Code local servers (`projects.<cwd>.mcpServers` in ~/.claude.json) apply. Default: process.cwd(). */
  cwd?: string;
  /** The user's home, for guessing the scope. Default: os.homedir(). */
  home?: string;
  /** Environment for variables a config refers to (Codex's bearer_token_env_var). Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Told about each entry that was skipped (no command nor URL, bad field, ...); such entries are never returned. */
  onProblem?: (problem: ConfigProblem) => void;
}

/**
 * The servers in one MCP client config file, in any client's shape (JSON/JSONC,
 * YAML, TOML). Throws InputError naming the file: `input-unreadable` when it
 * cannot be read or is over 5 MB, `config-invalid` when it does not parse or
 * has no server section. An entry that cannot be used is skipped and passed to
 * `onProblem`; disabled entries are returned with `disabled: true`.
 */
export async function readConfigFile(file: string, options: ReadConfigOptions = {}): Promise<ServerEntry[]> {
  const absolute = path.resolve(file);
  const text = await readBoundedText(absolute);
  const document = parseConfigText(text, configFormatOf(absolute), absolute);
  const extracted = extractServers(document, {
    file: absolute,
    scope: options.scope ?? guessScope(absolute, options.home ?? os.homedir()),
    cwd: options.cwd ?? process.cwd(),
    platform: process.platform,
    env: options.env ?? process.env,
    ...(options.client === undefined ? {} : { client: options.client }),
  });
  if (options.onProblem !== undefined) for (const problem of extracted.problems) options.onProblem(problem);
  return extracted.entries;
}

/**
 * `project` for files that live in a project folder (`.mcp.json`, `.vscode/`,
 * `.zed/`, and `.cursor/`, `.gemini/`, `.codex/`, `.continue/mcpServers/` outside
 * the home folder); `user` otherwise.
 */
export function guessScope(file: string, home: string): ConfigScope {
  const dir = path.dirname(file);
  const parent = path.basename(dir);
  const grandparent = path.dirname(dir);
  if (path.basename(file) === '.mcp.json' || parent === '.vscode' || parent === '.zed') return 'project';
  if (['.cursor', '.gemini', '.codex'].includes(parent)) return samePath(grandparent, home) ? 'user' : 'project';
  if (parent === 'mcpServers' && path.basename(grandparent) === '.continue') {
    return samePath(path.dirname(grandparent), home) ? 'user' : 'project';
  }
  return 'user';
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}
