/**
 * Rule family: the action word of the tool's name.
 *
 * `flowforge_cancel_run` → prefix `flowforge`, primary verb `cancel` (destroy). The primary verb
 * is the first verb of the name; when that verb is also a common noun (`log_search`) and a later
 * word is an unambiguous verb (`search_replace`), the later one is the action. Verbs joined by
 * `and`/`or` (`get_or_create`) all count. `readonly` words in the name assert read-only.
 */
import { ruleEvidence, type Rule, type ToolFacts, type ToolSignal } from '../rule.js';
import { isKnownVerb, NOUN_LIKE_VERBS, verbInContext, verbInfo } from '../verbs.js';

const CONJUNCTIONS = new Set(['and', 'or', 'then']);
const PREPOSITIONS = new Set(['from', 'to', 'into', 'in', 'on', 'onto', 'with', 'by', 'for', 'of', 'as', 'at', 'via']);
/** Nouns that, alone in a name, say the tool reports something. */
const REPORT_NOUNS = new Set([
  'status',
  'info',
  'information',
  'details',
  'detail',
  'logs',
  'metrics',
  'stats',
  'statistics',
  'health',
  'version',
  'schema',
  'docs',
  'documentation',
  'summary',
  'overview',
  'history',
  'usage',
  'whoami',
  'me',
  'config',
  'settings',
  'context',
  'capabilities',
  'diagnostics',
  'insights',
  'analytics',
  'report',
]);

/** In names, verbs stand in their base form; `logs`, `allowed`, `runs` are nouns and adjectives. */
function isNameVerb(word: string): boolean {
  return isKnownVerb(word);
}

/**
 * Whether the word at `index` acts as a verb: a word that is also a common noun (`log`, `run`,
 * `post`) only when it opens the name or follows `and`/`or`; `pods_log`, `git_log`, `get_run`
 * name things.
 */
function actsAsVerb(words: readonly string[], index: number): boolean {
  const word = words[index] ?? '';
  if (!isNameVerb(word)) return false;
  if (!NOUN_LIKE_VERBS.has(word)) return true;
  return index === 0 || CONJUNCTIONS.has(words[index - 1] ?? '');
}

export function primaryVerbIndex(words: readonly string[]): number {
  const first = words.findIndex((_, i) => actsAsVerb(words, i));
  if (first < 0) return -1;
  // `log_search`, `search_replace`: a first word that is also a noun, and a verb at the end.
  const last = words.length - 1;
  const lastWord = words[last] ?? '';
  if (last <= first || !NOUN_LIKE_VERBS.has(words[first] ?? '') || !isNameVerb(lastWord) || NOUN_LIKE_VERBS.has(lastWord)) return first;
  const beforeLast = words[last - 1] ?? '';
  // `import_site_from_archive`: after a preposition the last word is a thing.
  if (CONJUNCTIONS.has(beforeLast) || PREPOSITIONS.has(beforeLast)) return first;
  // `run_upsert`, `build_cancel`: a run or a build is the object when a change ends the name; `run_sql_select` still runs.
  if (verbInfo(words[first] ?? '')?.cls === 'execute' && verbInfo(lastWord)?.cls === 'read') return first;
  return last;
}

/**
 * A verb that ends a longer name after the primary one: `compute_vm_update`, `disk_snapshot_delete`
 * (resource-then-verb naming). Only verbs that are rarely objects count: `get_pipeline_run` reads.
 */
function finalVerbIndex(words: readonly string[], primary: number): number {
  const last = words.length - 1;
  if (last <= primary || words.length < 3) return -1;
  return FINAL_ACTIONS.has(words[last] ?? '') ? last : -1;
}

const FINAL_ACTIONS = new Set([
  'update',
  'delete',
  'create',
  'remove',
  'set',
  'reset',
  'start',
  'stop',
  'restart',
  'enable',
  'disable',
  'add',
  'edit',
  'modify',
  'cancel',
  'upsert',
  'replace',
  'rename',
  'move',
  'insert',
  'drop',
  'purge',
  'destroy',
  'terminate',
  'kill',
  'revoke',
  'unset',
  'assign',
  'unassign',
  'attach',
  'detach',
  'deploy',
  'execute',
  'invoke',
  'send',
  'publish',
  'upload',
]);

function verbSignal(facts: ToolFacts, index: number, role: 'primary' | 'secondary'): ToolSignal | null {
  const word = facts.nameWords[index];
  if (word === undefined || !isNameVerb(word)) return null;
  const info = verbInContext(word, facts.nameWords.slice(index + 1));
  if (info === undefined) return null;
  // `git_log`, `x_search`: a word that is also a noun, alone after the prefix, may name a thing as
  // well as an action; the description's verb then decides. Running and destroying stay strong.
  const alone = facts.nameWords.length === 1 && NOUN_LIKE_VERBS.has(word) && (info.cls === 'read' || info.cls === 'write');
  return {
    effect: info.cls,
    strength: info.vague || alone ? 'weak' : 'strong',
    evidence: ruleEvidence(nameVerbRule, info.cls, 'name', word),
    verb: info,
    role,
  };
}

export const nameVerbRule: Rule = {
  id: 'name-verb',
  summary: 'The action word of the tool name, after any server prefix (delete_, run_, get_ ...).',
  apply(facts) {
    const signals: ToolSignal[] = [];
    const words = facts.nameWords;
    const primary = primaryVerbIndex(words);
    if (primary >= 0) {
      const signal = verbSignal(facts, primary, 'primary');
      if (signal) signals.push(signal);
    }
    const final = finalVerbIndex(words, primary);
    if (final >= 0) {
      const signal = verbSignal(facts, final, 'secondary');
      if (signal) signals.push(signal);
    }
    for (let i = 1; i < words.length; i++) {
      if (i !== primary && i !== final && CONJUNCTIONS.has(words[i - 1] ?? '')) {
        const signal = verbSignal(facts, i, 'secondary');
        if (signal) signals.push(signal);
      }
    }
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? '';
      const next = words[i + 1];
      if (word === 'readonly' || (word === 'read' && next === 'only') || word === 'dryrun' || (word === 'dry' && next === 'run')) {
        const text = word === 'read' || word === 'dry' ? `${word}_${next}` : word;
        signals.push({ effect: 'read-only', strength: 'strong', evidence: ruleEvidence(nameVerbRule, 'read-only-word', 'name', text) });
      }
      if (['replace', 'overwrite', 'upsert', 'rewrite'].includes(word) && i !== primary) {
        signals.push({ effect: 'overwrite', strength: 'weak', evidence: ruleEvidence(nameVerbRule, 'overwrite-word', 'name', word) });
      }
      if (['all', 'bulk', 'batch', 'many', 'multiple', 'everything', 'recursive'].includes(word)) {
        signals.push({ effect: 'bulk', strength: 'weak', evidence: ruleEvidence(nameVerbRule, 'bulk-word', 'name', word) });
      }
    }
    if (primary < 0 && words.length > 0 && words.some((word) => REPORT_NOUNS.has(word))) {
      const noun = words.find((word) => REPORT_NOUNS.has(word)) ?? '';
      signals.push({ effect: 'read', strength: 'weak', evidence: ruleEvidence(nameVerbRule, 'report-noun', 'name', noun) });
    } else if (primary < 0) {
      // `web_search_x`, `spell_check`, `log_query`: a reading word used as a noun still says what the tool does.
      const noun = words.find((word) => NOUN_LIKE_VERBS.has(word) && verbInfo(word)?.cls === 'read');
      if (noun !== undefined)
        signals.push({ effect: 'read', strength: 'weak', evidence: ruleEvidence(nameVerbRule, 'read-noun', 'name', noun) });
    }
    return { signals, findings: [] };
  },
};
