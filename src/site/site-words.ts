/**
 * The words the site uses for categories, severities, actions and evidence: model words only,
 * never text a server wrote (callers interpolate that through the `html` tag).
 */
import type { Action, Category, Evidence, RateLimit, Recommendation, Severity, Signal } from '../model.js';
import type { CrawlStatus } from '../catalogue/catalogue-model.js';

export { CATEGORY_LABEL } from '../classifier/recommend.js';

/** What a tool of each category can do, as the end of "It …". */
export const CATEGORY_MEANING: Record<Category, string> = {
  read: 'reads data and changes nothing',
  write: 'creates or changes data',
  execute: 'runs code, commands or jobs',
  destructive: 'deletes or irreversibly ends data or work',
  financial: 'moves money or commits to spending it',
};

/** The same, for several tools: "tools that …". */
export const CATEGORY_MEANING_PLURAL: Record<Category, string> = {
  read: 'read data and change nothing',
  write: 'create or change data',
  execute: 'run code, commands or jobs',
  destructive: 'delete or irreversibly end data or work',
  financial: 'move money or commit to spending it',
};

export const SEVERITY_MEANING: Record<Severity, string> = {
  low: 'little harm if an agent misuses it',
  medium: 'limited, recoverable harm if an agent misuses it',
  high: 'serious harm if an agent misuses it',
  critical: 'harm that is hard or impossible to undo if an agent misuses it',
};

export const STATUS_LABEL: Record<CrawlStatus, string> = {
  ok: 'scanned',
  failed: 'scan failed',
  'needs-config': 'needs configuration',
  'listed-only': 'listed only (not run)',
};

const ACTION_PHRASE: Record<Action, string> = {
  allow: 'allow it',
  rate_limit: 'allow it with a rate limit',
  require_approval: "require a person's approval for every call",
  deny: 'deny every call',
  hide: 'hide it from the agent',
};

const WINDOWS: Readonly<Record<number, string>> = { 1: 'a second', 60: 'a minute', 3600: 'an hour', 86400: 'a day' };

/** `{max: 30, window: 60}` → "30 times a minute"; `{max: 1, window: 3600}` → "once an hour". */
export function rateText(limit: RateLimit): string {
  const times = limit.max === 1 ? 'once' : limit.max === 2 ? 'twice' : `${limit.max.toLocaleString('en-US')} times`;
  const window = WINDOWS[limit.window];
  return window !== undefined ? `${times} ${window}` : `${times} in ${limit.window.toLocaleString('en-US')} seconds`;
}

/** "allow it, at most 30 times a minute". */
export function actionPhrase(recommendation: Recommendation): string {
  const limit = recommendation.rate_limit;
  if (recommendation.action === 'rate_limit' && limit !== undefined) return `allow it, at most ${rateText(limit)}`;
  return ACTION_PHRASE[recommendation.action] ?? String(recommendation.action);
}

/** Short action label for tables: `hide`, `approval`, `rate limit 30/60 s`. */
export function actionLabel(recommendation: Recommendation): string {
  const limit = recommendation.rate_limit;
  switch (recommendation.action) {
    case 'rate_limit':
      return limit !== undefined ? `rate limit ${limit.max}/${limit.window} s` : 'rate limit';
    case 'require_approval':
      return 'approval';
    default:
      return String(recommendation.action);
  }
}

const SIGNAL_PLACE: Record<Signal, string> = {
  name: 'its name',
  title: 'its title',
  description: 'its description',
  schema: 'its input schema',
  annotation: 'its declared annotations',
};

/** Where a piece of evidence was read: "its description". */
export function evidencePlace(evidence: Evidence): string {
  return SIGNAL_PLACE[evidence.signal] ?? 'its definition';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** `a` or `an` before a word. */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
