/**
 * A server's recommended policy (the balanced profile) and the files a server page offers for
 * download beside it, one per export format: the native policy as JSON and YAML, and the files
 * Intercept, Claude Code and Codex read.
 */
import type { ServerReport } from '../model.js';
import { exportPolicy, type PolicyFormat } from '../policy/export/exporters.js';
import type { ToolRisk } from '../policy/export/policy-export.js';
import { generatePolicy } from '../policy/generate-policy.js';
import type { Policy } from '../policy/policy-model.js';

export interface PolicyDownload {
  format: PolicyFormat;
  /** File name, beside the server page. */
  file: string;
  label: string;
  /** What to do with it. */
  use: string;
}

export const POLICY_DOWNLOADS: readonly PolicyDownload[] = [
  { format: 'json', file: 'mcp-risk-policy.json', label: 'mcp-risk policy (JSON)', use: 'for mcp-risk guard --policy' },
  { format: 'yaml', file: 'mcp-risk-policy.yaml', label: 'mcp-risk policy (YAML)', use: 'the same policy as YAML' },
  { format: 'intercept', file: 'intercept-policy.yaml', label: 'Intercept policy', use: 'for the Intercept MCP proxy' },
  { format: 'claude-code', file: 'claude-code-settings.json', label: 'Claude Code permissions', use: 'merge into .claude/settings.json' },
  { format: 'codex', file: 'codex-config.toml', label: 'Codex config', use: "merge into the server's table in ~/.codex/config.toml" },
];

export const POLICY_PROFILE = 'balanced';

/** The balanced-profile policy of one server, named as the catalogue names it. */
export function serverPolicy(report: ServerReport, serverName: string, version: string): Policy {
  return generatePolicy(report, { profile: POLICY_PROFILE, generator: `mcp-risk ${version}`, serverName });
}

export interface PolicyFile {
  download: PolicyDownload;
  text: string;
  /** What the format could not express (tool names as the server wrote them: escape when shown). */
  notes: string[];
}

/** `risks`: each tool's category and severity, for the formats that cannot rate-limit. */
export function policyFiles(policy: Policy, serverName: string, risks: Readonly<Record<string, ToolRisk>>): PolicyFile[] {
  return POLICY_DOWNLOADS.map((download) => {
    const exported = exportPolicy(policy, download.format, { server: serverName, risks });
    return { download, text: exported.text, notes: exported.notes };
  });
}
