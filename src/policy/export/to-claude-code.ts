/**
 * The policy as a Claude Code settings fragment: `{"permissions": {"deny": [...], "ask": [...],
 * "allow": [...]}}`, to merge into `.claude/settings.json`. Each entry is Claude Code's name for
 * an MCP tool, `mcp__<server>__<tool>`, where the server is the name it has in Claude Code's
 * config and both names are normalised the way Claude Code normalises them: every character
 * other than a letter, a digit, `_` or `-` becomes `_` (for a `claude.ai …` connector, runs of
 * `_` then collapse and leading/trailing ones go).
 *
 * Claude Code cannot hide a tool (hidden tools are denied), has no rate limits, and asks about any
 * MCP tool without a rule (so `default: deny` holds only for the tools listed). What it cannot say
 * goes to the safer side, never looser than its own default: a rate-limited tool that runs code,
 * is high or critical, or whose risk is unknown goes to `ask`; other rate-limited tools (reads,
 * medium-risk writes) are allowed without their limit. Both are listed in the notes.
 */
import type { Policy } from '../policy-model.js';
import { askInsteadOfLimit, listTools, type ExportContext, type PolicyExport } from './policy-export.js';

const CLAUDE_AI_PREFIX = 'claude.ai ';

/** A server or tool name as Claude Code writes it in `mcp__<server>__<tool>`. */
export function claudeCodeName(name: string): string {
  const normalised = name.replace(/[^a-zA-Z0-9_-]/g, '_');
  return name.startsWith(CLAUDE_AI_PREFIX) ? normalised.replace(/_+/g, '_').replace(/^_|_$/g, '') : normalised;
}

/** Claude Code's permission-rule name for one MCP tool. */
export function claudeCodeToolRule(server: string, tool: string): string {
  return `mcp__${claudeCodeName(server)}__${claudeCodeName(tool)}`;
}

export interface ClaudeCodePermissions {
  permissions: { deny: string[]; ask: string[]; allow: string[] };
}

export function toClaudeCode(policy: Policy, context: ExportContext): PolicyExport {
  const deny: string[] = [];
  const ask: string[] = [];
  const allow: string[] = [];
  const unlimited: string[] = [];
  const asked: string[] = [];
  const renamed: string[] = [];
  const rule = (tool: string): string => {
    const entry = claudeCodeToolRule(context.server, tool);
    if (claudeCodeName(tool) !== tool) renamed.push(`${tool} → ${entry}`);
    return entry;
  };
  for (const tool of policy.hide ?? []) deny.push(rule(tool));
  for (const [tool, toolRule] of Object.entries(policy.tools ?? {})) {
    if (policy.hide?.includes(tool)) continue;
    if (toolRule.action === 'deny') deny.push(rule(tool));
    else if (toolRule.action === 'require_approval') ask.push(rule(tool));
    else if (askInsteadOfLimit(tool, toolRule, context)) {
      ask.push(rule(tool));
      asked.push(tool);
    } else {
      allow.push(rule(tool));
      if (toolRule.rate_limit !== undefined) unlimited.push(tool);
    }
  }
  const body: ClaudeCodePermissions = { permissions: { deny, ask, allow } };
  const notes: string[] = [];
  if ((policy.hide ?? []).length > 0)
    notes.push(`Claude Code cannot hide a tool; hidden tools are denied: ${listTools(policy.hide ?? [])}`);
  if (asked.length > 0)
    notes.push(
      `Claude Code has no rate limits; asked about instead (they run code, are high or critical risk, or their risk is unknown): ${listTools(asked)}`,
    );
  if (unlimited.length > 0)
    notes.push(`Claude Code has no rate limits; allowed without a limit (reads and medium-risk writes): ${listTools(unlimited)}`);
  if (policy.default === 'deny')
    notes.push('Claude Code asks before using an MCP tool that has no rule, so a tool the server adds later is asked about, not denied');
  if (claudeCodeName(context.server) !== context.server)
    notes.push(`Claude Code writes the server name ${JSON.stringify(context.server)} as ${claudeCodeName(context.server)}`);
  if (renamed.length > 0) notes.push(`tool names normalised the way Claude Code does: ${listTools(renamed)}`);
  return { text: `${JSON.stringify(body, null, 2)}\n`, notes };
}
