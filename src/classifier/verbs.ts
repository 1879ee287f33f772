/**
 * The verb vocabulary: what an action word says a tool does to the world.
 *
 * This is a vocabulary of English verbs, not of tool names: it is how the rules generalise
 * to servers nobody has seen. Each verb has an action class and, for side-effecting verbs,
 * what MCP's annotations mean for it:
 *  - `destructive`: may delete, overwrite or irreversibly change existing state (MCP destructiveHint);
 *  - `idempotent`: calling twice with the same arguments has no further effect;
 *  - `outward`: reaches outside systems or people (MCP openWorldHint).
 */

export type VerbClass = 'read' | 'write' | 'execute' | 'destroy' | 'pay';

export interface VerbInfo {
  cls: VerbClass;
  destructive?: boolean;
  idempotent?: boolean;
  outward?: boolean;
  /** A vague verb ("manage", "handle"): counts, but the description may say more. */
  vague?: boolean;
  /** The object leaves open whether anything is kept ("generate an image"): a change that an explicit read-only statement overrules. */
  unsure?: boolean;
}

const READ = { cls: 'read' } as const;
const WRITE_ADD = { cls: 'write', destructive: false, idempotent: false } as const;
const WRITE_CHANGE = { cls: 'write', destructive: true, idempotent: true } as const;
const WRITE_STATE = { cls: 'write', destructive: false, idempotent: true } as const;
const SEND = { cls: 'write', destructive: true, idempotent: false, outward: true } as const;
const EXEC = { cls: 'execute', destructive: true, idempotent: false } as const;
const DESTROY = { cls: 'destroy', destructive: true, idempotent: true } as const;
const PAY = { cls: 'pay', destructive: false, idempotent: false, outward: true } as const;
/** A verb that may or may not keep what it makes ("generate an image"): a write that a read-only statement overrules. */
const WRITE_UNSURE = { cls: 'write', destructive: false, idempotent: false, unsure: true } as const;

function entries(words: string, info: VerbInfo): [string, VerbInfo][] {
  return words
    .trim()
    .split(/\s+/)
    .map((word) => [word, info]);
}

const VERBS = new Map<string, VerbInfo>([
  ...entries(
    `get list read search find fetch retrieve show describe view lookup query count check inspect browse
     explore analyze analyse summarize summarise explain compare diff preview estimate calculate compute
     validate verify lint resolve parse extract decode identify detect suggest recommend display echo ping format sort
     wait poll peek grep cat ls stat tail head watch observe monitor locate discover research review
     examine audit scan evaluate test measure profile trace screenshot snapshot capture take print render
     sample convert translate format tokenize embed think reason plan ask answer learn understand
     download export load see look select filter sort rank score match classify predict forecast
     recognize recognise transcribe infer decompile disassemble paginate determine diagnose debug whoami return provide obtain
     gather access retrieve investigate assess quote scrape crawl aggregate synthesize enumerate`,
    READ,
  ),
  ...entries(
    `create add insert append new make post comment upload import register enroll book reserve
     record log note store remember save track invite mention tag label star like react vote pin follow
     subscribe join fork clone copy duplicate generate draft compose initialize init setup provision
     open reopen request submit attach link connect login authenticate bookmark enqueue queue upsert
     write cache seed give initiate schedule reschedule sign compress decompress zip unzip gzip gunzip claim respond`,
    WRITE_ADD,
  ),
  ...entries(
    `update edit modify change set put patch rename move replace overwrite configure config
     unassign transition merge rebase commit push sync apply restore revert rollback resize scale
     upgrade downgrade reorder rearrange refactor fix transform rewrite hide unhide
     grant deny block unlink detach migrate promote demote switch checkout transfer reassign archive
     toggle enable disable unset rotate pull repair`,
    WRITE_CHANGE,
  ),
  ...entries(`manage handle process interact operate control work administer`, {
    cls: 'write',
    destructive: true,
    idempotent: false,
    vague: true,
  }),
  ...entries(
    `start stop lock unlock unarchive mark approve reject accept decline
     dismiss close complete finish done pause resume restart reboot reload refresh reindex renew
     extend allow mute unmute snooze unfollow unstar unpin unlike unsubscribe logout disconnect focus fill activate deactivate
     type click press hover drag scroll emulate uncheck stage unstage tidy organize annotate simulate assign
     tap swipe
    `,
    WRITE_STATE,
  ),
  ...entries(`navigate goto visit`, { cls: 'write', destructive: false, idempotent: false, outward: true }),
  // A message sent cannot be unsent: authors mark sending destructive; publishing adds.
  ...entries(`send email sms notify message broadcast reply forward dm text call tweet`, SEND),
  ...entries(`publish share announce`, { cls: 'write', destructive: false, idempotent: false, outward: true }),
  ...entries(
    `run execute exec eval invoke trigger launch spawn deploy build compile interpret shell bash sh
     perform dispatch fire script command retry rerun`,
    EXEC,
  ),
  ...entries(`install`, { cls: 'execute', destructive: false, idempotent: true }),
  ...entries(
    `delete remove rm del destroy drop purge erase wipe truncate terminate kill cancel revoke reset
     clear flush empty prune uninstall unpublish unregister discard abort evict expunge nuke shred
     obliterate void deprovision decommission teardown ban`,
    DESTROY,
  ),
  ...entries(
    `pay refund charge purchase buy sell withdraw deposit trade swap stake unstake mint bridge invest bid
     tip donate payout disburse bill invoice settle fund remit wire`,
    PAY,
  ),
]);

// Verbs that are also common nouns as the object of another verb ("get_run", "list_payments").
// They still count when they are the first word of a name.
export const NOUN_LIKE_VERBS = new Set([
  'run',
  'build',
  'trigger',
  'command',
  'script',
  'deploy',
  'query',
  'search',
  'log',
  'record',
  'note',
  'comment',
  'post',
  'message',
  'email',
  'tag',
  'label',
  'draft',
  'request',
  'status',
  'health',
  'info',
  'help',
  'trace',
  'profile',
  'snapshot',
  'screenshot',
  'capture',
  'sample',
  'call',
  'text',
  'charge',
  'invoice',
  'bill',
  'fund',
  'trade',
  'swap',
  'bid',
  'tip',
  'stake',
  'bridge',
  'wire',
  'payout',
  'refund',
  'deposit',
  'import',
  'export',
  'upload',
  'download',
  'match',
  'score',
  'plan',
  'review',
  'audit',
  'test',
  'cache',
  'link',
  'book',
  'reply',
  'queue',
  'check',
  'lock',
  'block',
  'scale',
  'fix',
  'switch',
  'focus',
  'type',
  'drop',
  'drag',
  'scroll',
  'back',
  'set',
  'config',
  'setup',
  'start',
  'stop',
  'head',
  'tail',
  'cat',
  'ls',
  'stat',
  'watch',
  'monitor',
  'sync',
  'view',
  'count',
  'diff',
  'preview',
  'estimate',
  'commit',
  'push',
  'merge',
  'release',
  'order',
  'transfer',
  'change',
  'update',
  'reset',
  'version',
  'clone',
  'fork',
  'copy',
  'state',
  'pull',
]);

/** Irregular or unusual forms mapped to their base verb. */
const IRREGULAR = new Map<string, string>([
  ['ran', 'run'],
  ['made', 'make'],
  ['wrote', 'write'],
  ['written', 'write'],
  ['sent', 'send'],
  ['took', 'take'],
  ['taken', 'take'],
  ['bought', 'buy'],
  ['sold', 'sell'],
  ['paid', 'pay'],
  ['built', 'build'],
  ['found', 'find'],
  ['shown', 'show'],
  ['ls', 'ls'],
  ['rm', 'rm'],
  ['lookups', 'lookup'],
  ['readonly', 'readonly'],
]);

/** `open` changes something when it opens one of these; otherwise it reads (`open_file`, `open_nodes`). */
const OPENED_THINGS_THAT_ARE_WRITES = new Set([
  'new',
  'pull',
  'pr',
  'prs',
  'issue',
  'issues',
  'ticket',
  'tickets',
  'account',
  'position',
  'positions',
  'trade',
  'order',
  'case',
  'incident',
  'a',
  // opening a URL, an app or a tab navigates, like `navigate`
  'url',
  'urls',
  'link',
  'links',
  'website',
  'app',
  'apps',
  'application',
  'applications',
  'browser',
  'tab',
  'tabs',
  'window',
]);

/**
 * The verb information of a word given the words after it: a few verbs mean a read or a write
 * depending on their object ("open the file" reads, "open a pull request" writes).
 */
export function verbInContext(word: string, following: readonly string[]): VerbInfo | undefined {
  const info = verbInfo(word);
  if (info === undefined) return undefined;
  const base = baseVerb(word) ?? word;
  const object = following.filter((w) => !ARTICLES.has(w)).slice(0, 3);
  const has = (set: ReadonlySet<string>): boolean => object.some((w) => set.has(w));
  switch (base) {
    case 'open':
      return object.slice(0, 2).some((w) => OPENED_THINGS_THAT_ARE_WRITES.has(w)) && !object.includes('file') ? info : READ;
    case 'generate':
      // Generating a chart, types, a URL or a summary returns it; generating a key, an invoice, an image
      // or anything unnamed may make one, so only known computed outputs read.
      if (has(GENERATED_THINGS_THAT_PERSIST)) return WRITE_ADD;
      return has(GENERATED_OUTPUTS) ? READ : WRITE_UNSURE;
    case 'create':
    case 'make':
      return has(COMPUTED_OUTPUTS) ? READ : info;
    case 'format':
    case 'sort':
      // Formatting a value returns text; formatting a range, a document or code changes it.
      return has(FORMATTED_VALUES) ? READ : WRITE_CHANGE;
    case 'resolve':
    case 'review':
      return has(RESOLVABLE_THINGS) ? WRITE_STATE : info;
    case 'send':
    case 'ask':
      return has(QUESTIONS) ? READ : info;
    case 'select':
      // Selecting rows reads; selecting an option in a form changes the form, like `fill` or `click`.
      return has(FORM_CONTROLS) ? WRITE_STATE : info;
    case 'capture':
      // Capturing a screenshot reads; capturing a payment charges it.
      return has(MONEY_MOVES) ? PAY : info;
    case 'convert':
      // Converting a value returns it; converting an issue into a subtask changes the issue.
      return has(TRACKED_ITEMS) ? WRITE_CHANGE : info;
    case 'build':
      // Building a query, a URL or a JSON payload computes it; building a project runs the build.
      return has(BUILT_VALUES) ? READ : info;
    case 'pull':
      // "pull request" names a thing.
      return /^requests?$/.test(following[0] ?? '') ? undefined : info;
    case 'run':
    case 'execute':
    case 'exec':
    case 'perform':
      // Running a query, a search or an audit reads, unless it is SQL, a script or a mutation.
      return has(READ_JOBS) && !has(CODE_WORDS) ? READ : info;
    default:
      return info;
  }
}

const ARTICLES = new Set(['a', 'an', 'the', 'new', 'one', 'some', 'your', 'its', 'their']);
const GENERATED_THINGS_THAT_PERSIST = new Set([
  'key',
  'keys',
  'token',
  'tokens',
  'password',
  'passwords',
  'secret',
  'secrets',
  'certificate',
  'certificates',
  'cert',
  'credential',
  'credentials',
  'invoice',
  'invoices',
  'account',
  'accounts',
  'user',
  'users',
  'ssh',
  'api',
  'coupon',
  'coupons',
  'backup',
  'backups',
  'release',
  'releases',
  'migration',
  'migrations',
]);
/** What generating returns rather than makes: text, code, visualisations, identifiers. */
const GENERATED_OUTPUTS = new Set([
  'chart',
  'charts',
  'diagram',
  'diagrams',
  'graph',
  'graphs',
  'plot',
  'plots',
  'map',
  'maps',
  'visualization',
  'visualizations',
  'visualisation',
  'visualisations',
  'url',
  'urls',
  'uri',
  'link',
  'links',
  'code',
  'snippet',
  'snippets',
  'types',
  'typescript',
  'interface',
  'interfaces',
  'sql',
  'query',
  'queries',
  'regex',
  'json',
  'yaml',
  'xml',
  'html',
  'markdown',
  'css',
  'text',
  'summary',
  'summaries',
  'description',
  'descriptions',
  'title',
  'titles',
  'caption',
  'captions',
  'answer',
  'answers',
  'response',
  'responses',
  'completion',
  'completions',
  'embedding',
  'embeddings',
  'suggestion',
  'suggestions',
  'idea',
  'ideas',
  'name',
  'names',
  'outline',
  'outlines',
  'preview',
  'previews',
  'example',
  'examples',
  'sample',
  'samples',
  'uuid',
  'uuids',
  'hash',
  'hashes',
  'checksum',
  'qr',
  'barcode',
  'prompt',
  'prompts',
  'documentation',
  'docs',
  'schema',
  'schemas',
  'locator',
  'locators',
  'selector',
  'selectors',
  'command',
  'commands',
  'estimate',
  'quote',
  'translation',
  'transcript',
  'palette',
  'colors',
  'colours',
  'diff',
  'mermaid',
  'svg',
  'plan',
  'plans',
]);
const COMPUTED_OUTPUTS = new Set(['completion', 'completions', 'embedding', 'embeddings', 'summary', 'summaries', 'estimate']);
const FORMATTED_VALUES = new Set([
  'citation',
  'citations',
  'reference',
  'references',
  'bibliography',
  'date',
  'dates',
  'number',
  'numbers',
  'value',
  'values',
  'string',
  'strings',
  'output',
  'result',
  'results',
  'response',
  'json',
  'time',
  'currency',
  'query',
  'text',
]);
const RESOLVABLE_THINGS = new Set([
  'thread',
  'threads',
  'comment',
  'comments',
  'issue',
  'issues',
  'incident',
  'incidents',
  'alert',
  'alerts',
  'conflict',
  'conflicts',
  'ticket',
  'tickets',
  'discussion',
  'discussions',
  'pull',
  'pr',
  'prs',
  'merge',
  'request',
  'requests',
  'review',
  'reviews',
]);
const FORM_CONTROLS = new Set(['option', 'options', 'dropdown', 'dropdowns', 'checkbox', 'checkboxes', 'radio', 'listbox', 'combobox']);
const MONEY_MOVES = new Set([
  'payment',
  'payments',
  'charge',
  'charges',
  'funds',
  'authorization',
  'authorizations',
  'paymentintent',
  'order',
  'orders',
]);
const TRACKED_ITEMS = new Set([
  'issue',
  'issues',
  'ticket',
  'tickets',
  'task',
  'tasks',
  'subtask',
  'subtasks',
  'story',
  'stories',
  'epic',
  'epics',
  'lead',
  'leads',
  'deal',
  'deals',
  'contact',
  'contacts',
  'card',
  'cards',
  'todo',
  'todos',
]);
const BUILT_VALUES = new Set([
  'query',
  'queries',
  'url',
  'urls',
  'link',
  'links',
  'json',
  'payload',
  'payloads',
  'string',
  'strings',
  'expression',
  'expressions',
  'regex',
  'filter',
  'filters',
  'prompt',
  'prompts',
  'request',
  'body',
  'schema',
  'message',
  'style',
]);
const QUESTIONS = new Set(['prompt', 'prompts', 'question', 'questions', 'query', 'queries']);
const READ_JOBS = new Set([
  'query',
  'queries',
  'search',
  'searches',
  'aggregation',
  'aggregations',
  'report',
  'reports',
  'analysis',
  'analyses',
  'audit',
  'audits',
  'check',
  'checks',
  'lookup',
  'lookups',
  'find',
  'count',
  'diagnostic',
  'diagnostics',
  'detector',
  'detectors',
  'scan',
  'scans',
  'lint',
  'linter',
]);
const CODE_WORDS = new Set([
  'sql',
  'cypher',
  'script',
  'scripts',
  'code',
  'command',
  'commands',
  'shell',
  'mutation',
  'mutations',
  'statement',
  'statements',
  'insert',
  'update',
  'delete',
  'ddl',
  'dml',
  'transaction',
  'transactions',
  'write',
  'migration',
]);

/** The verb information of a word, if it is (a form of) a verb we know. */
export function verbInfo(word: string): VerbInfo | undefined {
  const base = baseVerb(word);
  return base === null ? undefined : VERBS.get(base);
}

export function isKnownVerb(word: string): boolean {
  return VERBS.has(word) || repeatedVerb(word) !== null;
}

/** Verbs that make a different word with `re-`: recall, retail, resign. */
const NOT_REPEATED = new Set(['call', 'tail', 'sign']);

/**
 * `rerank`, `resend`, `reinstall`, `recreate`: `re-` and a known verb means doing that again,
 * with the same effect as the verb.
 */
function repeatedVerb(word: string): string | null {
  if (word.length < 5 || !word.startsWith('re')) return null;
  const stem = word.slice(2);
  return VERBS.has(stem) && !NOT_REPEATED.has(stem) ? stem : null;
}

/** The base form of a verb form ("deletes" → "delete", "retrieving" → "retrieve"), or null. */
const BASE_CACHE = new Map<string, string | null>();

export function baseVerb(word: string): string | null {
  if (VERBS.has(word)) return word;
  const cached = BASE_CACHE.get(word);
  if (cached !== undefined) return cached;
  const base = findBase(word);
  if (BASE_CACHE.size >= 50_000) BASE_CACHE.clear();
  BASE_CACHE.set(word, base);
  return base;
}

function findBase(word: string): string | null {
  const irregular = IRREGULAR.get(word);
  if (irregular !== undefined && VERBS.has(irregular)) return irregular;
  for (const candidate of verbCandidates(word)) {
    if (VERBS.has(candidate)) return candidate;
  }
  const repeated = repeatedVerb(word);
  if (repeated !== null) return repeated;
  for (const candidate of verbCandidates(word)) {
    const stem = repeatedVerb(candidate);
    if (stem !== null) return stem;
  }
  return null;
}

function verbCandidates(word: string): string[] {
  const out: string[] = [];
  if (word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) out.push(word.slice(0, -1));
  if (word.endsWith('ing')) {
    const stem = word.slice(0, -3);
    out.push(stem, `${stem}e`);
    if (/(.)\1$/.test(stem)) out.push(stem.slice(0, -1));
  }
  if (word.endsWith('ed')) {
    const stem = word.slice(0, -2);
    out.push(stem, `${stem}e`, word.slice(0, -1));
    if (/(.)\1$/.test(stem)) out.push(stem.slice(0, -1));
    if (word.endsWith('ied')) out.push(`${word.slice(0, -3)}y`);
  }
  return out;
}
