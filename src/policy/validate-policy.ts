/**
 * Is this a valid native policy? The JSON Schema (`schemas/policy.schema.json`, shipped in the
 * package) checks the shape; cross-field checks catch what a schema says badly (a tool both
 * hidden and allowed, a rate limit on a denied tool). Every problem is one line with the JSON
 * pointer of the offending value. Problems are data: nothing here throws for a bad policy.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { isUntrustedRecord, ownValue, quoteUntrusted } from '../hostile-text/untrusted-value.js';
import type { Policy, PolicyProblem } from './policy-model.js';

export type PolicyValidation = { ok: true; policy: Policy; problems: [] } | { ok: false; problems: PolicyProblem[] };

/** The schema file, one level above both src/ and dist/. */
export const POLICY_SCHEMA_URL = new URL('../../schemas/policy.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    const schema = JSON.parse(readFileSync(POLICY_SCHEMA_URL, 'utf8')) as object;
    compiled = new Ajv2020({ allErrors: true, verbose: true, strict: true }).compile(schema);
  }
  return compiled;
}

/** One segment of a JSON pointer (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((segment) => `/${pointerSegment(segment)}`).join('');
}

/** "a string", "an integer", "null", "an array": what a value is, for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `the string ${quoteUntrusted(value, 40)}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function allowedKeys(parentSchema: unknown): string {
  if (!isUntrustedRecord(parentSchema)) return '';
  const properties = ownValue(parentSchema, 'properties');
  if (!isUntrustedRecord(properties)) return '';
  return `; allowed: ${Object.keys(properties).join(', ')}`;
}

function problemFromAjv(error: ErrorObject): PolicyProblem | undefined {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  if (error.propertyName !== undefined) {
    const path = `${at}/${pointerSegment(error.propertyName)}`;
    if (error.keyword === 'minLength') return { path, message: 'a tool name must not be empty' };
    if (error.keyword === 'maxLength') return { path, message: `a tool name must be at most ${String(params['limit'])} characters` };
    return { path, message: `${quoteUntrusted(error.propertyName, 40)} is not a valid tool name` };
  }
  switch (error.keyword) {
    case 'propertyNames':
      return undefined;
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      return { path: `${at}/${pointerSegment(key)}`, message: `unknown key ${quoteUntrusted(key, 40)}${allowedKeys(error.parentSchema)}` };
    }
    case 'required': {
      const key = String(params['missingProperty']);
      return { path: `${at}/${pointerSegment(key)}`, message: `${quoteUntrusted(key, 40)} is required` };
    }
    case 'type':
      return { path: at, message: `must be ${withArticle(String(params['type']))}, not ${describeValue(error.data)}` };
    case 'const':
      return { path: at, message: `must be ${JSON.stringify(params['allowedValue'])}, not ${describeValue(error.data)}` };
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'].map((v) => JSON.stringify(v)).join(', ') : '';
      return { path: at, message: `must be one of ${allowed}, not ${describeValue(error.data)}` };
    }
    case 'minimum':
      return { path: at, message: `must be at least ${String(params['limit'])}, not ${describeValue(error.data)}` };
    case 'maximum':
      return { path: at, message: `must be at most ${String(params['limit'])}, not ${describeValue(error.data)}` };
    case 'minLength':
      return {
        path: at,
        message: Number(params['limit']) === 1 ? 'must not be empty' : `must be at least ${String(params['limit'])} characters`,
      };
    case 'maxLength':
      return { path: at, message: `must be at most ${String(params['limit'])} characters` };
    case 'uniqueItems': {
      const first = Number(params['j']);
      const second = Number(params['i']);
      const item = Array.isArray(error.data) ? (error.data as unknown[])[second] : undefined;
      const shown = typeof item === 'string' ? quoteUntrusted(item, 60) : 'this entry';
      return { path: `${at}/${second}`, message: `${shown} is listed twice (also at ${at}/${first})` };
    }
    case 'maxItems':
      return { path: at, message: `has more than ${String(params['limit'])} entries` };
    case 'maxProperties':
      return { path: at, message: `has more than ${String(params['limit'])} entries` };
    default:
      return { path: at, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** Checks the schema cannot express; defensive, since the value may be anything. */
function crossFieldProblems(value: unknown): PolicyProblem[] {
  if (!isUntrustedRecord(value)) return [];
  const problems: PolicyProblem[] = [];
  const hideValue = ownValue(value, 'hide');
  const hidden = new Set(Array.isArray(hideValue) ? hideValue.filter((name): name is string => typeof name === 'string') : []);
  const tools = ownValue(value, 'tools');
  if (!isUntrustedRecord(tools)) return problems;
  for (const name of Object.keys(tools)) {
    const rule = ownValue(tools, name);
    if (!isUntrustedRecord(rule)) continue;
    const action = ownValue(rule, 'action');
    if (hidden.has(name) && (action === 'allow' || action === 'require_approval')) {
      const how = action === 'allow' ? 'allowed' : 'allowed with approval';
      problems.push({
        path: pointer('tools', name),
        message: `${quoteUntrusted(name, 60)} is both hidden (in /hide) and ${how}; remove one of the two`,
      });
    }
    if (action === 'deny' && ownValue(rule, 'rate_limit') !== undefined) {
      problems.push({ path: pointer('tools', name, 'rate_limit'), message: 'a denied tool takes no rate_limit' });
    }
  }
  return problems;
}

/** The problems in order, each (same path, same message) kept once. */
export function withoutRepeatedProblems(problems: PolicyProblem[]): PolicyProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Validates a parsed native policy (from JSON or YAML). */
export function validatePolicy(value: unknown): PolicyValidation {
  const validate = schemaValidator();
  const problems: PolicyProblem[] = [];
  if (!validate(value)) {
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
      const problem = problemFromAjv(error);
      // One line per value: "must be an integer" says enough without "must be at least 1".
      if (problem === undefined || seen.has(problem.path)) continue;
      seen.add(problem.path);
      problems.push(problem);
    }
  }
  problems.push(...crossFieldProblems(value));
  if (problems.length > 0) return { ok: false, problems: withoutRepeatedProblems(problems) };
  return { ok: true, policy: value as Policy, problems: [] };
}
