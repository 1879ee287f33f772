/**
 * What an MCP client config file says about one server, in one shape for
 * every client: how to start it (stdio) or where to reach it (http, sse).
 *
 * Env and header values may hold secrets: they are data for the connector,
 * never for display (see describe-entry.ts).
 */

export const CLIENT_IDS = [
  'claude-desktop',
  'claude-code',
  'cursor',
  'vscode',
  'windsurf',
  'gemini-cli',
  'codex',
  'zed',
  'continue',
  'cline',
  'generic',
] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

export const CONFIG_SCOPES = ['user', 'project'] as const;
export type ConfigScope = (typeof CONFIG_SCOPES)[number];

export type EntryTransport = 'stdio' | 'http' | 'sse';

export interface ServerEntry {
  /** The server's name in its config file. */
  name: string;
  client: ClientId;
  /** Absolute path of the file it came from. */
  file: string;
  /** `user`: applies everywhere for this user; `project`: applies to the project in the working directory. */
  scope: ConfigScope;
  transport: EntryTransport;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  url?: string;
  headers?: Record<string, string>;
  /** The client has this server switched off; the caller decides whether to scan it. */
  disabled?: boolean;
}

/** Where to look: user-scope files hang off `home`, project-scope files off `cwd`. */
export interface DiscoveryContext {
  home: string;
  cwd: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
}

/** Something wrong in one file or one entry that did not stop the rest from being read. */
export interface ConfigProblem {
  file: string;
  /** The server the problem is about, when it is about one. */
  server?: string;
  message: string;
}

export function isClientId(value: unknown): value is ClientId {
  return typeof value === 'string' && (CLIENT_IDS as readonly string[]).includes(value);
}
