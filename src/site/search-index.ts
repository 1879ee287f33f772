/**
 * The prebuilt search index, as script files the search script loads on demand (no fetch, so it
 * works from disk as from a web server):
 *
 *   search/index.js        the manifest: how many documents, the chunk size, which term shards exist
 *   search/t-<key>.js      the terms whose first two characters are <key>, each with the ids of
 *                          the documents that have it in their name ([0]) or only in their
 *                          description ([1])
 *   search/d-<n>.js        documents n*chunk … (n+1)*chunk-1: kind, name, context, page path,
 *                          category, severity
 *
 * Each file is one call, `mcpRiskSearch.<kind>(…, <JSON>)`: data, never code built from server
 * text. A search loads the manifest, the shards of its words and the chunks of the results it
 * shows, so a page stays small however big the catalogue is. Terms are split the same way here
 * and in assets/search.js (search-script.ts): camelCase and every non-letter, non-digit split
 * words, lowercase, at least two characters, a few stop words dropped. Terms never contain `_`,
 * so no term is `__proto__`.
 */
import type { SiteFile } from './site-file.js';
import type { SiteModel } from './site-model.js';
import { lineText, TEXT_LIMITS } from './page-text.js';
import { plural } from './site-words.js';

export const SEARCH_MANIFEST_PATH = 'search/index.js';
export const DOCS_PER_CHUNK = 500;
/** Characters of a description that are indexed. */
const INDEXED_TEXT = 2000;

export const STOP_WORDS: readonly string[] = [
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'for',
  'from',
  'in',
  'is',
  'it',
  'its',
  'of',
  'on',
  'or',
  'that',
  'the',
  'this',
  'to',
  'with',
];
const STOP = new Set(STOP_WORDS);

/** The words of `text` as the index and the search script see them. */
export function searchTokens(text: string): string[] {
  return text
    .slice(0, INDEXED_TEXT)
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length >= 2 && !STOP.has(token));
}

/** The shard a term belongs to: its first two characters, or their code points in hex when not [a-z0-9]. */
export function shardKey(term: string): string {
  const head = Array.from(term).slice(0, 2).join('');
  if (/^[a-z0-9]{2}$/.test(head)) return head;
  return `u${Array.from(head)
    .map((char) => (char.codePointAt(0) ?? 0).toString(16))
    .join('-')}`;
}

/** kind (`s` server, `t` tool), name, context, page path, category, severity. */
export type SearchDoc = [kind: 's' | 't', name: string, context: string, path: string, category: string, severity: string];

interface Postings {
  name: number[];
  description: number[];
}

function call(kind: string, key: string | number, data: unknown): string {
  return `mcpRiskSearch.${kind}(${JSON.stringify(key)},${JSON.stringify(data)});\n`;
}

export function* searchIndexFiles(model: SiteModel): Generator<SiteFile> {
  const docs: SearchDoc[] = [];
  const terms = new Map<string, Postings>();
  const add = (id: number, nameText: string, otherText: string): void => {
    const inName = new Set(searchTokens(nameText));
    for (const term of inName) {
      const postings = terms.get(term) ?? { name: [], description: [] };
      postings.name.push(id);
      terms.set(term, postings);
    }
    for (const term of new Set(searchTokens(otherText))) {
      if (inName.has(term)) continue;
      const postings = terms.get(term) ?? { name: [], description: [] };
      postings.description.push(id);
      terms.set(term, postings);
    }
  };
  for (const server of model.servers) {
    const view = server.view;
    const serverName = lineText(view.name, TEXT_LIMITS.name);
    const packageName = typeof view.metadata?.name === 'string' ? view.metadata.name : '';
    const about = typeof view.metadata?.description === 'string' ? view.metadata.description : '';
    add(docs.length, `${view.name} ${packageName}`, `${about} ${view.id}`);
    docs.push([
      's',
      serverName,
      `MCP server, ${plural(server.tools.length, 'tool')}`,
      server.path,
      '',
      view.summary?.highestSeverity ?? '',
    ]);
    for (const siteTool of server.tools) {
      const { tool } = siteTool;
      add(
        docs.length,
        `${tool.name} ${typeof tool.title === 'string' ? tool.title : ''}`,
        `${typeof tool.description === 'string' ? tool.description : ''} ${view.name}`,
      );
      docs.push(['t', lineText(tool.name, TEXT_LIMITS.name), serverName, siteTool.path, tool.category, tool.severity]);
    }
  }
  const shards = new Map<string, string[]>();
  for (const term of terms.keys()) {
    const key = shardKey(term);
    const list = shards.get(key);
    if (list === undefined) shards.set(key, [term]);
    else list.push(term);
  }
  const keys = [...shards.keys()].sort();
  yield {
    path: SEARCH_MANIFEST_PATH,
    content: `mcpRiskSearch.manifest(${JSON.stringify({ version: 1, docs: docs.length, chunk: DOCS_PER_CHUNK, shards: keys })});\n`,
  };
  for (const key of keys) {
    const shardTerms = (shards.get(key) ?? []).sort();
    const data: Record<string, [number[], number[]]> = {};
    for (const term of shardTerms) {
      const postings = terms.get(term);
      if (postings !== undefined) data[term] = [postings.name, postings.description];
    }
    yield { path: `search/t-${key}.js`, content: call('terms', key, data) };
  }
  for (let chunk = 0; chunk * DOCS_PER_CHUNK < docs.length; chunk += 1) {
    yield { path: `search/d-${chunk}.js`, content: call('docs', chunk, docs.slice(chunk * DOCS_PER_CHUNK, (chunk + 1) * DOCS_PER_CHUNK)) };
  }
}
