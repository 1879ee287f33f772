/**
 * Any policy file mcp-risk writes, read back: the native policy (JSON or YAML), an Intercept
 * policy (YAML), a Claude Code settings file (JSON) or a Codex config (TOML). The format is told
 * by the syntax and the content; the result is the native policy of each server the file covers,
 * every problem (path and one line), and notes on what the file says that has no native form.
 */
import { isUntrustedRecord, ownValue } from '../hostile-text/untrusted-value.js';
import type { PolicyFormat } from './export/exporters.js';
import type { PolicyProblem } from './policy-model.js';
import { parsePolicyText } from './read/parse-policy-text.js';
import { readClaudeCode } from './read/read-claude-code.js';
import { readCodex } from './read/read-codex.js';
import { readIntercept } from './read/read-intercept.js';
import type { ServerPolicy } from './read/server-policy.js';
import { validatePolicy, withoutRepeatedProblems } from './validate-policy.js';

export type { ServerPolicy } from './read/server-policy.js';

/** Larger than this is no policy anyone maintains. */
export const MAX_POLICY_BYTES = 5 * 1024 * 1024;

export interface PolicyFile {
  format: PolicyFormat;
  /** One per server the file has rules for; empty when the file is not valid. */
  policies: ServerPolicy[];
  problems: PolicyProblem[];
  /** Valid in the file's format, but with no native form (Intercept conditions, whole-server rules, ...). */
  notes: string[];
}

/** Intercept files have a description or rule lists; native ones have neither. */
function looksLikeIntercept(value: unknown): boolean {
  if (!isUntrustedRecord(value)) return false;
  if (ownValue(value, 'description') !== undefined) return true;
  const tools = ownValue(value, 'tools');
  if (!isUntrustedRecord(tools)) return false;
  return Object.keys(tools).some((name) => {
    const entry = ownValue(tools, name);
    return entry === null || (isUntrustedRecord(entry) && ownValue(entry, 'rules') !== undefined);
  });
}

function formatOf(syntax: 'json' | 'yaml' | 'toml', value: unknown): PolicyFormat {
  if (syntax === 'toml') return 'codex';
  if (syntax === 'json') return isUntrustedRecord(value) && ownValue(value, 'permissions') !== undefined ? 'claude-code' : 'json';
  return looksLikeIntercept(value) ? 'intercept' : 'yaml';
}

/** Runs the native checks over policies converted from another format (cross-field ones above all). */
function checkConverted(policies: ServerPolicy[], problems: PolicyProblem[]): PolicyProblem[] {
  const all = [...problems];
  for (const { policy } of policies) {
    const validation = validatePolicy(policy);
    if (!validation.ok) all.push(...validation.problems);
  }
  return withoutRepeatedProblems(all);
}

/** Whether a policy file can be enforced exactly: the one verdict `policy check` and `guard` give. */
export type PolicyVerdict = { ok: true } | { ok: false; message: string; lines: string[] };

/** Why a file that says something with no native form is refused. */
const NOT_EXACT = 'the guard enforces only policies it can read exactly';

/**
 * The verdict on a file read by `readPolicy`, named `file` in the messages: refused with one line
 * per problem, or — valid in its own format but saying something the native policy cannot
 * express exactly (an Intercept condition, a wildcard, a whole-server rule) — refused with one
 * line per such thing; `message` is the first line and a count of the others. `policy check`
 * prints the lines and exits 2; the guard refuses to start with the message; so a file check
 * accepts is a file the guard enforces, and the other way round.
 */
export function policyVerdict(read: PolicyFile, file: string): PolicyVerdict {
  if (read.problems.length > 0) {
    const lines = read.problems.map((problem) => `${file}: ${problem.path === '' ? '/' : problem.path}: ${problem.message}`);
    const more = lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length === 2 ? '' : 's'})` : '';
    return { ok: false, message: `${lines[0] ?? file}${more}`, lines };
  }
  if (read.notes.length > 0) {
    const lines = read.notes.map((note) => `${file}: ${note}; ${NOT_EXACT}`);
    const more = read.notes.length > 1 ? ` (and ${read.notes.length - 1} more)` : '';
    return { ok: false, message: `${file}: ${read.notes[0] ?? ''}${more}; ${NOT_EXACT}`, lines };
  }
  return { ok: true };
}

export function readPolicy(text: string, fileName: string): PolicyFile {
  const parsed = parsePolicyText(text, fileName);
  if (!parsed.ok) {
    const format: PolicyFormat = parsed.syntax === 'toml' ? 'codex' : parsed.syntax;
    return { format, policies: [], problems: [parsed.problem], notes: [] };
  }
  const format = formatOf(parsed.syntax, parsed.value);
  switch (format) {
    case 'json':
    case 'yaml': {
      const validation = validatePolicy(parsed.value);
      if (!validation.ok) return { format, policies: [], problems: validation.problems, notes: [] };
      return { format, policies: [{ server: validation.policy.metadata?.server, policy: validation.policy }], problems: [], notes: [] };
    }
    case 'intercept': {
      const reading = readIntercept(parsed.value);
      const policies = [{ server: undefined, policy: reading.policy }];
      const problems = checkConverted(policies, reading.problems);
      return { format, policies: problems.length > 0 ? [] : policies, problems, notes: reading.notes };
    }
    case 'claude-code':
    case 'codex': {
      const reading = format === 'codex' ? readCodex(parsed.value) : readClaudeCode(parsed.value);
      const problems = checkConverted(reading.policies, reading.problems);
      return { format, policies: problems.length > 0 ? [] : reading.policies, problems, notes: reading.notes };
    }
  }
}
