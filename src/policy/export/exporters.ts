/**
 * The policy output formats, chosen by name: the native policy as JSON or YAML, and the files
 * three enforcement points read (Intercept, Claude Code, Codex). Each exporter is a pure function
 * from a policy to the whole text, plus notes on what the format could not express.
 */
import type { Policy } from '../policy-model.js';
import type { ExportContext, PolicyExport } from './policy-export.js';
import { toClaudeCode } from './to-claude-code.js';
import { toCodex } from './to-codex.js';
import { toIntercept } from './to-intercept.js';
import { toJson } from './to-json.js';
import { toYaml } from './to-yaml.js';

export const POLICY_FORMATS = ['json', 'yaml', 'intercept', 'claude-code', 'codex'] as const;
export type PolicyFormat = (typeof POLICY_FORMATS)[number];

export type PolicyExporter = (policy: Policy, context: ExportContext) => PolicyExport;

export const EXPORTERS: Record<PolicyFormat, PolicyExporter> = {
  json: (policy) => toJson(policy),
  yaml: (policy) => toYaml(policy),
  intercept: toIntercept,
  'claude-code': toClaudeCode,
  codex: toCodex,
};

export function isPolicyFormat(name: unknown): name is PolicyFormat {
  return typeof name === 'string' && (POLICY_FORMATS as readonly string[]).includes(name);
}

/** The policy in the named format. */
export function exportPolicy(policy: Policy, format: PolicyFormat, context: ExportContext): PolicyExport {
  return EXPORTERS[format](policy, context);
}
