/**
 * assets/search.js: search over every server and tool, in the browser, without a framework.
 * It loads the prebuilt index (search-index.ts) as script files from the site itself — lazily,
 * when the search box is first used — so it works opened from disk (file:) and from any static
 * host under a Content-Security-Policy that allows only the site's own scripts. Results are
 * built with createElement and textContent: nothing from the index is ever parsed as HTML, and
 * links go only to page paths made of slug characters.
 *
 * Every word of the query must match the start of a term; a match in a name counts more than
 * one in a description, an exact term more than a prefix. The tokenizer and its stop words are
 * those of search-index.ts, written again in browser JavaScript (the tests check they agree).
 *
 * The script is a real file, src/site/assets/search.js, type-checked with its JSDoc types by
 * tsconfig.assets.json and copied beside this module into dist/ by the build; it is published
 * as it is.
 */
import { readFileSync } from 'node:fs';

/** The asset beside this module: src/site/assets/ under tsx, dist/site/assets/ once built. */
export const SEARCH_SCRIPT_URL = new URL('./assets/search.js', import.meta.url);

let text: string | undefined;

/** The search script's text, read once. */
export function searchScript(): string {
  text ??= readFileSync(SEARCH_SCRIPT_URL, 'utf8');
  return text;
}
