import type { ClientId, ConfigProblem, ConfigScope, DiscoveryContext, ServerEntry } from '../server-entry.js';

/** One place a client keeps MCP servers on this machine. */
export interface ConfigLocation {
  client: ClientId;
  scope: ConfigScope;
  /** A file; or, when `directoryExtensions` is set, a folder whose files with those extensions are each read. */
  path: string;
  directoryExtensions?: readonly string[];
  /** The file usually holds other settings too, so having no server section there is not a problem. */
  sectionOptional: boolean;
}

/** What an extractor knows about the file it reads. */
export interface ExtractSource {
  /** The client the entries are recorded under. */
  client: ClientId;
  file: string;
  scope: ConfigScope;
  /** The working directory, for clients that keep per-project servers in a user file. */
  cwd: string;
  platform: NodeJS.Platform;
  /** Environment used by clients whose config names variables to read (Codex's bearer_token_env_var). */
  env: Record<string, string | undefined>;
}

export interface Extracted {
  entries: ServerEntry[];
  problems: ConfigProblem[];
}

/** One file a client's discovery read, handed to its `settle` step. */
export interface SettledFile {
  location: ConfigLocation;
  document: unknown;
  entries: ServerEntry[];
}

export interface ClientDefinition {
  id: ClientId;
  /** The product's name, for people. */
  label: string;
  /** Where the servers live in a file, for messages (`mcpServers`, `[mcp_servers.<name>]`, ...). */
  section: string;
  /** The files (and folders) this client reads on the machine described by ctx; no file-system access. */
  locate(ctx: DiscoveryContext): ConfigLocation[];
  /** Is this a file name this client writes? Used to pick a reader for one given file. */
  ownsFile(file: string): boolean;
  /** The servers in one parsed document, or undefined when it has no server section of this client's shape. */
  extract(document: unknown, source: ExtractSource): Extracted | undefined;
  /** After discovery read all of this client's files: apply what one file says about another's servers. */
  settle?(files: SettledFile[], ctx: DiscoveryContext): void;
}
