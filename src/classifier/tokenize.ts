/**
 * Turning identifiers and prose into words the rules can read.
 *
 * Tool names come in every style: snake_case, kebab-case, camelCase, PascalCase,
 * dotted, spaced, and run-together lower case (`listfiles`, `getuser`). We split all of
 * them, lower-case the words, and split a run-together word when it starts with a known
 * verb (`listfiles` → `list files`).
 */
import { isKnownVerb, NOUN_LIKE_VERBS } from './verbs.js';

const SPLIT_CACHE = new Map<string, readonly string[]>();
const SPLIT_CACHE_LIMIT = 50_000;

/** Split an identifier into lower-case words (memoised: schemas repeat the same property names). */
export function splitIdentifier(identifier: string): string[] {
  return [...identifierWords(identifier)];
}

/** The same words, shared with the cache: callers must not change the array. */
export function identifierWords(identifier: string): readonly string[] {
  const cached = SPLIT_CACHE.get(identifier);
  if (cached !== undefined) return cached;
  const words = splitUncached(identifier);
  if (SPLIT_CACHE.size >= SPLIT_CACHE_LIMIT) SPLIT_CACHE.clear();
  SPLIT_CACHE.set(identifier, words);
  return words;
}

function splitUncached(identifier: string): string[] {
  const spaced = identifier
    // acronym followed by a word: "HTTPRequest" -> "HTTP Request"
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    // lower or digit followed by upper: "getUser" -> "get User"
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  const words = spaced
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
  const out: string[] = [];
  for (const word of words) out.push(...splitRunTogether(word));
  return out;
}

/**
 * `listfiles` → [`list`, `files`]: a run-together word is split only when it is a known verb
 * followed by a common object noun, so real words (`payment`, `performance`) stay whole.
 */
function splitRunTogether(word: string): string[] {
  if (word.length < 6 || isKnownVerb(word)) return [word];
  for (let cut = Math.min(word.length - 3, 10); cut >= 2; cut--) {
    const head = word.slice(0, cut);
    const tail = word.slice(cut);
    if (isKnownVerb(head) && isObjectNoun(tail)) return [head, tail];
  }
  return [word];
}

function isObjectNoun(word: string): boolean {
  return (
    RUN_TOGETHER_OBJECTS.has(word) ||
    (word.endsWith('s') && (RUN_TOGETHER_OBJECTS.has(word.slice(0, -1)) || RUN_TOGETHER_OBJECTS.has(word.slice(0, -2))))
  );
}

/** Objects that follow a verb in run-together names (`getuser`, `readfile`, `sendmessage`). */
const RUN_TOGETHER_OBJECTS = new Set([
  'file',
  'dir',
  'directory',
  'folder',
  'path',
  'user',
  'issue',
  'page',
  'item',
  'task',
  'project',
  'repo',
  'branch',
  'commit',
  'comment',
  'message',
  'email',
  'mail',
  'event',
  'record',
  'row',
  'table',
  'doc',
  'document',
  'note',
  'entity',
  'node',
  'edge',
  'graph',
  'data',
  'info',
  'status',
  'config',
  'setting',
  'key',
  'value',
  'secret',
  'token',
  'account',
  'order',
  'payment',
  'invoice',
  'customer',
  'product',
  'tag',
  'label',
  'list',
  'channel',
  'thread',
  'workflow',
  'job',
  'run',
  'build',
  'deploy',
  'container',
  'image',
  'volume',
  'network',
  'database',
  'db',
  'schema',
  'query',
  'index',
  'collection',
  'bucket',
  'object',
  'url',
  'link',
  'content',
  'text',
  'memory',
  'memories',
  'log',
  'metric',
  'alert',
  'incident',
  'ticket',
  'contact',
  'lead',
  'deal',
  'meeting',
  'calendar',
  'report',
  'dashboard',
  'screenshot',
  'snapshot',
  'element',
  'tab',
  'window',
  'session',
  'process',
  'command',
  'script',
  'code',
  'function',
  'module',
  'package',
  'library',
  'version',
  'release',
  'resource',
  'prompt',
  'tool',
  'model',
  'chat',
  'conversation',
  'post',
  'tweet',
  'video',
  'photo',
  'song',
  'playlist',
  'track',
  'all',
  'many',
  'by',
  'id',
  'ids',
  'name',
  'names',
]);

export interface NameWords {
  /** All words of the name, lower case. */
  words: string[];
  /** The words that name the server (a leading prefix such as `flowforge_`), removed from `words`. */
  prefix: string[];
}

/**
 * Split a tool name and strip a leading server prefix: words before the first verb that
 * also appear in the server's name, or (when the server's name is unknown) one or two leading
 * non-verb words followed by a verb (`asana_get_task`, `notion-delete-block`).
 */
export function splitToolName(name: string, serverName?: string): NameWords {
  const words = identifierWords(name);
  const serverWords = serverNameWords(serverName);
  let cut = 0;
  while (cut < words.length - 1 && serverWords.has(words[cut] ?? '')) cut++;
  if (cut === 0) cut = camelVerbPrefixLength(name);
  if (cut === 0) {
    // Only a clear verb marks the end of a prefix: `git_log` and `asana_search` keep their first word.
    const firstVerb = words.findIndex((word) => isKnownVerb(word) && !NOUN_LIKE_VERBS.has(word));
    if (firstVerb >= 1 && firstVerb <= 2 && firstVerb < words.length - 1) {
      const candidate = words.slice(0, firstVerb);
      // Only strip words that look like names, not objects the verb acts on ("file_delete").
      if (candidate.every((word) => looksLikeProductName(word))) cut = firstVerb;
    }
  }
  return { words: words.slice(cut), prefix: words.slice(0, cut) };
}

/** The words of the last server name asked for: every tool of a server asks for the same. */
let lastServer: { name: string | undefined; words: ReadonlySet<string> } = { name: undefined, words: new Set() };

function serverNameWords(serverName: string | undefined): ReadonlySet<string> {
  if (serverName === lastServer.name) return lastServer.words;
  lastServer = {
    name: serverName,
    words: new Set(
      serverName
        ? serverName
            .toLowerCase()
            .split(/[^a-z0-9]+/)
            .filter(Boolean)
        : [],
    ),
  };
  return lastServer.words;
}

/**
 * `VPS_setHostnameV1`, `agency-hosting_importWebsiteFromArchive`: a lowerCamel segment after one or
 * two name-like segments opens with its verb, even a verb that is also a noun (`set`, `import`,
 * `check`); the segments before it are a prefix. Returns the number of prefix words, or 0.
 */
function camelVerbPrefixLength(name: string): number {
  // The pattern needs a separator and a capital or digit; most names (snake_case, kebab-case) have
  // no capital or digit, and are answered here without the pattern's backtracking.
  if (!MAY_BE_CAMEL_AFTER_PREFIX.test(name)) return 0;
  const match = CAMEL_AFTER_PREFIX.exec(name);
  if (!match || !isKnownVerb(match[3] ?? '')) return 0;
  const prefix = identifierWords(`${match[1] ?? ''} ${match[2] ?? ''}`);
  if (prefix.length > 2 || !prefix.every((word) => looksLikeProductName(word) && !isKnownVerb(word))) return 0;
  return prefix.length;
}

/** One or two leading segments, a separator, then a lowerCamel segment: `VPS_setHostname`, `agency-hosting_importSite`. */
const CAMEL_AFTER_PREFIX = /^([A-Za-z0-9]+)(?:[^A-Za-z0-9]+([A-Za-z0-9]+))??[^A-Za-z0-9]+([a-z]+)[A-Z0-9]/;
/** What every match of CAMEL_AFTER_PREFIX holds: a lower-case letter, then a capital or digit, after a separator. */
const MAY_BE_CAMEL_AFTER_PREFIX = /[^A-Za-z0-9][a-z]+[A-Z0-9]/;

/** Generic nouns that are objects, not product names; a product-name prefix is anything else. */
const GENERIC_NOUNS = new Set([
  'file',
  'files',
  'issue',
  'issues',
  'page',
  'pages',
  'user',
  'users',
  'data',
  'record',
  'records',
  'item',
  'items',
  'task',
  'tasks',
  'project',
  'projects',
  'repo',
  'repository',
  'branch',
  'env',
  'database',
  'db',
  'table',
  'tables',
  'document',
  'documents',
  'message',
  'messages',
  'event',
  'events',
  'actions',
  'action',
  'workflow',
  'workflows',
  'job',
  'jobs',
  'run',
  'runs',
  'container',
  'image',
  'index',
  'collection',
  'node',
  'nodes',
  'entity',
  'entities',
  'memory',
  'note',
  'notes',
  'browser',
  'tab',
  'tabs',
  'window',
  'element',
  'performance',
  'network',
  'cache',
  'config',
  'secret',
  'secrets',
]);

function looksLikeProductName(word: string): boolean {
  return !GENERIC_NOUNS.has(word) && !/^\d+$/.test(word);
}

/** Words of a prose text, lower case, apostrophes kept inside words ("can't"). */
export function proseWords(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:['’][a-z]+)?/g) ?? [];
}

/** The first sentence of a description (up to 400 characters). */
export function firstSentence(text: string): string {
  const trimmed = text.trim().slice(0, 400);
  // The first `.`, `!` or `?` after at least one character that ends the text or precedes white space.
  for (let index = 1; index < trimmed.length; index++) {
    const char = trimmed.charCodeAt(index);
    if (char !== 46 && char !== 33 && char !== 63) continue;
    const next = trimmed.charCodeAt(index + 1);
    if (Number.isNaN(next) || WHITESPACE.test(trimmed[index + 1] ?? '')) return trimmed.slice(0, index + 1).trim();
  }
  return trimmed.trim();
}

const WHITESPACE = /\s/;
