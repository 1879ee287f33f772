/**
 * A Claude Code settings file (or the fragment `policy --format claude-code` writes) → one native
 * policy per MCP server its permission rules name. Only `permissions.deny`, `.ask` and `.allow`
 * are read, and in them only MCP rules (`mcp__<server>__<tool>`); everything else a settings file
 * holds is left alone. Tool names are Claude Code's normalised ones.
 *
 * deny → deny (Claude Code cannot hide), ask → require_approval, allow → allow. A rule for a whole
 * server (`mcp__<server>`, `mcp__<server>__*`) has no per-tool form: it is a note.
 */
import { isUntrustedRecord, ownValue, quoteUntrusted } from '../../hostile-text/untrusted-value.js';
import { POLICY_VERSION, recordOf, type PolicyAction, type PolicyProblem, type PolicyRule } from '../policy-model.js';
import { describeValue, pointer } from '../validate-policy.js';
import type { ServerPolicy } from './server-policy.js';

export interface ClaudeCodeReading {
  policies: ServerPolicy[];
  problems: PolicyProblem[];
  notes: string[];
}

const LISTS = [
  ['deny', 'deny'],
  ['ask', 'require_approval'],
  ['allow', 'allow'],
] as const satisfies readonly (readonly [string, PolicyAction])[];

const NAME = /^[a-zA-Z0-9_-]+$/;

/** Claude Code's own reading of an MCP rule: `mcp__server__tool` (a server name with `__` in it is read wrongly, as in Claude Code). */
export function parseClaudeCodeRule(rule: string): { server: string; tool: string | undefined } | undefined {
  const [prefix, server, ...tool] = rule.split('__');
  if (prefix !== 'mcp' || server === undefined || server === '') return undefined;
  return { server, tool: tool.length > 0 ? tool.join('__') : undefined };
}

export function readClaudeCode(value: unknown): ClaudeCodeReading {
  const problems: PolicyProblem[] = [];
  const notes: string[] = [];
  if (!isUntrustedRecord(value))
    return {
      policies: [],
      problems: [{ path: '', message: `a Claude Code settings file must be an object, not ${describeValue(value)}` }],
      notes,
    };
  const permissions = ownValue(value, 'permissions');
  if (!isUntrustedRecord(permissions)) {
    return {
      policies: [],
      problems: [{ path: '/permissions', message: `must be an object with deny, ask and allow lists, not ${describeValue(permissions)}` }],
      notes,
    };
  }
  const servers = new Map<string, Map<string, { action: PolicyAction; path: string }>>();
  for (const [list, action] of LISTS) {
    const entries = ownValue(permissions, list);
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) {
      problems.push({ path: pointer('permissions', list), message: `must be a list of rules, not ${describeValue(entries)}` });
      continue;
    }
    entries.forEach((entry: unknown, index) => {
      const path = pointer('permissions', list, index);
      if (typeof entry !== 'string') {
        problems.push({ path, message: `a rule must be a string, not ${describeValue(entry)}` });
        return;
      }
      if (!entry.startsWith('mcp__')) return;
      const parsed = parseClaudeCodeRule(entry);
      if (parsed === undefined) {
        problems.push({ path, message: `${quoteUntrusted(entry, 80)} names no server; an MCP rule is mcp__<server>__<tool>` });
        return;
      }
      if (parsed.tool === undefined || parsed.tool === '*') {
        notes.push(`${path}: ${quoteUntrusted(entry, 80)} applies to every tool of the server; mcp-risk policies have a rule per tool`);
        return;
      }
      if (!NAME.test(parsed.server) || !NAME.test(parsed.tool)) {
        problems.push({
          path,
          message: `${quoteUntrusted(entry, 80)} never matches: Claude Code names hold only letters, digits, _ and -`,
        });
        return;
      }
      const tools = servers.get(parsed.server) ?? new Map<string, { action: PolicyAction; path: string }>();
      servers.set(parsed.server, tools);
      const earlier = tools.get(parsed.tool);
      if (earlier !== undefined) {
        const same = earlier.action === action;
        problems.push({
          path,
          message: same
            ? `${quoteUntrusted(entry, 80)} is listed twice (also at ${earlier.path})`
            : `${quoteUntrusted(entry, 80)} is also at ${earlier.path}; a tool has one rule`,
        });
        return;
      }
      tools.set(parsed.tool, { action, path });
    });
  }
  if (servers.size === 0 && problems.length === 0 && notes.length === 0) {
    problems.push({
      path: '/permissions',
      message: 'no MCP rules (mcp__<server>__<tool>) in deny, ask or allow: there is no policy to read',
    });
  }
  const policies: ServerPolicy[] = [...servers]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([server, tools]) => ({
      server,
      policy: {
        version: POLICY_VERSION,
        default: 'deny',
        tools: recordOf<PolicyRule>([...tools].map(([tool, { action }]) => [tool, { action }])),
      },
    }));
  return { policies, problems, notes };
}
