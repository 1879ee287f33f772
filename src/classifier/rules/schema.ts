/**
 * Rule family: what the input schema lets a caller pass.
 *
 *  - free-form code: `sql`, `script`, `code`, `command`, … as plain strings → runs code;
 *  - money: `amount` with `currency`, a `recipient`/`wallet`/`iban` → moves money;
 *  - bulk: arrays of ids/names/paths, or a `filter` on a changing tool → acts on many things;
 *  - `overwrite`/`force` switches → replaces existing content;
 *  - URLs → reaches the web;
 *  - where to save the output (`output_dir`, a path "to save the file to") → writes a file.
 */
import { ruleEvidence, type Rule, type SchemaProperty, type ToolFacts, type ToolSignal } from '../rule.js';

const ALWAYS_CODE = new Set([
  'sql',
  'script',
  'cypher',
  'shell',
  'cmd',
  'javascript',
  'python',
  'snippet',
  'bash',
  'powershell',
  'js_code',
  'sql_query',
  'raw_sql',
  'shell_command',
  'source_code',
]);
const CODE_IF_CONTEXT = new Set([
  'code',
  'command',
  'commands',
  'statement',
  'statements',
  'query',
  'expression',
  'source',
  'function',
  'program',
  'args_command',
]);
// `js` after a dot is a library's name ("Express.js"), not code.
const CODE_CONTEXT =
  /\b(?:sql|cypher|javascript|(?<!\.)js|typescript|python|ruby|bash|shell|script|scripts|execut\w*|evaluat\w*|eval|command[- ]line|terminal|snippet|statement|source\s+code|program)\b/i;

const AMOUNT = new Set([
  'amount',
  'amount_cents',
  'unit_amount',
  'price',
  'cost',
  'total',
  'value_usd',
  'amount_usd',
  'sum',
  'quantity_usd',
  'fee',
]);
const CURRENCY = new Set(['currency', 'currency_code', 'asset', 'token_address', 'mint']);
const PAYEE = new Set([
  'recipient',
  'recipient_address',
  'payee',
  'to_address',
  'destination_address',
  'wallet',
  'wallet_address',
  'iban',
  'account_number',
  'routing_number',
  'card_number',
  'payment_method',
  'payment_method_id',
  'beneficiary',
  'destination_account',
]);

const BULK_ARRAY_WORDS = new Set([
  'ids',
  'names',
  'keys',
  'paths',
  'files',
  'items',
  'entities',
  'records',
  'documents',
  'observations',
  'relations',
  'rows',
  'uuids',
  'targets',
  'resources',
  'objects',
  'entries',
  'messages',
  'users',
  'emails',
]);
const FILTER_WORDS = new Set(['filter', 'where', 'query', 'selector', 'match']);
const OVERWRITE_SWITCHES = new Set(['overwrite', 'force', 'replace', 'clobber', 'override', 'replace_existing', 'force_overwrite']);
const URL_WORDS = new Set([
  'url',
  'uri',
  'urls',
  'href',
  'link',
  'endpoint',
  'webhook',
  'webhook_url',
  'website',
  'site_url',
  'page_url',
  'target_url',
  'base_url',
]);

/** Where a tool writes its output: `output_dir`, `savePath`, `download_folder`, `dest_file`. */
const SAVE_WORDS = new Set(['output', 'save', 'download', 'destination', 'dest', 'export']);
const LOCATION_WORDS = new Set(['path', 'dir', 'directory', 'folder', 'file', 'filepath', 'filename']);
const SAVE_DESCRIPTION =
  /\b(?:destination|(?:save|saved|write|written)\s+(?:it\s+|them\s+|the\s+\w+\s+)?(?:to|into|in|at)|output\s+(?:file|path|directory|folder))\b/i;

function isSaveLocation(property: SchemaProperty): boolean {
  if (property.type !== 'string' && property.type !== null) return false;
  if (!property.words.some((w) => LOCATION_WORDS.has(w))) return false;
  return property.words.some((w) => SAVE_WORDS.has(w)) || SAVE_DESCRIPTION.test(property.description);
}

function isFreeString(property: SchemaProperty): boolean {
  return (property.type === 'string' || property.type === null) && !property.hasEnum;
}

function isCodeInput(property: SchemaProperty, facts: ToolFacts): boolean {
  if (!isFreeString(property)) return false;
  if (ALWAYS_CODE.has(property.name)) return true;
  if (!CODE_IF_CONTEXT.has(property.name)) return false;
  return CODE_CONTEXT.test(property.description) || CODE_CONTEXT.test(facts.firstSentence);
}

/** `path.split('.').length <= 2`, without making the array. */
function atMostOneDot(path: string): boolean {
  const first = path.indexOf('.');
  return first === -1 || path.indexOf('.', first + 1) === -1;
}

function signal(effect: ToolSignal['effect'], strength: ToolSignal['strength'], property: SchemaProperty, reason: string): ToolSignal {
  return { effect, strength, evidence: ruleEvidence(schemaRule, reason, 'schema', property.path) };
}

export const schemaRule: Rule = {
  id: 'schema',
  summary: 'Input schema: free-form code or queries, money fields, bulk arrays and filters, overwrite switches, URLs, output locations.',
  apply(facts) {
    const signals: ToolSignal[] = [];
    const top = facts.properties.filter((p) => !p.path.includes('[]') && atMostOneDot(p.path));
    const code = top.find((p) => isCodeInput(p, facts));
    if (code) {
      signals.push(signal('arbitrary-code', 'strong', code, 'code-input'));
      signals.push(signal('execute', 'strong', code, 'code-input'));
    }
    const amount = top.find((p) => AMOUNT.has(p.name) && (p.type === 'number' || p.type === 'integer' || p.type === 'string'));
    const currency = top.find((p) => CURRENCY.has(p.name));
    const payee = top.find((p) => PAYEE.has(p.name));
    if (amount && (currency || payee)) signals.push(signal('money', 'strong', amount, 'money-input'));
    else if (payee && /wallet|iban|account|card|payment/.test(payee.name)) signals.push(signal('money', 'strong', payee, 'money-input'));
    else if (amount && amount.name !== 'total' && amount.name !== 'sum') signals.push(signal('money', 'weak', amount, 'money-input'));
    const bulk = top.find((p) => p.type === 'array' && (p.words.some((w) => BULK_ARRAY_WORDS.has(w)) || p.itemsType === 'object'));
    if (bulk) signals.push(signal('bulk', 'weak', bulk, 'bulk-input'));
    const filter = top.find((p) => FILTER_WORDS.has(p.name) && p.type === 'object');
    if (filter) signals.push(signal('bulk', 'weak', filter, 'filter-input'));
    const overwrite = top.find((p) => OVERWRITE_SWITCHES.has(p.name) && (p.type === 'boolean' || p.type === null));
    if (overwrite) signals.push(signal('overwrite', 'weak', overwrite, 'overwrite-switch'));
    const save = top.find((p) => isSaveLocation(p));
    if (save) signals.push(signal('saves', 'strong', save, 'save-location'));
    const url = top.find((p) => URL_WORDS.has(p.name) || p.format === 'uri' || p.format === 'url');
    if (url) signals.push(signal('outward', 'weak', url, 'url-input'));
    return { signals, findings: [] };
  },
};
