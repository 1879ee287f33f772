/**
 * The tools a catalogue page lists for a server, from markup (names and descriptions only):
 *   1. elements marked `data-tool` / `data-tool-name` (with `data-tool-description` or a
 *      `p`/`dd`/second cell for the description) — when any exist, nothing else is read;
 *   2. tables whose header names a tool column (`Tool`, `Tool name`, or `Name` inside a tools
 *      section), with a `Description` column or the next one;
 *   3. inside a tools section — an element whose id or class has the word `tool(s)`
 *      (not `tooltip`), `[data-tools]`, or what follows a heading such as "Tools" or
 *      "Available tools" up to the next heading of its level —: `dl` term/definition pairs,
 *      `ul`/`ol` items (`<code>name</code> description`, or `name: description`), and
 *      h3–h6 headings named like an identifier (lower-case first letter, or with `_ . / -`)
 *      with the paragraph that follows them.
 * A name must look like an MCP tool name (letters, digits, `_ - . /`, at most 128 characters);
 * anything else is not taken as a tool.
 */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { textOf } from './bounded-text.js';
import { isElement } from './page-layout.js';

export interface ListedTool {
  name: string;
  description?: string;
}

export const MAX_LISTED_TOOLS = 500;
export const MAX_TOOL_DESCRIPTION_CHARS = 2000;

const TOOL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,127}$/;
const TOOLS_HEADING = /^\s*(?:available\s+|provided\s+|exposed\s+|mcp\s+|server\s+)?tools\b/i;
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/** A class or id token naming tools: `tools`, `tool-list`, `server_tools`; not `tooltip`. */
export function isToolsToken(token: string): boolean {
  return /^(?:.*[-_])?tools?(?:[-_].*)?$/i.test(token);
}

export interface ToolReadOptions {
  /** Elements to leave out (page furniture, other servers' cards). */
  skip?: (element: Element) => boolean;
  /** The tools sections of `root` and whether an element lies in one, when already known (see page-layout.ts). */
  sections?: readonly Element[];
  inSection?: (element: Element) => boolean;
  /** Elements in an element's subtree, when already known. */
  size?: (element: Element) => number;
}

/** A tool's own markup is small; a marked element holding more is a container, not a tool. */
const MAX_TOOL_ELEMENTS = 200;
const MAX_MARKED = 2 * MAX_LISTED_TOOLS;

export function extractTools($: CheerioAPI, root: Cheerio<Element>, options: ToolReadOptions = {}): ListedTool[] {
  const skip = options.skip ?? (() => false);
  const tools = new ToolList();
  const marked = selfAndDescendants(root, '[data-tool], [data-tool-name]').filter((el) => !skip(el));
  if (marked.length > 0) {
    for (const el of marked.slice(0, MAX_MARKED)) {
      if (options.size !== undefined && options.size(el) > MAX_TOOL_ELEMENTS) continue;
      const $el = $(el);
      const name =
        attribute($el, 'data-tool-name') ??
        attribute($el, 'data-tool') ??
        textOf($el.find('[data-tool-name], code, h3, h4, h5, strong, td, dt').first());
      const description =
        attribute($el, 'data-tool-description') ??
        textOf($el.find('[data-tool-description], p, dd').first()) ??
        textOf($el.children('td').eq(1));
      tools.add(name, description);
    }
    return tools.list();
  }

  const sections = (options.sections ?? toolSections($, root)).filter((el) => !skip(el));
  const inSection = options.inSection ?? localMembership($, sections);
  for (const table of innermostTables(root.find('table').toArray())) {
    if (tools.full) break;
    if (!skip(table)) readTable($, $(table), inSection(table), tools);
  }
  // Each section once: one nested in another is read with it.
  const outermost = sections.filter((section) => section.parent === null || !isElement(section.parent) || !inSection(section.parent));
  for (const section of new Set(outermost)) {
    if (tools.full) break;
    const $section = $(section);
    for (const dl of selfAndDescendants($section, 'dl')) {
      $(dl)
        .children('dt')
        .each((_, dt) => {
          tools.add(textOf($(dt)), textOf($(dt).nextUntil('dt', 'dd').first()));
        });
    }
    for (const list of selfAndDescendants($section, 'ul, ol')) {
      $(list)
        .children('li')
        .each((_, li) => readListItem($(li), tools));
    }
    for (const heading of selfAndDescendants($section, 'h3, h4, h5, h6')) {
      const $heading = $(heading);
      const code = $heading.find('code').first();
      const name = textOf(code.length > 0 ? code : $heading);
      // Sub-headings such as "Tools" or "Prompts" are titles; tool names are identifiers.
      if (name === undefined || TOOLS_HEADING.test(name) || !/^[a-z]|[_./-]/.test(name)) continue;
      tools.add(name, textOf($heading.nextUntil('h1, h2, h3, h4, h5, h6').filter('p').first()));
    }
  }
  return tools.list();
}

/** Membership in a few sections of a small subtree (a card), computed directly. */
function localMembership($: CheerioAPI, sections: readonly Element[]): (el: Element) => boolean {
  const members = new Set<Element>();
  for (const section of sections) {
    members.add(section);
    for (const inner of $(section).find('*').toArray()) members.add(inner);
  }
  return (el) => members.has(el);
}

/** Tables that hold no other table (a table of tools never does; nested layout tables are not read). */
function innermostTables(tables: Element[]): Element[] {
  const holders = new Set<Element>();
  for (const table of tables) {
    for (let node = table.parent; node !== null && isElement(node); node = node.parent) {
      if (node.tagName === 'table') {
        holders.add(node);
        break;
      }
    }
  }
  return tables.filter((table) => !holders.has(table));
}

/** Elements that hold a server's tools (see the file comment). */
export function toolSections($: CheerioAPI, root: Cheerio<Element>): Element[] {
  const sections: Element[] = [];
  for (const el of selfAndDescendants(root, '[data-tools], [id], [class]')) {
    const $el = $(el);
    const tokens = [...($el.attr('id') ?? '').split(/\s+/), ...($el.attr('class') ?? '').split(/\s+/)];
    if ($el.is('[data-tools]') || tokens.some((token) => token !== '' && isToolsToken(token))) sections.push(el);
  }
  root.find(HEADINGS.slice(1, 5).join(', ')).each((_, heading) => {
    const $heading = $(heading);
    if (!TOOLS_HEADING.test(textOf($heading, 200) ?? '')) return;
    const level = HEADINGS.indexOf(heading.tagName.toLowerCase());
    const stop = HEADINGS.slice(0, level + 1).join(', ');
    let following = $heading.nextUntil(stop);
    // A heading wrapped in its own element (a header div): what follows the wrapper.
    if (following.length === 0) following = $heading.parent().nextUntil(stop);
    following.each((__, el) => {
      sections.push(el);
    });
  });
  return sections;
}

/** The elements of `root` and below that match `selector`, in document order. */
export function selfAndDescendants(root: Cheerio<Element>, selector: string): Element[] {
  return [...root.filter(selector).toArray(), ...root.find(selector).toArray()];
}

function readTable($: CheerioAPI, table: Cheerio<Element>, inToolsSection: boolean, tools: ToolList): void {
  const rows = table.children('tr').add(table.children('thead, tbody, tfoot').children('tr'));
  const headRow = table.children('thead').children('tr').first();
  const headerRow = headRow.length > 0 ? headRow : rows.first();
  const headers = headerRow
    .children('th, td')
    .toArray()
    .map((cell) => (textOf($(cell), 200) ?? '').toLowerCase());
  const hasHeader = headerRow.children('th').length > 0;
  let nameColumn = headers.findIndex((h) => /^(?:tool|tools|tool name|mcp tool)$/.test(h));
  if (nameColumn < 0 && inToolsSection) nameColumn = headers.findIndex((h) => /^(?:name|function|command)$/.test(h));
  if (nameColumn < 0 && inToolsSection && !hasHeader) nameColumn = 0;
  if (nameColumn < 0) return;
  let descriptionColumn = headers.findIndex((h) => /^(?:description|what it does|details|summary|purpose)$/.test(h));
  if (descriptionColumn < 0) descriptionColumn = nameColumn + 1;
  rows.each((_, tr) => {
    if (tools.full) return false;
    const $tr = $(tr);
    if (hasHeader && $tr.is(headerRow)) return;
    const cells = $tr.children('td, th');
    if (cells.length === 0 || $tr.children('td').length === 0) return;
    const nameCell = cells.eq(nameColumn);
    const code = nameCell.find('code').first();
    tools.add(textOf(code.length > 0 ? code : nameCell), textOf(cells.eq(descriptionColumn)));
  });
}

function readListItem(li: Cheerio<Element>, tools: ToolList): void {
  const text = textOf(li);
  if (text === undefined) return;
  const lead = li.children('code, strong, b, a').first();
  const leadCode = lead.is('a') ? lead.children('code').first() : lead;
  const name = lead.length > 0 ? textOf(leadCode) : undefined;
  if (name !== undefined && text.startsWith(name)) {
    tools.add(name, text.slice(name.length).replace(/^[\s:—–-]+/, ''));
    return;
  }
  const split = /^(\S+?)\s*(?::|\s[—–-])\s*(.*)$/.exec(text);
  if (split !== null) tools.add(split[1], split[2]);
  else tools.add(text, undefined);
}

function attribute(el: Cheerio<Element>, name: string): string | undefined {
  const value = el.attr(name)?.trim();
  return value === undefined || value === '' || value === 'true' ? undefined : value;
}

/** Tools in page order, each name once, at most MAX_LISTED_TOOLS. */
class ToolList {
  private readonly tools = new Map<string, ListedTool>();

  get full(): boolean {
    return this.tools.size >= MAX_LISTED_TOOLS;
  }

  add(rawName: string | undefined, rawDescription: string | undefined): void {
    if (rawName === undefined || this.tools.size >= MAX_LISTED_TOOLS) return;
    const name = rawName.trim().replace(/^`|`$/g, '').replace(/\(\)$/, '');
    if (!TOOL_NAME.test(name) || this.tools.has(name)) return;
    const description = rawDescription?.replace(/\s+/g, ' ').trim().slice(0, MAX_TOOL_DESCRIPTION_CHARS);
    this.tools.set(name, description === undefined || description === '' ? { name } : { name, description });
  }

  list(): ListedTool[] {
    return [...this.tools.values()];
  }
}
