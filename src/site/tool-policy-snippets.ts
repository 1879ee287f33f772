/**
 * The policy snippets a tool page shows: the rule the recommended policy has for it, how to
 * rate-limit it, and how to block it — in the native format and in the formats of the
 * enforcement points that can say it. Each snippet is a complete policy that `policy check`
 * accepts (the native and Intercept ones with `version: "1"` and `default: deny`, like
 * `{"version":"1","default":"deny","hide":["flowforge_cancel_run"]}`), so it can be saved as a
 * file as it is, or its rule merged into a larger policy; its reason is cleaned like a policy file's. Built with each format's own
 * serialiser, so a hostile tool name stays a quoted string in every snippet.
 */
import { stringify as stringifyToml } from 'smol-toml';
import { stringify as stringifyYaml } from 'yaml';
import type { Category, RateLimit } from '../model.js';
import { DEFAULT_RATE_LIMITS } from '../classifier/recommend.js';
import { withCleanReason } from '../policy/export/clean-policy.js';
import { claudeCodeToolRule } from '../policy/export/to-claude-code.js';
import { codexServerName } from '../policy/export/to-codex.js';
import { toInterceptRateLimit } from '../policy/export/to-intercept.js';
import { ownEntry, POLICY_VERSION, recordOf, type Policy } from '../policy/policy-model.js';

/** The limit a tool page suggests for a tool of each category when someone allows it. */
export const SUGGESTED_RATE_LIMITS: Record<Category, RateLimit> = {
  read: { max: 60, window: 60 },
  write: { ...DEFAULT_RATE_LIMITS.write },
  execute: { ...DEFAULT_RATE_LIMITS.execute },
  destructive: { max: 1, window: 3600 },
  financial: { max: 1, window: 3600 },
};

export interface ToolSnippets {
  /** What the recommended policy says about the tool (a policy with its `hide` entry or its rule). */
  recommended: string;
  /** True when the recommended policy hides the tool. */
  hidden: boolean;
  rateLimit: RateLimit;
  rateLimitNative: string;
  /** Null for a tool named `*`: in Intercept `*` means every tool, so it cannot be named there. */
  rateLimitIntercept: string | null;
  denyNative: string;
  hideNative: string;
  blockClaudeCode: string;
  blockCodex: string;
}

/** A name YAML reads as the same plain string (no quoting needed, not a boolean or null word). */
const PLAIN_YAML_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const YAML_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

/** In Intercept, `*` means every tool. */
const INTERCEPT_WILDCARD = '*';

/** What makes a snippet a whole policy rather than a fragment: every tool it does not name is refused. */
const POLICY_HEAD = { version: POLICY_VERSION, default: 'deny' } as const;

/** The Intercept policy that rate-limits one tool. Written directly for plain names (most of them, and fast); the yaml library quotes any other. */
function interceptRateLimitSnippet(tool: string, limit: string): string {
  if (PLAIN_YAML_KEY.test(tool) && !YAML_WORDS.has(tool.toLowerCase())) {
    return `version: "${POLICY_HEAD.version}"\ndefault: ${POLICY_HEAD.default}\ntools:\n  ${tool}:\n    rules:\n      - name: rate limit\n        rate_limit: ${limit}`;
  }
  return stringifyYaml(
    { ...POLICY_HEAD, tools: recordOf([[tool, { rules: [{ name: 'rate limit', rate_limit: limit }] }]]) },
    { lineWidth: 0 },
  ).trimEnd();
}

/** A complete native policy with `body`'s hide list or rules, as 2-space JSON. */
function policyJson(body: Pick<Policy, 'hide' | 'tools'>): string {
  return JSON.stringify({ ...POLICY_HEAD, ...body }, null, 2);
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function toolPolicySnippets(policy: Policy, tool: string, category: Category, serverName: string): ToolSnippets {
  const hidden = policy.hide?.includes(tool) === true;
  const rule = ownEntry(policy.tools, tool);
  // The policy's reason is raw (it quotes the server): the snippet is a policy file, so it holds it cleaned.
  const recommended =
    hidden || rule === undefined ? policyJson({ hide: [tool] }) : policyJson({ tools: recordOf([[tool, withCleanReason(rule)]]) });
  const rateLimit = rule?.rate_limit ?? SUGGESTED_RATE_LIMITS[category];
  const intercept = toInterceptRateLimit(rateLimit);
  return {
    recommended,
    hidden,
    rateLimit,
    rateLimitNative: policyJson({ tools: recordOf([[tool, { action: 'allow', rate_limit: rateLimit }]]) }),
    rateLimitIntercept: tool === INTERCEPT_WILDCARD ? null : interceptRateLimitSnippet(tool, intercept.text),
    denyNative: policyJson({ tools: recordOf([[tool, { action: 'deny' }]]) }),
    hideNative: policyJson({ hide: [tool] }),
    blockClaudeCode: json({ permissions: { deny: [claudeCodeToolRule(serverName, tool)] } }),
    blockCodex: stringifyToml({ mcp_servers: recordOf([[codexServerName(serverName), { disabled_tools: [tool] }]]) }).trimEnd(),
  };
}
