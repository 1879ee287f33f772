/**
 * A Codex `config.toml` (or the fragment `policy --format codex` writes) → one native policy per
 * `[mcp_servers.<name>]` table that says anything about its tools (`enabled_tools`,
 * `disabled_tools`, `default_tools_approval_mode`, `tools.<tool>.approval_mode`). How to start the
 * server (command, url, env, …) is Codex's business and is not checked.
 *
 * disabled_tools → hide; with enabled_tools, `default: deny` and each enabled tool allowed;
 * approval_mode "prompt" → require_approval. Codex applies disabled_tools after enabled_tools, so
 * a tool in both is a contradiction worth reporting.
 */
import { isUntrustedRecord, ownValue, quoteUntrusted, type UntrustedRecord } from '../../hostile-text/untrusted-value.js';
import { POLICY_VERSION, recordOf, type Policy, type PolicyProblem, type PolicyRule } from '../policy-model.js';
import { describeValue, pointer } from '../validate-policy.js';
import type { ServerPolicy } from './server-policy.js';

export interface CodexReading {
  policies: ServerPolicy[];
  problems: PolicyProblem[];
  notes: string[];
}

const APPROVAL_MODES = ['auto', 'prompt', 'approve'];
const POLICY_KEYS = ['enabled_tools', 'disabled_tools', 'default_tools_approval_mode', 'tools'];
const NAME = /^[a-zA-Z0-9_-]+$/;

function toolList(server: UntrustedRecord, key: string, at: string[], problems: PolicyProblem[]): string[] | undefined {
  const value = ownValue(server, key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push({ path: pointer(...at, key), message: `must be a list of tool names, not ${describeValue(value)}` });
    return undefined;
  }
  const names: string[] = [];
  value.forEach((entry: unknown, index) => {
    if (typeof entry !== 'string' || entry === '')
      problems.push({ path: pointer(...at, key, index), message: 'must be a non-empty tool name' });
    else if (names.includes(entry))
      problems.push({ path: pointer(...at, key, index), message: `${quoteUntrusted(entry, 60)} is listed twice` });
    else names.push(entry);
  });
  return names;
}

function approvalMode(value: unknown, path: string, problems: PolicyProblem[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && APPROVAL_MODES.includes(value)) return value;
  problems.push({ path, message: `must be one of "auto", "prompt", "approve", not ${describeValue(value)}` });
  return undefined;
}

function readServer(name: string, server: UntrustedRecord, problems: PolicyProblem[], notes: string[]): Policy {
  const at = ['mcp_servers', name];
  if (!NAME.test(name))
    problems.push({
      path: pointer(...at),
      message: `Codex refuses the server name ${quoteUntrusted(name, 60)}: only letters, digits, _ and -`,
    });
  const enabled = toolList(server, 'enabled_tools', at, problems);
  const disabled = toolList(server, 'disabled_tools', at, problems) ?? [];
  const defaultMode = approvalMode(
    ownValue(server, 'default_tools_approval_mode'),
    pointer(...at, 'default_tools_approval_mode'),
    problems,
  );
  const modes = new Map<string, string>();
  const tools = ownValue(server, 'tools');
  if (tools !== undefined && !isUntrustedRecord(tools))
    problems.push({ path: pointer(...at, 'tools'), message: `must be a table of tools, not ${describeValue(tools)}` });
  if (isUntrustedRecord(tools)) {
    for (const tool of Object.keys(tools)) {
      const entry = ownValue(tools, tool);
      if (!isUntrustedRecord(entry)) {
        problems.push({ path: pointer(...at, 'tools', tool), message: `must be a table, not ${describeValue(entry)}` });
        continue;
      }
      const mode = approvalMode(ownValue(entry, 'approval_mode'), pointer(...at, 'tools', tool, 'approval_mode'), problems);
      if (mode !== undefined) modes.set(tool, mode);
    }
  }
  if (enabled !== undefined) {
    disabled.forEach((tool, index) => {
      if (enabled.includes(tool))
        problems.push({
          path: pointer(...at, 'disabled_tools', index),
          message: `${quoteUntrusted(tool, 60)} is also in enabled_tools; Codex disables it`,
        });
    });
  }
  if (defaultMode === 'prompt' && enabled === undefined) {
    notes.push(`${pointer(...at, 'default_tools_approval_mode')}: every tool needs approval; mcp-risk policies have a rule per tool`);
  }
  const decide = (tool: string): PolicyRule =>
    (modes.get(tool) ?? defaultMode) === 'prompt' ? { action: 'require_approval' } : { action: 'allow' };
  const named = enabled ?? [...modes.keys()];
  const rules: [string, PolicyRule][] = named.filter((tool) => !disabled.includes(tool)).map((tool) => [tool, decide(tool)]);
  return {
    version: POLICY_VERSION,
    default: enabled !== undefined ? 'deny' : 'allow',
    hide: disabled,
    tools: recordOf(rules),
  };
}

export function readCodex(value: unknown): CodexReading {
  const problems: PolicyProblem[] = [];
  const notes: string[] = [];
  const servers = isUntrustedRecord(value) ? ownValue(value, 'mcp_servers') : undefined;
  if (!isUntrustedRecord(servers)) {
    return {
      policies: [],
      problems: [{ path: '/mcp_servers', message: 'a Codex config names its servers in [mcp_servers.<name>] tables; there are none' }],
      notes,
    };
  }
  const policies: ServerPolicy[] = [];
  for (const name of Object.keys(servers)) {
    const server = ownValue(servers, name);
    if (!isUntrustedRecord(server)) {
      problems.push({ path: pointer('mcp_servers', name), message: `must be a table, not ${describeValue(server)}` });
      continue;
    }
    if (!POLICY_KEYS.some((key) => ownValue(server, key) !== undefined)) continue;
    policies.push({ server: name, policy: readServer(name, server, problems, notes) });
  }
  if (policies.length === 0 && problems.length === 0) {
    problems.push({ path: '/mcp_servers', message: 'no server has enabled_tools, disabled_tools or tools: there is no policy to read' });
  }
  return { policies, problems, notes };
}
