/**
 * What `mcp-risk catalogue` and `publish` read: the store's records as a versioned view in the
 * shape of `scan --format json` — each server a ServerReport with its catalogue fields beside it —
 * and counts over the whole catalogue. No rendering here.
 *
 * In the view, `name` is the catalogue's name for the server (the crawl entry's, as a client
 * config's key names a scanned server), and `error` is the crawl's error when it has one (why the
 * crawl failed or which configuration the server needs), else the scan's. The launch (which may
 * carry placeholder secrets) and the tool hashes stay in the store; a local file a server was
 * listed in is shown by its name, never its folder (public-source.ts).
 */
import { CATEGORIES, isCategory, isSeverity, SCHEMA_VERSION, SEVERITIES } from '../model.js';
import type { Category, ServerReport, Severity } from '../model.js';
import { VERSION } from '../version.js';
import { CRAWL_STATUSES } from './catalogue-model.js';
import type { CatalogueServer, CrawlStatus } from './catalogue-model.js';
import type { CatalogueStore } from './catalogue-store.js';
import { publicSource } from './public-source.js';

export type CatalogueServerView = ServerReport &
  Pick<CatalogueServer, 'id' | 'source' | 'status' | 'metadata' | 'firstSeen' | 'lastCrawled' | 'history'> & {
    error?: { code: string; message: string };
  };

export interface CatalogueView {
  schemaVersion: typeof SCHEMA_VERSION;
  generator: { name: 'mcp-risk'; version: string };
  servers: CatalogueServerView[];
}

export interface ReadCatalogueOptions {
  /** Only this server: its id, or else every server of that name. No match gives no servers. */
  server?: string;
}

function viewOf(server: CatalogueServer): CatalogueServerView {
  return {
    id: server.id,
    ...server.report,
    name: server.name,
    source: publicSource(server.source),
    status: server.status,
    ...(server.error !== undefined ? { error: server.error } : {}),
    metadata: server.metadata,
    firstSeen: server.firstSeen,
    lastCrawled: server.lastCrawled,
    history: server.history,
  };
}

function select(store: CatalogueStore, wanted: string | undefined): CatalogueServer[] {
  if (wanted === undefined) return store.list();
  const byId = store.get(wanted);
  if (byId !== undefined) return [byId];
  return store.list().filter((server) => server.name === wanted);
}

/** The catalogue (or the servers `options.server` names), ordered by id. */
export function readCatalogue(store: CatalogueStore, options: ReadCatalogueOptions = {}): CatalogueView {
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: 'mcp-risk', version: VERSION },
    servers: select(store, options.server).map(viewOf),
  };
}

export interface CatalogueSummary {
  servers: number;
  byStatus: Record<CrawlStatus, number>;
  /** Classified tools of every server. */
  tools: number;
  byCategory: Record<Category, number>;
  bySeverity: Record<Severity, number>;
  /** Findings on those tools (prompt injection, hidden content, ...). */
  findings: number;
  /** Servers whose tools changed at least once between crawls. */
  changedServers: number;
  /** Change records, all servers together. */
  changes: number;
  /** The latest crawl time, or null for an empty catalogue. */
  lastCrawled: string | null;
}

/** Counts over the whole catalogue: servers by crawl status, tools by category and severity, changes. */
export function summarizeCatalogue(store: CatalogueStore): CatalogueSummary {
  const summary: CatalogueSummary = {
    servers: 0,
    byStatus: Object.fromEntries(CRAWL_STATUSES.map((status) => [status, 0])) as Record<CrawlStatus, number>,
    tools: 0,
    byCategory: Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>,
    bySeverity: Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>,
    findings: 0,
    changedServers: 0,
    changes: 0,
    lastCrawled: null,
  };
  for (const server of store.list()) {
    summary.servers += 1;
    summary.byStatus[server.status] += 1;
    for (const tool of server.report.tools) {
      summary.tools += 1;
      if (isCategory(tool.category)) summary.byCategory[tool.category] += 1;
      if (isSeverity(tool.severity)) summary.bySeverity[tool.severity] += 1;
      summary.findings += Array.isArray(tool.findings) ? tool.findings.length : 0;
    }
    if (server.history.length > 0) summary.changedServers += 1;
    summary.changes += server.history.length;
    if (summary.lastCrawled === null || server.lastCrawled > summary.lastCrawled) summary.lastCrawled = server.lastCrawled;
  }
  return summary;
}
