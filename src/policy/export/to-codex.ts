/**
 * The policy as a Codex `config.toml` fragment (openai/codex: docs/config.md "MCP tool approvals",
 * codex-rs/config/src/mcp_types.rs `McpServerConfig`), to merge into the server's existing
 * `[mcp_servers.<name>]` table:
 *
 * - `disabled_tools`: hidden and denied tools (Codex removes them from the list);
 * - `enabled_tools`: with `default: deny`, the allow-list of every tool that stays;
 * - `default_tools_approval_mode = "prompt"` (with `default: deny`): any tool the fragment does not
 *   list is asked about, whatever the table said before;
 * - `[mcp_servers.<name>.tools.<tool>] approval_mode`: `"prompt"` for a tool that needs approval,
 *   `"auto"` (Codex's own default) for an allowed one.
 *
 * Codex has no rate limits: a rate-limited tool that runs code, is high or critical, or whose
 * risk is unknown is prompted for; other rate-limited tools are allowed without their limit. It
 * has no "visible but refused" state (denied tools are disabled). Codex accepts server names made
 * of letters, digits, `_` and `-`.
 */
import { stringify } from 'smol-toml';
import type { Policy } from '../policy-model.js';
import { askInsteadOfLimit, listTools, type ExportContext, type PolicyExport } from './policy-export.js';

/** A server name Codex accepts (`^[a-zA-Z0-9_-]+$`): anything else becomes `_`. */
export function codexServerName(name: string): string {
  const normalised = name.replace(/[^a-zA-Z0-9_-]/g, '_');
  return normalised === '' ? '_' : normalised;
}

/** Codex's approval modes for MCP tools that this exporter writes (Codex also has "approve": never ask). */
export type CodexApprovalMode = 'auto' | 'prompt';

export interface CodexServerFragment {
  enabled_tools?: string[];
  disabled_tools?: string[];
  default_tools_approval_mode?: CodexApprovalMode;
  tools?: Record<string, { approval_mode: CodexApprovalMode }>;
}

export function toCodex(policy: Policy, context: ExportContext): PolicyExport {
  const hidden = policy.hide ?? [];
  const allowList = policy.default === 'deny';
  const disabled = [...hidden];
  const denied: string[] = [];
  const enabled: string[] = [];
  const modes: [string, { approval_mode: CodexApprovalMode }][] = [];
  const unlimited: string[] = [];
  const prompted: string[] = [];
  for (const [tool, rule] of Object.entries(policy.tools ?? {})) {
    if (hidden.includes(tool)) continue;
    if (rule.action === 'deny') {
      disabled.push(tool);
      denied.push(tool);
      continue;
    }
    enabled.push(tool);
    const ask = rule.action === 'require_approval' || askInsteadOfLimit(tool, rule, context);
    if (rule.action === 'allow' && rule.rate_limit !== undefined) (ask ? prompted : unlimited).push(tool);
    // With an allow-list every listed tool says its mode; otherwise Codex's default (auto) is the policy's.
    if (ask || allowList) modes.push([tool, { approval_mode: ask ? 'prompt' : 'auto' }]);
  }
  const server: CodexServerFragment = {};
  if (allowList) server.enabled_tools = enabled;
  server.disabled_tools = disabled;
  if (allowList) server.default_tools_approval_mode = 'prompt';
  if (modes.length > 0) server.tools = Object.fromEntries(modes);
  const name = codexServerName(context.server);
  const text = stringify({ mcp_servers: Object.fromEntries([[name, server]]) });
  const notes: string[] = [
    `merge this into your existing [mcp_servers.${name}] table in config.toml; it does not say how to start the server`,
  ];
  if (denied.length > 0)
    notes.push(`Codex cannot keep a tool listed but refuse its calls; denied tools are disabled: ${listTools(denied)}`);
  if (prompted.length > 0)
    notes.push(
      `Codex has no rate limits; prompted for instead (they run code, are high or critical risk, or their risk is unknown): ${listTools(prompted)}`,
    );
  if (unlimited.length > 0)
    notes.push(`Codex has no rate limits; allowed without a limit (reads and medium-risk writes): ${listTools(unlimited)}`);
  if (name !== context.server)
    notes.push(
      `Codex accepts only letters, digits, _ and - in server names: ${JSON.stringify(context.server)} written as ${name} (give the name from your config with --name)`,
    );
  return { text: text.endsWith('\n') ? text : `${text}\n`, notes };
}
