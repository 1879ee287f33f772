/**
 * The policy snippets a tool page shows: the rule the recommended policy has for it, how to
 * rate-limit it, and how to block it — in the native format and in the formats of the
 * enforcement points that can say it. Built with each format's own serialiser, so a hostile
 * tool name stays a quoted string in every snippet.
 */
import { stringify as stringifyToml } from 'smol-toml';
import { stringify as stringifyYaml } from 'yaml';
import type { Category, RateLimit } from '../../model.js';
import { DEFAULT_RATE_LIMITS } from '../../classifier/recommend.js';
import { claudeCodeToolRule } from '../../policy/export/to-claude-code.js';
import { codexServerName } from '../../policy/export/to-codex.js';
import { toInterceptRateLimit } from '../../policy/export/to-intercept.js';
import { ownEntry, recordOf, type Policy } from '../../policy/policy-model.js';

/** The limit a tool page suggests for a tool of each category when someone allows it. */
export const SUGGESTED_RATE_LIMITS: Record<Category, RateLimit> = {
  read: { max: 60, window: 60 },
  write: { ...DEFAULT_RATE_LIMITS.write },
  execute: { ...DEFAULT_RATE_LIMITS.execute },
  destructive: { max: 1, window: 3600 },
  financial: { max: 1, window: 3600 },
};

export interface ToolSnippets {
  /** What the recommended policy says about the tool (`{"hide": [...]}` or `{"tools": {...}}`). */
  recommended: string;
  /** True when the recommended policy hides the tool. */
  hidden: boolean;
  rateLimit: RateLimit;
  rateLimitNative: string;
  rateLimitIntercept: string;
  denyNative: string;
  hideNative: string;
  blockClaudeCode: string;
  blockCodex: string;
}

/** A name YAML reads as the same plain string (no quoting needed, not a boolean or null word). */
const PLAIN_YAML_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const YAML_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

/** The Intercept rule that rate-limits one tool. Written directly for plain names (most of them, and fast); the yaml library quotes any other. */
function interceptRateLimitSnippet(tool: string, limit: string): string {
  if (PLAIN_YAML_KEY.test(tool) && !YAML_WORDS.has(tool.toLowerCase())) {
    return `tools:\n  ${tool}:\n    rules:\n      - name: rate limit\n        rate_limit: ${limit}`;
  }
  return stringifyYaml({ tools: recordOf([[tool, { rules: [{ name: 'rate limit', rate_limit: limit }] }]]) }, { lineWidth: 0 }).trimEnd();
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function toolPolicySnippets(policy: Policy, tool: string, category: Category, serverName: string): ToolSnippets {
  const hidden = policy.hide?.includes(tool) === true;
  const rule = ownEntry(policy.tools, tool);
  const recommended = hidden || rule === undefined ? json({ hide: [tool] }) : json({ tools: recordOf([[tool, rule]]) });
  const rateLimit = rule?.rate_limit ?? SUGGESTED_RATE_LIMITS[category];
  const intercept = toInterceptRateLimit(rateLimit);
  return {
    recommended,
    hidden,
    rateLimit,
    rateLimitNative: json({ tools: recordOf([[tool, { action: 'allow', rate_limit: rateLimit }]]) }),
    rateLimitIntercept: interceptRateLimitSnippet(tool, intercept.text),
    denyNative: json({ tools: recordOf([[tool, { action: 'deny' }]]) }),
    hideNative: json({ hide: [tool] }),
    blockClaudeCode: json({ permissions: { deny: [claudeCodeToolRule(serverName, tool)] } }),
    blockCodex: stringifyToml({ mcp_servers: recordOf([[codexServerName(serverName), { disabled_tools: [tool] }]]) }).trimEnd(),
  };
}
