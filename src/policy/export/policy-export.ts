/** What every exporter returns: the whole text to write, and what the target format could not say. */
import type { Category, ServerReport, Severity } from '../../model.js';
import { ownEntry, type PolicyRule } from '../policy-model.js';

export interface PolicyExport {
  /** The file's text, ending with a newline. */
  text: string;
  /**
   * One line each: rules the format cannot express and how they were written instead. The text
   * of a note may quote tool names as a server wrote them; whoever prints it sanitises it.
   */
  notes: string[];
}

/** What the scan said of one tool. */
export interface ToolRisk {
  category: Category;
  severity: Severity;
}

export interface ExportContext {
  /** The server's name as the user's client knows it (Claude Code and Codex key their rules by it). */
  server: string;
  /**
   * What the scan said of each tool of the server, by name. A format that cannot rate-limit uses
   * it to decide which rate-limited tools are asked about; a tool it does not know is asked about.
   */
  risks?: Readonly<Record<string, ToolRisk>>;
}

/** Each tool's category and severity, from a scanned server. */
export function toolRisks(server: Pick<ServerReport, 'tools'>): Record<string, ToolRisk> {
  const risks: Record<string, ToolRisk> = Object.create(null) as Record<string, ToolRisk>;
  for (const tool of server.tools) risks[tool.name] = { category: tool.category, severity: tool.severity };
  return risks;
}

const RISKY_CATEGORIES: readonly Category[] = ['execute', 'destructive', 'financial'];
const RISKY_SEVERITIES: readonly Severity[] = ['high', 'critical'];

/**
 * For a format without rate limits (Claude Code, Codex), whose own default for a tool it has no
 * rule for is to ask: an allowed, rate-limited tool is asked about rather than allowed without its
 * limit when it runs code (or destroys, or moves money), when its risk is high or critical, or
 * when its risk is not known — never looser than the client's own default for what the format
 * cannot say. Other rate-limited tools (reads and medium-risk writes) are allowed, with a note.
 */
export function askInsteadOfLimit(tool: string, rule: PolicyRule, context: ExportContext): boolean {
  if (rule.action !== 'allow' || rule.rate_limit === undefined) return false;
  const risk = context.risks !== undefined ? ownEntry(context.risks, tool) : undefined;
  if (risk === undefined) return true;
  return RISKY_CATEGORIES.includes(risk.category) || RISKY_SEVERITIES.includes(risk.severity);
}

/** "a, b, c and 4 more": a bounded list of tool names for a note. */
export function listTools(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
