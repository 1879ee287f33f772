/**
 * The policy as a YAML policy file for Intercept, the open-source MCP proxy by PolicyLayer
 * (github.com/PolicyLayer/Intercept, POLICY.md): `version: "1"`, `description`, `default`,
 * `hide`, and `tools.<name>.rules`, where an allowed tool has `rules: []`, a denied one a rule
 * with `action: deny`, and a rate limit is the `rate_limit: "<count>/<minute|hour|day>"`
 * shorthand. Each tool's reason is a comment above it.
 *
 * Intercept has no approval step (a tool that needs approval is denied) and counts calls per
 * calendar minute, hour or day (other windows are converted to about the same average rate).
 */
import { Document, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Category, RateLimit } from '../../model.js';
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { cleanReason } from './clean-policy.js';
import { ownEntry, type Policy, type PolicyRule } from '../policy-model.js';
import { listTools, type ExportContext, type PolicyExport } from './policy-export.js';

export const INTERCEPT_WINDOWS = { minute: 60, hour: 3600, day: 86400 } as const;
export type InterceptWindow = keyof typeof INTERCEPT_WINDOWS;

interface InterceptRule {
  name: string;
  action?: 'deny';
  rate_limit?: string;
  on_deny?: string;
}

export interface InterceptRateLimit {
  text: string;
  /** False when the window is not a minute, an hour or a day and the count was scaled. */
  exact: boolean;
}

/**
 * `{max: 30, window: 60}` → `30/minute`. Another window becomes the same average rate (rounded
 * down, at least 1) over the longest of minute, hour and day that fits in it (a minute when none
 * does), so a burst stays about as small as the original window allows.
 */
export function toInterceptRateLimit(limit: RateLimit): InterceptRateLimit {
  const units = Object.entries(INTERCEPT_WINDOWS) as [InterceptWindow, number][];
  const exact = units.find(([, seconds]) => seconds === limit.window);
  if (exact !== undefined) return { text: `${limit.max}/${exact[0]}`, exact: true };
  const [unit, seconds] = [...units].reverse().find(([, s]) => s <= limit.window) ?? ['minute', INTERCEPT_WINDOWS.minute];
  const count = Math.max(1, Math.floor((limit.max * seconds) / limit.window));
  return { text: `${count}/${unit}`, exact: false };
}

/** A reason as the comment above its tool: one clean line (the policy holds it raw). */
function comment(reason: string): string {
  return ` ${cleanReason(reason, 400)}`;
}

function denyMessage(category: Category | undefined, because: string): string {
  return category !== undefined ? `Denied by policy (${category} tool)${because}` : `Denied by policy${because}`;
}

function rulesFor(name: string, rule: PolicyRule, notes: { approval: string[]; scaled: string[] }): InterceptRule[] {
  switch (rule.action) {
    case 'deny':
      return [{ name: 'deny', action: 'deny', on_deny: denyMessage(rule.category, '.') }];
    case 'require_approval':
      notes.approval.push(name);
      return [{ name: 'needs approval', action: 'deny', on_deny: denyMessage(rule.category, '; it needs a person to approve each call.') }];
    case 'allow': {
      if (rule.rate_limit === undefined) return [];
      const limit = toInterceptRateLimit(rule.rate_limit);
      if (!limit.exact) notes.scaled.push(`${name} (${rule.rate_limit.max} per ${rule.rate_limit.window} s → ${limit.text})`);
      return [{ name: 'rate limit', rate_limit: limit.text }];
    }
  }
}

/** In Intercept, `*` means every tool: a tool a server happens to call `*` cannot be named. */
const WILDCARD = '*';

export function toIntercept(policy: Policy, context: ExportContext): PolicyExport {
  const notes = { approval: [] as string[], scaled: [] as string[] };
  const tools: [string, { rules: InterceptRule[] }][] = Object.entries(policy.tools ?? {})
    .filter(([name]) => name !== WILDCARD)
    .map(([name, rule]) => [name, { rules: rulesFor(name, rule, notes) }]);
  const hide = (policy.hide ?? []).filter((name) => name !== WILDCARD);
  const wildcard = policy.hide?.includes(WILDCARD) === true || ownEntry(policy.tools, WILDCARD) !== undefined;
  const generator = policy.metadata?.generator ?? 'mcp-risk';
  const profile = policy.metadata?.profile !== undefined ? ` (profile ${policy.metadata.profile})` : '';
  const body = {
    version: '1',
    description: sanitizeForTerminal(`Policy for ${context.server}, written by ${generator}${profile}`, 300),
    default: policy.default,
    ...(hide.length > 0 ? { hide } : {}),
    tools: Object.fromEntries(tools),
  };
  const doc = new Document(body);
  const hideNode = doc.get('hide', true);
  if (isSeq(hideNode)) {
    for (const item of hideNode.items) {
      if (!isScalar(item) || typeof item.value !== 'string') continue;
      const reason = ownEntry(policy.metadata?.hidden, item.value)?.reason;
      if (reason !== undefined) item.commentBefore = comment(reason);
    }
  }
  const toolsNode = doc.get('tools', true);
  if (isMap(toolsNode)) {
    for (const pair of toolsNode.items) {
      if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
      const reason = ownEntry(policy.tools, pair.key.value)?.reason;
      if (reason !== undefined) pair.key.commentBefore = comment(reason);
    }
  }
  const lines: string[] = [];
  if (wildcard) {
    lines.push(
      `a tool named "*" was left out: in Intercept "*" means every tool${policy.default === 'deny' ? '; default deny refuses it' : ''}`,
    );
  }
  if (notes.approval.length > 0) lines.push(`Intercept has no approval step; denied instead: ${listTools(notes.approval)}`);
  if (notes.scaled.length > 0)
    lines.push(
      `Intercept counts calls per minute, hour or day; rate limits converted to about the same average rate: ${listTools(notes.scaled)}`,
    );
  return { text: doc.toString({ lineWidth: 0 }), notes: lines };
}
