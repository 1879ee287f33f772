/**
 * What one catalogue page says, read with cheerio from its HTML (nothing on it is run):
 * the server cards it lists, the server it describes (when it is a detail page), and the
 * links worth following.
 *
 * Heuristics, in the order they apply:
 *   - Page furniture (`nav`, `footer`, `aside`, ARIA navigation/contentinfo) and the contents of
 *     `script`, `style`, `template`, `noscript`, `svg` are ignored.
 *   - A card is the innermost `article`, `li`, `a`, `section` or element with a class containing
 *     `card`, `server` or `item` (or any element with `data-mcp-server`, `data-server`,
 *     `data-server-name`) that either carries those data attributes, or has a name heading
 *     (h2–h6 that is not a section title such as "Installation" or "Tools") together with a link
 *     to another page of the site, an npmjs.com link, or an install command / MCP URL. Never a
 *     card: what holds the page's h1, a link around the heading alone (its holder is the card),
 *     anything inside page furniture, pagination or a tools section.
 *     Its name comes from `data-server-name`/`data-mcp-server`/`data-name`, else the heading;
 *     its detail page from the card's own link, the heading's link, or its first same-site link.
 *   - A detail page has a name (`data-server-name`, else its h1) and, outside the cards, an npm
 *     package, an MCP URL or a list of tools.
 *   - npm package and MCP URL: `data-npm`/`data-package` and `data-mcp-url` attributes, else the
 *     text of `code`, `pre`, `kbd`, `samp`, copy boxes (`input`/`textarea` values,
 *     `data-clipboard-text`, `data-copy`, `data-command`) and links (see find-install.ts).
 *   - Tools: see extract-tools.ts. Repository: the first GitHub/GitLab/Codeberg repository link.
 *   - Links: pagination (`rel=next`, links labelled next/older/more/›/», links inside an
 *     element named pagination or pager, `?page=N` and `/page/N` URLs), card detail pages, and
 *     any other link under the start URL's path; only http(s) links of the same origin, without
 *     their fragment, and not to files (images, archives, feeds, ...).
 * Work is bounded for hostile markup: markup too costly to parse is refused before parsing
 * (markup-budget.ts), one linear pass answers the layout questions (page-layout.ts), a page
 * nested more than 400 deep is not read, a card holds at most 400
 * elements, text is read with bounded work (bounded-text.ts), and counts are capped.
 */
import { load } from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { boundedText, textOf } from './bounded-text.js';
import { extractTools, selfAndDescendants, toolSections } from './extract-tools.js';
import type { ListedTool, ToolReadOptions } from './extract-tools.js';
import { markupProblem } from './markup-budget.js';
import { analyseLayout, MAX_PAGE_DEPTH } from './page-layout.js';
import type { PageLayout } from './page-layout.js';
import { findMcpUrl, findNpmPackage } from './find-install.js';
import { isPublicHttpUrl } from '../http/public-url.js';
import { isNpmPackageName } from '../../npm-registry/npm-package-name.js';

export interface PageServer {
  name: string;
  description?: string;
  npmPackage?: string;
  mcpUrl?: string;
  repository?: string;
  tools: ListedTool[];
  /** The page of the site the card links to for this server. */
  detailUrl?: string;
}

export interface PageLinks {
  pagination: string[];
  detail: string[];
  /** Other same-site links under the start path. */
  within: string[];
}

export interface PageExtract {
  /** The server this page is about, when it is a detail page. */
  server?: PageServer;
  cards: PageServer[];
  links: PageLinks;
  /** Why the page was not read, when it was not. */
  problem?: string;
}

/** Which links belong to the crawl: same origin, and (for plain links) under this path. */
export interface SiteScope {
  origin: string;
  pathPrefix: string;
}

export const MAX_CARDS_PER_PAGE = 1000;
export const MAX_LINKS_PER_PAGE = 2000;
const MAX_NAME_CHARS = 200;
const MAX_DESCRIPTION_CHARS = 2000;

/** A card holds a name, a line or two, a command: more elements than this make a container. */
const MAX_CARD_ELEMENTS = 400;
const MAX_CARD_CANDIDATES = 20_000;
const MAX_ANCHORS_PER_PAGE = 20_000;
const MAX_CODE_TEXT_CHARS = 20_000;
const MAX_INSTALL_TEXT_CHARS = 1_000_000;
const CARD_CANDIDATES =
  '[data-mcp-server], [data-server], [data-server-name], article, li, a[href], section, [class*="card" i], [class*="server" i], [class*="item" i]';
const SERVER_DATA = '[data-mcp-server], [data-server], [data-server-name]';
const NAME_HEADINGS = 'h2, h3, h4, h5, h6';
const SECTION_TITLE =
  /^(?:install(?:ation|ing)?|usage|how to use|tools|available tools|prompts|resources|configuration|config|setup|set ?up|overview|features|readme|quick ?start|getting started|examples?|requirements|prerequisites|license|about|faq|related(?: servers)?|similar servers|environment(?: variables)?|api|links|details|description|changelog|security|support|contributing|authors?|categories|tags)\b[\s:]*$/i;
const NEXT_LABEL = /^(?:next(?: page)?|older(?: posts| entries)?|more|load more|show more|›|»|→|>|>>|next ›|next »|next →)$/i;
const FILE_EXTENSION =
  /\.(?:png|jpe?g|gif|webp|svg|ico|css|js|mjs|json|xml|rss|atom|zip|gz|tgz|tar|pdf|mp4|webm|mp3|woff2?|ttf|txt|csv|wasm)$/i;
const REPOSITORY = /^https:\/\/(?:github\.com|gitlab\.com|codeberg\.org)\/[\w.-]+\/[\w.-]+\/?$/i;

export function extractPage(html: string, pageUrl: URL, scope: SiteScope): PageExtract {
  const noLinks: PageLinks = { pagination: [], detail: [], within: [] };
  const problem = markupProblem(html);
  if (problem !== undefined) return { cards: [], links: noLinks, problem };
  const $ = load(html);
  $('script, style, template, noscript, svg, iframe, object, embed').remove();
  const base = baseUrl($, pageUrl, scope);
  const resolve = (href: string | undefined): URL | undefined => resolveLink(href, base);
  const body = $('body');
  const sections = toolSections($, body);
  const layout = analyseLayout($, body, sections);
  if (layout === undefined) {
    return { cards: [], links: noLinks, problem: `it nests elements more than ${MAX_PAGE_DEPTH} deep; not read` };
  }

  const cardElements = findCards($, body, { pageUrl, scope, resolve, layout });
  const cardParts = new Set<Element>();
  for (const card of cardElements) {
    cardParts.add(card);
    for (const inner of $(card).find('*').toArray()) cardParts.add(inner);
  }
  const cards = cardElements
    .slice(0, MAX_CARDS_PER_PAGE)
    .map((card) => readCard($, $(card), pageUrl, scope, resolve))
    .filter((card) => card !== undefined);

  const outside = (el: Element): boolean => cardParts.has(el) || layout.isFurniture(el);
  const server = readDetail($, body, resolve, { skip: outside, sections, inSection: layout.inTools, size: layout.size });
  const links = collectLinks($, pageUrl, scope, resolve, cards, layout);
  return {
    ...(server === undefined ? {} : { server }),
    // On a detail page, keep only cards about other servers (related servers), not the page's own.
    cards: server === undefined ? cards : cards.filter((card) => card.detailUrl !== undefined && card.detailUrl !== pageKey(pageUrl)),
    links,
  };
}

function baseUrl($: CheerioAPI, pageUrl: URL, scope: SiteScope): URL {
  const href = $('base[href]').first().attr('href');
  const base = resolveLink(href, pageUrl);
  return base !== undefined && base.origin === scope.origin ? base : pageUrl;
}

function resolveLink(href: string | undefined, base: URL): URL | undefined {
  if (href === undefined || href.length > 4096) return undefined;
  const trimmed = href.trim();
  if (trimmed === '' || /^(?:javascript|data|mailto|tel|blob|file|vbscript):/i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url;
  } catch {
    return undefined;
  }
}

/** A page's identity in the crawl: its URL without fragment. */
export function pageKey(url: URL): string {
  const copy = new URL(url);
  copy.hash = '';
  return copy.href;
}

interface CardContext {
  pageUrl: URL;
  scope: SiteScope;
  resolve: (href: string | undefined) => URL | undefined;
  layout: PageLayout;
}

function findCards($: CheerioAPI, body: Cheerio<Element>, context: CardContext): Element[] {
  const qualifying = new Set<Element>();
  const { layout } = context;
  for (const el of body.find(CARD_CANDIDATES).toArray().slice(0, MAX_CARD_CANDIDATES)) {
    if (layout.size(el) > MAX_CARD_ELEMENTS || layout.inTools(el) || layout.isFurniture(el) || layout.isPagination(el)) continue;
    if (isCard($, $(el), context)) qualifying.add(el);
  }
  // Innermost only: a grid or list that holds cards is not itself a card.
  return [...qualifying].filter(
    (el) =>
      !$(el)
        .find('*')
        .toArray()
        .some((inner) => qualifying.has(inner)),
  );
}

function isCard($: CheerioAPI, el: Cheerio<Element>, context: CardContext): boolean {
  // The h1 is the page's own title: what holds it is the page (or its header), not a card on it.
  if (el.is('h1') || el.find('h1').length > 0) return false;
  if (el.is(SERVER_DATA)) return true;
  const heading = nameHeading(el);
  if (heading === undefined) return false;
  // A link around the heading alone is the card's title link; the card is what holds it.
  if (el.is('a') && textOf(el) === heading) return false;
  if (cardLink($, el, context.pageUrl, context.scope, context.resolve) !== undefined) return true;
  const links = linksIn($, el, context.resolve);
  if (links.some((href) => /^https?:\/\/(?:www\.)?npmjs\.(?:com|org)\/package\//i.test(href))) return true;
  const texts = installTexts($, el);
  return findNpmPackage(texts, []) !== undefined || findMcpUrl(texts, []) !== undefined;
}

function nameHeading(el: Cheerio<Element>): string | undefined {
  const text = textOf(el.find(NAME_HEADINGS).first(), MAX_NAME_CHARS + 1);
  if (text === undefined || text.length > MAX_NAME_CHARS || SECTION_TITLE.test(text)) return undefined;
  return text;
}

/** The same-site page a card links to, other than the page itself. */
function cardLink(
  $: CheerioAPI,
  el: Cheerio<Element>,
  pageUrl: URL,
  scope: SiteScope,
  resolve: CardContext['resolve'],
): string | undefined {
  const candidates = [
    ...(el.is('a[href]') ? [el.attr('href')] : []),
    el.find(NAME_HEADINGS).first().find('a[href]').first().attr('href'),
    el.find(NAME_HEADINGS).first().closest('a[href]').attr('href'),
    ...el
      .find('a[href]')
      .toArray()
      .map((a) => $(a).attr('href')),
  ];
  const own = pageKey(pageUrl);
  for (const href of candidates) {
    const url = resolve(href);
    if (url === undefined || url.origin !== scope.origin || FILE_EXTENSION.test(url.pathname)) continue;
    const key = pageKey(url);
    if (key !== own) return key;
  }
  return undefined;
}

function readCard(
  $: CheerioAPI,
  el: Cheerio<Element>,
  pageUrl: URL,
  scope: SiteScope,
  resolve: CardContext['resolve'],
): PageServer | undefined {
  const name = clip(
    dataValue(el, 'data-server-name') ??
      dataValue(el, 'data-mcp-server') ??
      dataValue(el, 'data-name') ??
      nameHeading(el) ??
      textOf(el.find(NAME_HEADINGS).first()),
    MAX_NAME_CHARS,
  );
  if (name === undefined) return undefined;
  const links = linksIn($, el, resolve);
  const texts = installTexts($, el);
  const server: PageServer = { name, tools: extractTools($, el) };
  const description = dataValue(el, 'data-description') ?? textOf(el.find('p').first());
  if (description !== undefined) server.description = clip(description, MAX_DESCRIPTION_CHARS);
  const npm = npmAttribute(el) ?? findNpmPackage(texts, links);
  if (npm !== undefined) server.npmPackage = npm;
  const url = urlAttribute(el) ?? findMcpUrl(texts, links);
  if (url !== undefined) server.mcpUrl = url;
  const repository = links.find((href) => REPOSITORY.test(href));
  if (repository !== undefined) server.repository = repository;
  const detailUrl = cardLink($, el, pageUrl, scope, resolve);
  if (detailUrl !== undefined) server.detailUrl = detailUrl;
  return server;
}

function readDetail(
  $: CheerioAPI,
  body: Cheerio<Element>,
  resolve: CardContext['resolve'],
  toolOptions: ToolReadOptions & { skip: (el: Element) => boolean },
): PageServer | undefined {
  const outside = toolOptions.skip;
  const keep = (el: Element): boolean => !outside(el);
  const named = selfAndDescendants(body, '[data-server-name]').filter(keep)[0];
  const h1 = body.find('h1').toArray().filter(keep)[0];
  const name = clip(
    named !== undefined ? (dataValue($(named), 'data-server-name') ?? textOf($(named))) : h1 !== undefined ? textOf($(h1)) : undefined,
    MAX_NAME_CHARS,
  );
  if (name === undefined) return undefined;

  const texts = installTexts($, body, keep);
  const links = linksIn($, body, resolve, keep);
  const marked = selfAndDescendants(body, '[data-npm], [data-package], [data-mcp-url]').filter(keep);
  const npm = marked.map((el) => npmAttribute($(el))).find((value) => value !== undefined) ?? findNpmPackage(texts, links);
  const url = marked.map((el) => urlAttribute($(el))).find((value) => value !== undefined) ?? findMcpUrl(texts, links);
  const tools = extractTools($, body, toolOptions);
  if (npm === undefined && url === undefined && tools.length === 0) return undefined;

  const server: PageServer = { name, tools };
  const description =
    $('meta[name="description"]').attr('content')?.trim() ||
    $('meta[property="og:description"]').attr('content')?.trim() ||
    (h1 !== undefined ? textOf($(h1).nextAll('p').first()) : undefined);
  if (description !== undefined && description !== '') server.description = clip(description, MAX_DESCRIPTION_CHARS);
  if (npm !== undefined) server.npmPackage = npm;
  if (url !== undefined) server.mcpUrl = url;
  const repository = links.find((href) => REPOSITORY.test(href));
  if (repository !== undefined) server.repository = repository;
  return server;
}

/** Text a page shows for copying: code, copy boxes and copy-button payloads, in page order. */
function installTexts($: CheerioAPI, root: Cheerio<Element>, keep: (el: Element) => boolean = () => true): string[] {
  const texts: string[] = [];
  let chars = 0;
  for (const el of selfAndDescendants(
    root,
    'code, pre, kbd, samp, input[value], textarea, [data-clipboard-text], [data-copy], [data-command], [data-install]',
  )) {
    if (chars > MAX_INSTALL_TEXT_CHARS) break;
    if (!keep(el)) continue;
    const $el = $(el);
    for (const attr of ['data-clipboard-text', 'data-copy', 'data-command', 'data-install']) {
      const value = $el.attr(attr);
      if (value !== undefined && value !== '') texts.push(value.slice(0, MAX_CODE_TEXT_CHARS));
    }
    if ($el.is('input')) texts.push(($el.attr('value') ?? '').slice(0, MAX_CODE_TEXT_CHARS));
    // Code inside code is read with its outer block, once.
    else if ($el.is('code, pre, kbd, samp, textarea') && $el.parent().closest('code, pre, kbd, samp, textarea').length === 0) {
      texts.push(boundedText(el, MAX_CODE_TEXT_CHARS));
    }
    chars += texts.at(-1)?.length ?? 0;
  }
  return texts;
}

function linksIn(
  $: CheerioAPI,
  root: Cheerio<Element>,
  resolve: CardContext['resolve'],
  keep: (el: Element) => boolean = () => true,
): string[] {
  return selfAndDescendants(root, 'a[href]')
    .filter(keep)
    .slice(0, MAX_LINKS_PER_PAGE)
    .map((a) => resolve($(a).attr('href'))?.href)
    .filter((href) => href !== undefined);
}

function npmAttribute(el: Cheerio<Element>): string | undefined {
  const value = dataValue(el, 'data-npm') ?? dataValue(el, 'data-package');
  return value !== undefined && isNpmPackageName(value) ? value : undefined;
}

function urlAttribute(el: Cheerio<Element>): string | undefined {
  const value = dataValue(el, 'data-mcp-url');
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    url.hash = '';
    return isPublicHttpUrl(url) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function collectLinks(
  $: CheerioAPI,
  pageUrl: URL,
  scope: SiteScope,
  resolve: CardContext['resolve'],
  cards: PageServer[],
  layout: PageLayout,
): PageLinks {
  const links: PageLinks = { pagination: [], detail: [], within: [] };
  const seen = new Set<string>([pageKey(pageUrl)]);
  const take = (list: string[], url: URL | undefined): void => {
    if (url === undefined || url.origin !== scope.origin || FILE_EXTENSION.test(url.pathname)) return;
    const key = pageKey(url);
    if (seen.has(key) || seen.size > MAX_LINKS_PER_PAGE) return;
    seen.add(key);
    list.push(key);
  };
  $('a[rel~="next" i], link[rel~="next" i]').each((_, el) => take(links.pagination, resolve($(el).attr('href'))));
  const anchors = $('a[href]').toArray().slice(0, MAX_ANCHORS_PER_PAGE);
  for (const el of anchors) {
    const $el = $(el);
    const label = ($el.attr('aria-label') ?? textOf($el, 40) ?? '').replace(/\s+/g, ' ').trim();
    if (NEXT_LABEL.test(label) || /^next\b/i.test($el.attr('aria-label') ?? '') || layout.isPagination(el))
      take(links.pagination, resolve($el.attr('href')));
    else {
      const url = resolve($el.attr('href'));
      const nearby = url !== undefined && (url.pathname === pageUrl.pathname || url.pathname.startsWith(scope.pathPrefix));
      if (nearby && isPageNumberUrl(url)) take(links.pagination, url);
    }
  }
  for (const card of cards) if (card.detailUrl !== undefined) take(links.detail, new URL(card.detailUrl));
  for (const el of anchors) {
    const url = resolve($(el).attr('href'));
    if (url !== undefined && url.pathname.startsWith(scope.pathPrefix)) take(links.within, url);
  }
  return links;
}

function isPageNumberUrl(url: URL): boolean {
  for (const name of ['page', 'p', 'pg']) {
    const value = url.searchParams.get(name);
    if (value !== null && /^\d{1,6}$/.test(value)) return true;
  }
  return /\/page\/\d{1,6}\/?$/i.test(url.pathname);
}

function dataValue(el: Cheerio<Element>, name: string): string | undefined {
  const value = el.attr(name)?.replace(/\s+/g, ' ').trim();
  return value === undefined || value === '' || value === 'true' ? undefined : value;
}

function clip(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  return text.length > max ? text.slice(0, max) : text;
}
