/**
 * Any policy file mcp-risk writes, read back: the native policy (JSON or YAML), an Intercept
 * policy (YAML), a Claude Code settings file (JSON) or a Codex config (TOML). The format is told
 * by the syntax and the content; the result is the native policy of each server the file covers,
 * every problem (path and one line), and notes on what the file says that has no native form.
 */
import { isUntrustedRecord, ownValue } from '../config/untrusted-value.js';
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
