/**
 * What the catalogue keeps about each crawled server: where it came from, what it is, how its
 * last scan went, its classified tools with a hash of each definition, and the history of how
 * its tools changed between crawls (what a rug-pull check needs).
 */
import type { ServerReport } from '../model.js';
import type { CrawlEntry, PackageMetadata } from '../crawl-entry.js';

export const CRAWL_STATUSES = ['ok', 'failed', 'needs-config', 'listed-only'] as const;
export type CrawlStatus = (typeof CRAWL_STATUSES)[number];

export interface ToolChange {
  tool: string;
  /** Which parts of the definition changed. */
  fields: ('title' | 'description' | 'inputSchema' | 'outputSchema' | 'annotations')[];
}

export interface ChangeRecord {
  /** ISO time of the crawl that saw the change. */
  at: string;
  /** Version before and after, when known (npm packages). */
  fromVersion?: string | null;
  toVersion?: string | null;
  added: string[];
  removed: string[];
  changed: ToolChange[];
}

export interface CatalogueServer {
  /** The crawl entry's stable id (`npm:@scope/pkg`, `url:…`, `list:…#name`). */
  id: string;
  name: string;
  source: CrawlEntry['source'];
  launch: CrawlEntry['launch'];
  /** sha256 of the launch definition the last crawl used (see crawler/due-rule.ts): a changed entry is due at once. */
  launchHash?: string;
  metadata: PackageMetadata;
  status: CrawlStatus;
  /** Why it failed, or which configuration it needs. */
  error?: { code: string; message: string };
  firstSeen: string;
  lastCrawled: string;
  /** How long the last scan took, in milliseconds. */
  durationMs: number;
  /** The classified scan, in the same shape as `scan --format json` (tools empty when not ok). */
  report: ServerReport;
  /** sha256 of each tool's canonical definition, by tool name. */
  toolHashes: Record<string, string>;
  /** Per tool, the hashes of each part, to say what changed. */
  toolPartHashes: Record<string, Partial<Record<ToolChange['fields'][number], string>>>;
  /** Oldest first. The first crawl records no change. */
  history: ChangeRecord[];
}
