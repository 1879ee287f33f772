/**
 * What the agent reads when the guard stops a call: a tool result with `isError: true` (so the
 * model sees it and can adapt, as with any failed tool) whose text names the rule and its reason.
 * Tool names and reasons are cut and stripped of control characters: they end up in a prompt.
 */
import { excerptLine } from '../hostile-text/terminal-text.js';
import type { GuardDecision } from './policy-engine.js';

export interface ToolErrorResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  isError: true;
}

export function toolErrorResult(text: string): ToolErrorResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

/** The text for a call the policy stopped outright. */
export function blockedText(
  tool: string,
  decision: Exclude<GuardDecision, { kind: 'allow' } | { kind: 'needs-approval' }>,
  now: number,
): string {
  const name = excerptLine(tool, 200);
  const why = excerptLine(decision.reason, 500);
  switch (decision.kind) {
    case 'hide':
      return `Blocked by mcp-risk guard: ${name} is hidden by the policy (rule ${decision.rule}): ${why}. The call was not sent to the server.`;
    case 'deny':
      return `Blocked by mcp-risk guard: ${name} is denied by the policy (rule ${decision.rule}): ${why}. The call was not sent to the server.`;
    case 'rate-limited':
      return (
        `Blocked by mcp-risk guard: rate limit reached for ${name} (rule ${decision.rule}: ${why}). ` +
        `Retry in ${seconds(decision.retryAfterMs)} s (retryAfterMs ${decision.retryAfterMs}, at ${new Date(now + decision.retryAfterMs).toISOString()}). The call was not sent to the server.`
      );
  }
}

export function approvalDeniedText(tool: string, rule: string, reason: string, note: string | undefined): string {
  const extra = note === undefined || note === '' ? '' : ` Note: ${excerptLine(note, 300)}.`;
  return `Blocked by mcp-risk guard: a person denied this call to ${excerptLine(tool, 200)} (rule ${rule}: ${excerptLine(reason, 500)}).${extra} The call was not sent to the server.`;
}

export function approvalTimeoutText(tool: string, rule: string, reason: string, timeoutMs: number): string {
  return `Blocked by mcp-risk guard: no one approved this call to ${excerptLine(tool, 200)} within ${seconds(timeoutMs)} s (rule ${rule}: ${excerptLine(reason, 500)}), so it was denied. The call was not sent to the server.`;
}

export function approvalUnavailableText(tool: string, rule: string, message: string): string {
  return `Blocked by mcp-risk guard: ${excerptLine(tool, 200)} needs a person's approval (rule ${rule}) and there is no way to ask: ${excerptLine(message, 300)}. The call was not sent to the server.`;
}
