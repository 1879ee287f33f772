/**
 * A linear pre-scan of raw HTML that refuses markup too costly to parse. HTML parsers spend
 * time per tag in proportion to how deeply the tag is nested (parse5, like browsers, checks
 * the stack of open elements), so a few megabytes of hostile markup — tens of thousands of
 * unclosed elements — would take minutes. The scan counts tags and estimates nesting with a
 * light model of HTML's rules (void elements, raw-text elements, comments, the usual implied
 * end tags, stray end tags ignored); a page over either budget is not parsed. Real catalogue
 * pages stay far below both.
 */

/** Start and end tags together. */
export const MAX_MARKUP_TAGS = 200_000;
export const MAX_MARKUP_DEPTH = 512;

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'frame',
  'basefont',
  'bgsound',
  'image',
]);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);
const BLOCKS = [
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'dialog',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
  'li',
  'dd',
  'dt',
];
/** Start tags that end an open element of these kinds first. */
const CLOSES: ReadonlyMap<string, ReadonlySet<string>> = new Map<string, ReadonlySet<string>>([
  ...BLOCKS.map((tag): [string, ReadonlySet<string>] => [tag, new Set(['p'])]),
  ['li', new Set(['p', 'li'])],
  ['dt', new Set(['p', 'dt', 'dd'])],
  ['dd', new Set(['p', 'dt', 'dd'])],
  ['tr', new Set(['tr', 'td', 'th'])],
  ['td', new Set(['td', 'th'])],
  ['th', new Set(['td', 'th'])],
  ['thead', new Set(['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'])],
  ['tbody', new Set(['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'])],
  ['tfoot', new Set(['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['option', 'optgroup'])],
]);
/** How far down the stack an end tag looks for its element before it is taken as stray. */
const END_TAG_REACH = 64;

/** Why the markup is not parsed, or undefined when it is within budget. */
export function markupProblem(html: string): string | undefined {
  const stack: string[] = [];
  const name = /\/?([A-Za-z][A-Za-z0-9:-]{0,63})/y;
  const rawEnds = new Map<string, RegExp>();
  let tags = 0;
  // The next `>` at or after a position, found once per stretch of text (keeps the scan linear).
  let nextGt = -2;
  const gtAfter = (from: number): number => {
    if (nextGt !== -1 && nextGt < from) nextGt = html.indexOf('>', from);
    return nextGt;
  };
  let index = html.indexOf('<');
  while (index >= 0 && index < html.length) {
    if (html.startsWith('<!--', index)) {
      const end = html.indexOf('-->', index + 4);
      if (end < 0) break;
      index = html.indexOf('<', end + 3);
      continue;
    }
    name.lastIndex = index + 1;
    const match = name.exec(html);
    const close = gtAfter(index + 1);
    if (close < 0) break;
    if (match === null) {
      // `<!doctype>`, `<?...>`, or a `<` that starts no tag.
      index = html.indexOf('<', html[index + 1] === '!' || html[index + 1] === '?' ? close + 1 : index + 1);
      continue;
    }
    tags += 1;
    if (tags > MAX_MARKUP_TAGS) return `it has more than ${MAX_MARKUP_TAGS} tags; not read`;
    const tagName = (match[1] ?? '').toLowerCase();
    index = html.indexOf('<', close + 1);
    if (match[0].startsWith('/')) {
      const floor = Math.max(0, stack.length - END_TAG_REACH);
      for (let at = stack.length - 1; at >= floor; at -= 1) {
        if (stack[at] === tagName) {
          stack.length = at;
          break;
        }
      }
      continue;
    }
    const closes = CLOSES.get(tagName);
    while (closes !== undefined && stack.length > 0 && closes.has(stack[stack.length - 1] ?? '')) stack.pop();
    if (RAW_TEXT.has(tagName)) {
      let rawEnd = rawEnds.get(tagName);
      if (rawEnd === undefined) {
        rawEnd = new RegExp(`</${tagName}`, 'gi');
        rawEnds.set(tagName, rawEnd);
      }
      rawEnd.lastIndex = close + 1;
      const end = rawEnd.exec(html);
      index = end === null ? -1 : end.index;
      continue;
    }
    if (VOID.has(tagName) || html[close - 1] === '/') continue;
    stack.push(tagName);
    if (stack.length > MAX_MARKUP_DEPTH) return `it nests elements more than ${MAX_MARKUP_DEPTH} deep; not read`;
  }
  return undefined;
}
