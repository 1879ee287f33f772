/**
 * An Intercept policy file (PolicyLayer, POLICY.md) → problems by Intercept's own rules (and
 * unknown keys, which Intercept would silently ignore), and the native policy it amounts to:
 * `rules: []` is allow, a rule with `action: deny` is deny, the `rate_limit` shorthand is a rate
 * limit, `hide` is hide. Rules built from `conditions` and `state`, and wildcard `"*"` rules, have
 * no native form: they are notes, and the tool counts as allowed.
 */
import { isUntrustedRecord, ownValue, quoteUntrusted, type UntrustedRecord } from '../../hostile-text/untrusted-value.js';
import type { RateLimit } from '../../model.js';
import { INTERCEPT_WINDOWS, type InterceptWindow } from '../export/to-intercept.js';
import { POLICY_VERSION, recordOf, type Policy, type PolicyProblem, type PolicyRule } from '../policy-model.js';
import { describeValue, pointer } from '../validate-policy.js';

export interface InterceptReading {
  policy: Policy;
  problems: PolicyProblem[];
  notes: string[];
}

const TOP_KEYS = ['version', 'description', 'default', 'hide', 'tools'];
const TOOL_KEYS = ['rules'];
const RULE_KEYS = ['name', 'action', 'rate_limit', 'conditions', 'on_deny', 'state'];
const OPERATORS = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'regex', 'contains', 'exists'];

/** `5/hour` → `{max: 5, window: 3600}`, or a message saying what is wrong. */
export function parseInterceptRateLimit(text: string): RateLimit | string {
  const match = /^(\d+)\/(\w+)$/.exec(text);
  if (match === null) return `rate_limit must look like "<count>/<window>", e.g. "5/hour", not ${quoteUntrusted(text, 40)}`;
  const count = Number(match[1]);
  const window = match[2] ?? '';
  if (!Number.isSafeInteger(count) || count <= 0)
    return `the rate_limit count must be a positive integer, not ${quoteUntrusted(match[1] ?? '', 20)}`;
  if (!Object.hasOwn(INTERCEPT_WINDOWS, window))
    return `the rate_limit window must be minute, hour or day, not ${quoteUntrusted(window, 20)}`;
  return { max: count, window: INTERCEPT_WINDOWS[window as InterceptWindow] };
}

function unknownKeys(record: UntrustedRecord, allowed: readonly string[], at: string[], problems: PolicyProblem[]): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key))
      problems.push({ path: pointer(...at, key), message: `unknown key ${quoteUntrusted(key, 40)}; allowed: ${allowed.join(', ')}` });
  }
}

interface RuleReading {
  deny: boolean;
  rateLimit?: RateLimit;
  native: boolean;
}

function readRule(rule: unknown, at: string[], problems: PolicyProblem[]): RuleReading {
  const none: RuleReading = { deny: false, native: true };
  if (!isUntrustedRecord(rule)) {
    problems.push({ path: pointer(...at), message: `a rule must be a mapping, not ${describeValue(rule)}` });
    return none;
  }
  unknownKeys(rule, RULE_KEYS, at, problems);
  const name = ownValue(rule, 'name');
  const action = ownValue(rule, 'action') ?? 'evaluate';
  const rateLimit = ownValue(rule, 'rate_limit');
  const conditions = ownValue(rule, 'conditions');
  const state = ownValue(rule, 'state');
  if (name !== undefined && typeof name !== 'string')
    problems.push({ path: pointer(...at, 'name'), message: `must be a string, not ${describeValue(name)}` });
  const onDeny = ownValue(rule, 'on_deny');
  if (onDeny !== undefined && typeof onDeny !== 'string')
    problems.push({ path: pointer(...at, 'on_deny'), message: `must be a string, not ${describeValue(onDeny)}` });
  if (rateLimit !== undefined) {
    let limit: RateLimit | undefined;
    if (typeof rateLimit !== 'string')
      problems.push({ path: pointer(...at, 'rate_limit'), message: `must be a string like "5/hour", not ${describeValue(rateLimit)}` });
    else {
      const parsed = parseInterceptRateLimit(rateLimit);
      if (typeof parsed === 'string') problems.push({ path: pointer(...at, 'rate_limit'), message: parsed });
      else limit = parsed;
    }
    if (conditions !== undefined || state !== undefined) {
      problems.push({ path: pointer(...at, 'rate_limit'), message: 'rate_limit cannot be combined with conditions or state' });
    }
    if (action === 'deny') problems.push({ path: pointer(...at, 'rate_limit'), message: 'rate_limit cannot be used with action "deny"' });
    return limit !== undefined ? { deny: false, rateLimit: limit, native: true } : none;
  }
  if (typeof name !== 'string' || name.trim() === '') problems.push({ path: pointer(...at, 'name'), message: 'a rule must have a name' });
  if (action !== 'evaluate' && action !== 'deny') {
    problems.push({ path: pointer(...at, 'action'), message: `must be "evaluate" or "deny", not ${describeValue(action)}` });
    return none;
  }
  if (conditions !== undefined && !Array.isArray(conditions)) {
    problems.push({ path: pointer(...at, 'conditions'), message: `must be a list, not ${describeValue(conditions)}` });
  }
  const conditionList = Array.isArray(conditions) ? conditions : [];
  if (action === 'deny') {
    if (conditionList.length > 0) problems.push({ path: pointer(...at, 'conditions'), message: 'deny rules must not have conditions' });
    return { deny: true, native: true };
  }
  if (conditionList.length === 0) problems.push({ path: pointer(...at), message: 'evaluate rules must have at least one condition' });
  conditionList.forEach((condition, index) => {
    const where = [...at, 'conditions', String(index)];
    if (!isUntrustedRecord(condition)) {
      problems.push({ path: pointer(...where), message: `a condition must be a mapping, not ${describeValue(condition)}` });
      return;
    }
    const path = ownValue(condition, 'path');
    if (typeof path !== 'string' || !(path.startsWith('args.') || path.startsWith('state.'))) {
      problems.push({ path: pointer(...where, 'path'), message: 'path must start with "args." or "state."' });
    }
    const op = ownValue(condition, 'op');
    if (typeof op !== 'string' || !OPERATORS.includes(op)) {
      problems.push({ path: pointer(...where, 'op'), message: `unknown operator; use one of ${OPERATORS.join(', ')}` });
    }
  });
  return { deny: false, native: false };
}

export function readIntercept(value: unknown): InterceptReading {
  const problems: PolicyProblem[] = [];
  const notes: string[] = [];
  const policy: Policy = { version: POLICY_VERSION, default: 'allow' };
  if (!isUntrustedRecord(value)) {
    return { policy, problems: [{ path: '', message: `an Intercept policy must be a mapping, not ${describeValue(value)}` }], notes };
  }
  unknownKeys(value, TOP_KEYS, [], problems);
  const version = ownValue(value, 'version');
  if (version !== '1' && version !== 1) problems.push({ path: '/version', message: `must be "1", not ${describeValue(version)}` });
  const description = ownValue(value, 'description');
  if (description !== undefined && typeof description !== 'string')
    problems.push({ path: '/description', message: `must be a string, not ${describeValue(description)}` });
  const defaultValue = ownValue(value, 'default') ?? 'allow';
  if (defaultValue === 'allow' || defaultValue === 'deny') policy.default = defaultValue;
  else problems.push({ path: '/default', message: `must be "allow" or "deny", not ${describeValue(defaultValue)}` });

  const hide = ownValue(value, 'hide');
  if (hide !== undefined) {
    if (!Array.isArray(hide)) problems.push({ path: '/hide', message: `must be a list of tool names, not ${describeValue(hide)}` });
    else {
      const seen = new Set<string>();
      policy.hide = [];
      hide.forEach((entry: unknown, index) => {
        if (typeof entry !== 'string' || entry.trim() === '') {
          problems.push({ path: pointer('hide', index), message: 'entry must be a non-empty tool name' });
        } else if (seen.has(entry)) {
          problems.push({ path: pointer('hide', index), message: `duplicate entry ${quoteUntrusted(entry, 60)}` });
        } else {
          seen.add(entry);
          policy.hide?.push(entry);
        }
      });
      if (seen.has('*')) notes.push('/hide: "*" hides every tool; mcp-risk policies name each tool');
    }
  }

  const tools = ownValue(value, 'tools');
  if (tools !== undefined && tools !== null && !isUntrustedRecord(tools)) {
    problems.push({ path: '/tools', message: `must be a mapping of tool names to rules, not ${describeValue(tools)}` });
  }
  const rules: [string, PolicyRule][] = [];
  if (isUntrustedRecord(tools)) {
    for (const name of Object.keys(tools)) {
      const entry = ownValue(tools, name);
      const at = ['tools', name];
      if (entry !== null && !isUntrustedRecord(entry)) {
        problems.push({ path: pointer(...at), message: `must be a mapping with "rules", not ${describeValue(entry)}` });
        continue;
      }
      const toolRules = entry === null ? undefined : ownValue(entry, 'rules');
      if (isUntrustedRecord(entry)) unknownKeys(entry, TOOL_KEYS, at, problems);
      if (toolRules !== undefined && toolRules !== null && !Array.isArray(toolRules)) {
        problems.push({ path: pointer(...at, 'rules'), message: `must be a list, not ${describeValue(toolRules)}` });
        continue;
      }
      const readings = (Array.isArray(toolRules) ? toolRules : []).map((rule: unknown, index) =>
        readRule(rule, [...at, 'rules', String(index)], problems),
      );
      if (name === '*') {
        if (readings.length > 0) notes.push('/tools/*: wildcard rules apply to every tool; mcp-risk policies have no wildcard');
        continue;
      }
      if (readings.some((reading) => !reading.native)) notes.push(`${pointer(...at)}: rules with conditions have no mcp-risk form`);
      const limits = readings.flatMap((reading) => (reading.rateLimit !== undefined ? [reading.rateLimit] : []));
      if (limits.length > 1) notes.push(`${pointer(...at)}: several rate limits; mcp-risk keeps one per tool`);
      const rule: PolicyRule = readings.some((reading) => reading.deny) ? { action: 'deny' } : { action: 'allow' };
      const limit = limits[0];
      if (rule.action === 'allow' && limit !== undefined) rule.rate_limit = limit;
      rules.push([name, rule]);
    }
  }
  policy.tools = recordOf(rules);
  return { policy, problems, notes };
}
