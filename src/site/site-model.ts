/**
 * What the site is made of, worked out once from the catalogue: every server and tool with its
 * page path, the lists the listing pages show, the totals the home page shows, and the order in
 * which "other tools of the same category" are picked. Pure data; no markup.
 *
 * Paths are relative to the site's root and made of slugs only:
 *   servers/<server>/index.html            a server
 *   servers/<server>/tools/<tool>.html     a tool
 */
import type { CatalogueServerView, CatalogueView } from '../catalogue/read-catalogue.js';
import type { CrawlStatus } from '../catalogue/catalogue-model.js';
import { CRAWL_STATUSES } from '../catalogue/catalogue-model.js';
import { CATEGORIES, isCategory, isSeverity, SEVERITIES, severityRank } from '../model.js';
import type { Category, ClassifiedTool, Severity } from '../model.js';
import { orderTools } from '../report/order-tools.js';
import { assignSlugs } from './slug.js';

/** Most dangerous first: the order categories are listed in on pages. */
export const CATEGORY_ORDER: readonly Category[] = ['destructive', 'financial', 'execute', 'write', 'read'];

export interface SiteTool {
  tool: ClassifiedTool;
  server: SiteServer;
  slug: string;
  /** The tool page, from the site root. */
  path: string;
  /** Where the tool sits in its category's name order (for related tools). */
  categoryIndex: number;
}

export interface SiteServer {
  view: CatalogueServerView;
  slug: string;
  /** `servers/<slug>/`, where its page, tool pages and policy files live. */
  dir: string;
  /** The server page, from the site root. */
  path: string;
  /** Most severe first, then by name. Only tools with a known category and severity. */
  tools: SiteTool[];
}

export interface SiteTotals {
  servers: number;
  tools: number;
  byStatus: Record<CrawlStatus, number>;
  byCategory: Record<Category, number>;
  bySeverity: Record<Severity, number>;
  findings: number;
  /** The latest crawl of any server, or null for an empty catalogue. */
  lastCrawled: string | null;
}

export interface SiteModel {
  view: CatalogueView;
  /** Ordered by name, then id. */
  servers: SiteServer[];
  totals: SiteTotals;
  /** Each category's tools, most severe first, then by server id and tool name. */
  byCategory: Record<Category, SiteTool[]>;
  /** Each severity's tools, most dangerous category first, then by server id and tool name. */
  bySeverity: Record<Severity, SiteTool[]>;
  /** Each category's tools by tool name, then server id: neighbours here are "related". */
  categoryNameOrder: Record<Category, SiteTool[]>;
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function emptyRecord<K extends string, V>(keys: readonly K[], make: () => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, make()])) as Record<K, V>;
}

/** Tools whose category and severity this program knows (a store edited by hand may hold others). */
function knownTools(view: CatalogueServerView): ClassifiedTool[] {
  const tools = Array.isArray(view.tools) ? view.tools : [];
  const seen = new Set<string>();
  return orderTools(
    tools.filter((tool) => {
      if (typeof tool?.name !== 'string' || !isCategory(tool.category) || !isSeverity(tool.severity) || seen.has(tool.name)) return false;
      seen.add(tool.name);
      return true;
    }),
  );
}

export function buildSiteModel(view: CatalogueView): SiteModel {
  const serverSlugs = assignSlugs(view.servers.map((server) => server.id));
  const servers: SiteServer[] = [];
  const totals: SiteTotals = {
    servers: 0,
    tools: 0,
    byStatus: emptyRecord(CRAWL_STATUSES, () => 0),
    byCategory: emptyRecord(CATEGORIES, () => 0),
    bySeverity: emptyRecord(SEVERITIES, () => 0),
    findings: 0,
    lastCrawled: null,
  };
  const byCategory = emptyRecord<Category, SiteTool[]>(CATEGORIES, () => []);
  const bySeverity = emptyRecord<Severity, SiteTool[]>(SEVERITIES, () => []);
  for (const serverView of view.servers) {
    const slug = serverSlugs.get(serverView.id) ?? 'item';
    const dir = `servers/${slug}/`;
    const server: SiteServer = { view: serverView, slug, dir, path: `${dir}index.html`, tools: [] };
    const tools = knownTools(serverView);
    const toolSlugs = assignSlugs(tools.map((tool) => tool.name));
    for (const tool of tools) {
      const toolSlug = toolSlugs.get(tool.name) ?? 'item';
      const siteTool: SiteTool = { tool, server, slug: toolSlug, path: `${dir}tools/${toolSlug}.html`, categoryIndex: -1 };
      server.tools.push(siteTool);
      byCategory[tool.category].push(siteTool);
      bySeverity[tool.severity].push(siteTool);
      totals.byCategory[tool.category] += 1;
      totals.bySeverity[tool.severity] += 1;
      totals.findings += Array.isArray(tool.findings) ? tool.findings.length : 0;
    }
    totals.servers += 1;
    totals.tools += server.tools.length;
    if ((CRAWL_STATUSES as readonly string[]).includes(serverView.status)) totals.byStatus[serverView.status] += 1;
    if (totals.lastCrawled === null || serverView.lastCrawled > totals.lastCrawled) totals.lastCrawled = serverView.lastCrawled;
    servers.push(server);
  }
  servers.sort((a, b) => compareText(a.view.name, b.view.name) || compareText(a.view.id, b.view.id));

  const byServerThenName = (a: SiteTool, b: SiteTool): number =>
    compareText(a.server.view.id, b.server.view.id) || compareText(a.tool.name, b.tool.name);
  for (const category of CATEGORIES) {
    byCategory[category].sort((a, b) => severityRank(b.tool.severity) - severityRank(a.tool.severity) || byServerThenName(a, b));
  }
  for (const severity of SEVERITIES) {
    bySeverity[severity].sort(
      (a, b) => CATEGORY_ORDER.indexOf(a.tool.category) - CATEGORY_ORDER.indexOf(b.tool.category) || byServerThenName(a, b),
    );
  }
  const categoryNameOrder = emptyRecord<Category, SiteTool[]>(CATEGORIES, () => []);
  for (const category of CATEGORIES) {
    const ordered = [...byCategory[category]].sort(
      (a, b) => compareText(a.tool.name.toLowerCase(), b.tool.name.toLowerCase()) || byServerThenName(a, b),
    );
    ordered.forEach((siteTool, index) => {
      siteTool.categoryIndex = index;
    });
    categoryNameOrder[category] = ordered;
  }
  return { view, servers, totals, byCategory, bySeverity, categoryNameOrder };
}

/**
 * Up to `limit` tools of the same category on other servers: the nearest in name order,
 * alternating after and before. Adding or removing a tool changes only its neighbours' lists.
 */
export function relatedTools(model: SiteModel, siteTool: SiteTool, limit = 10): SiteTool[] {
  const ordered = model.categoryNameOrder[siteTool.tool.category];
  const found: SiteTool[] = [];
  let after = siteTool.categoryIndex + 1;
  let before = siteTool.categoryIndex - 1;
  const own = siteTool.server.view.id;
  while (found.length < limit && (after < ordered.length || before >= 0)) {
    while (after < ordered.length && ordered[after]?.server.view.id === own) after += 1;
    const next = ordered[after];
    if (next !== undefined) {
      found.push(next);
      after += 1;
    }
    if (found.length >= limit) break;
    while (before >= 0 && ordered[before]?.server.view.id === own) before -= 1;
    const previous = ordered[before];
    if (previous !== undefined) {
      found.push(previous);
      before -= 1;
    }
  }
  return found;
}

/** The servers with the most dangerous tools: most critical, then high, then destructive and financial tools. */
export function mostDangerousServers(model: SiteModel, limit = 10): SiteServer[] {
  const score = (server: SiteServer): number[] => {
    const counts = { critical: 0, high: 0, harmful: 0 };
    for (const { tool } of server.tools) {
      if (tool.severity === 'critical') counts.critical += 1;
      if (tool.severity === 'high') counts.high += 1;
      if (tool.category === 'destructive' || tool.category === 'financial') counts.harmful += 1;
    }
    return [counts.critical, counts.high, counts.harmful, server.tools.length];
  };
  return model.servers
    .filter((server) => server.tools.some((siteTool) => siteTool.tool.severity === 'critical' || siteTool.tool.severity === 'high'))
    .map((server) => ({ server, score: score(server) }))
    .sort((a, b) => {
      for (let i = 0; i < a.score.length; i += 1) {
        const diff = (b.score[i] ?? 0) - (a.score[i] ?? 0);
        if (diff !== 0) return diff;
      }
      return compareText(a.server.view.id, b.server.view.id);
    })
    .slice(0, limit)
    .map((entry) => entry.server);
}
