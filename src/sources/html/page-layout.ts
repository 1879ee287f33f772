/**
 * One pass over a parsed page that answers, in constant time per element, the questions the
 * extraction heuristics ask again and again: is it page furniture (nav, footer, aside, ...), part
 * of a pagination block, inside a tools section, and how many elements does it hold. Asking
 * them with selector walks (closest, find) per element is quadratic on deeply nested markup,
 * which a hostile page can serve; this keeps extraction linear. Pages nested deeper than
 * MAX_PAGE_DEPTH elements are not read at all (no real catalogue page comes close).
 */
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

export const MAX_PAGE_DEPTH = 400;

export const FURNITURE = 'nav, footer, aside, [role="navigation"], [role="contentinfo"]';
export const PAGINATION = '[class*="pagination" i], [class*="pager" i], [aria-label*="pagination" i]';

export interface PageLayout {
  isFurniture(el: Element): boolean;
  isPagination(el: Element): boolean;
  inTools(el: Element): boolean;
  /** Elements in the subtree of `el`, itself included. */
  size(el: Element): number;
}

const FURNITURE_BIT = 1;
const PAGINATION_BIT = 2;
const TOOLS_BIT = 4;

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** The layout of `root`'s subtree, or undefined when it nests deeper than MAX_PAGE_DEPTH. */
export function analyseLayout($: CheerioAPI, root: Cheerio<Element>, toolSections: readonly Element[]): PageLayout | undefined {
  const furniture = new Set($(FURNITURE).toArray());
  const pagination = new Set($(PAGINATION).toArray());
  const sections = new Set(toolSections);
  const flags = new Map<Element, number>();
  const sizes = new Map<Element, number>();
  const order: Element[] = [];
  const stack: { el: Element; inherited: number; depth: number }[] = root
    .toArray()
    .reverse()
    .map((el) => ({ el, inherited: 0, depth: 0 }));
  while (stack.length > 0) {
    const { el, inherited, depth } = stack.pop() as { el: Element; inherited: number; depth: number };
    if (depth > MAX_PAGE_DEPTH) return undefined;
    let bits = inherited;
    if (furniture.has(el)) bits |= FURNITURE_BIT;
    if (pagination.has(el)) bits |= PAGINATION_BIT;
    if (sections.has(el)) bits |= TOOLS_BIT;
    flags.set(el, bits);
    sizes.set(el, 1);
    order.push(el);
    const children = el.children.filter(isElement);
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const child = children[index];
      if (child !== undefined) stack.push({ el: child, inherited: bits, depth: depth + 1 });
    }
  }
  // Pre-order reversed visits every element after all of its descendants.
  for (let index = order.length - 1; index >= 0; index -= 1) {
    const el = order[index];
    const parent = el?.parent;
    if (el === undefined || parent === null || parent === undefined || !isElement(parent)) continue;
    const parentSize = sizes.get(parent);
    if (parentSize !== undefined) sizes.set(parent, parentSize + (sizes.get(el) ?? 1));
  }
  const has = (el: Element, bit: number): boolean => ((flags.get(el) ?? 0) & bit) !== 0;
  return {
    isFurniture: (el) => has(el, FURNITURE_BIT),
    isPagination: (el) => has(el, PAGINATION_BIT),
    inTools: (el) => has(el, TOOLS_BIT),
    size: (el) => sizes.get(el) ?? 1,
  };
}
