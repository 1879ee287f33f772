/**
 * What a catalogue source yields: one server to crawl, with how to launch it, where it was
 * found and what the source says about it. Everything here came from a registry or a web page
 * and is untrusted data.
 */

export const SOURCE_KINDS = ['list', 'npm', 'registry', 'html'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** How to run or reach the server. */
export type CrawlLaunch =
  /** An npm package: resolved in the registry, installed with scripts disabled, its bin run in the sandbox. */
  | { kind: 'npm'; package: string; version?: string; bin?: string; args?: string[]; env?: Record<string, string> }
  /** A command line from a list file (run in the sandbox). */
  | { kind: 'command'; command: string; args: string[]; env?: Record<string, string> }
  /** A remote server. */
  | { kind: 'url'; url: string; headers?: Record<string, string>; transport?: 'auto' | 'http' | 'sse' }
  /** Known only from a catalogue page: nothing to run (its listed tools may still be classified). */
  | { kind: 'listed-only' };

/** An environment variable or argument the server needs, as its registry entry declares it. */
export interface RequiredSetting {
  name: string;
  /** Secrets get a dummy value; other required values without a default make the server needs-config. */
  secret: boolean;
  description?: string;
  default?: string;
  /** `env`, or `arg` for a positional/named argument. */
  kind: 'env' | 'arg';
}

export interface PackageMetadata {
  name?: string;
  version?: string;
  description?: string;
  repository?: string;
  license?: string;
  homepage?: string;
  weeklyDownloads?: number;
}

export interface CrawlEntry {
  /** Stable identity across crawls, e.g. `npm:@scope/pkg`, `url:https://host/mcp`, `list:servers.json#name`. */
  id: string;
  /** Name for people. */
  name: string;
  source: { kind: SourceKind; location: string };
  launch: CrawlLaunch;
  required?: RequiredSetting[];
  metadata?: PackageMetadata;
  /** Tools a catalogue page lists for this server (name and description only). */
  listedTools?: { name: string; description?: string }[];
}
