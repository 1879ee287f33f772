/**
 * The policy as a Codex `config.toml` fragment (openai/codex, docs/config.md "MCP integration",
 * codex-rs/config/src/mcp_types.rs), to merge into the server's existing `[mcp_servers.<name>]`
 * table: `disabled_tools` (hidden and denied tools: Codex removes them from the list),
 * `enabled_tools` (with `default: deny`, the allow-list of every tool that stays), and
 * `[mcp_servers.<name>.tools.<tool>] approval_mode = "prompt"` for a tool that needs approval.
 *
 * Codex has no rate limits (rate-limited tools are allowed) and no "visible but refused" state
 * (denied tools are disabled). Codex accepts server names made of letters, digits, `_` and `-`.
 */
import { stringify } from 'smol-toml';
import type { Policy } from '../policy-model.js';
import { listTools, type ExportContext, type PolicyExport } from './policy-export.js';

/** A server name Codex accepts (`^[a-zA-Z0-9_-]+$`): anything else becomes `_`. */
export function codexServerName(name: string): string {
  const normalised = name.replace(/[^a-zA-Z0-9_-]/g, '_');
  return normalised === '' ? '_' : normalised;
}

export interface CodexServerFragment {
  enabled_tools?: string[];
  disabled_tools?: string[];
  tools?: Record<string, { approval_mode: 'prompt' }>;
}

export function toCodex(policy: Policy, context: ExportContext): PolicyExport {
  const hidden = policy.hide ?? [];
  const disabled = [...hidden];
  const denied: string[] = [];
  const enabled: string[] = [];
  const approval: [string, { approval_mode: 'prompt' }][] = [];
  const unlimited: string[] = [];
  for (const [tool, rule] of Object.entries(policy.tools ?? {})) {
    if (hidden.includes(tool)) continue;
    if (rule.action === 'deny') {
      disabled.push(tool);
      denied.push(tool);
      continue;
    }
    enabled.push(tool);
    if (rule.action === 'require_approval') approval.push([tool, { approval_mode: 'prompt' }]);
    if (rule.rate_limit !== undefined) unlimited.push(tool);
  }
  const server: CodexServerFragment = {};
  if (policy.default === 'deny') server.enabled_tools = enabled;
  server.disabled_tools = disabled;
  if (approval.length > 0) server.tools = Object.fromEntries(approval);
  const name = codexServerName(context.server);
  const text = stringify({ mcp_servers: Object.fromEntries([[name, server]]) });
  const notes: string[] = [`merge this into your existing [mcp_servers.${name}] table in config.toml; it does not say how to start the server`];
  if (denied.length > 0) notes.push(`Codex cannot keep a tool listed but refuse its calls; denied tools are disabled: ${listTools(denied)}`);
  if (unlimited.length > 0) notes.push(`Codex has no rate limits; allowed without a limit: ${listTools(unlimited)}`);
  if (name !== context.server) notes.push(`Codex accepts only letters, digits, _ and - in server names: ${JSON.stringify(context.server)} written as ${name} (give the name from your config with --name)`);
  return { text: text.endsWith('\n') ? text : `${text}\n`, notes };
}
