/**
 * The text of an element, as cheerio's .text() would give it, but with bounded work: at most
 * `maxChars` characters are collected and at most `maxNodes` nodes visited. A hostile page can
 * nest the same text thousands of levels deep; reading every level's full text would be
 * quadratic.
 */
import type { AnyNode } from 'domhandler';

export const DEFAULT_TEXT_CHARS = 4000;
export const DEFAULT_TEXT_NODES = 5000;

export function boundedText(root: AnyNode, maxChars = DEFAULT_TEXT_CHARS, maxNodes = DEFAULT_TEXT_NODES): string {
  let text = '';
  let visited = 0;
  const stack: AnyNode[] = [root];
  while (stack.length > 0 && text.length < maxChars && visited < maxNodes) {
    const node = stack.pop() as AnyNode;
    visited += 1;
    if (node.type === 'text') text += node.data;
    else if ('children' in node)
      for (let index = node.children.length - 1; index >= 0; index -= 1) stack.push(node.children[index] as AnyNode);
  }
  return text.slice(0, maxChars);
}

/** The collapsed, trimmed text of the first node of a selection, or undefined when it is empty. */
export function textOf(selection: ArrayLike<AnyNode>, maxChars = DEFAULT_TEXT_CHARS): string | undefined {
  const first = selection[0];
  if (first === undefined) return undefined;
  const text = boundedText(first, maxChars).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}
