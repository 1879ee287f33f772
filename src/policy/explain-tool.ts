/**
 * Why one tool gets the action it gets: its category and severity, each piece of evidence quoted
 * with the rule that read it, what each of those rules looks for (its summary), its findings, and
 * the profile's decision with the reason.
 */
import type { Category, Evidence, Finding, RateLimit, ServerReport, Severity } from '../model.js';
import { sanitizeForTerminal } from '../hostile-text/sanitize.js';
import type { Rule } from '../classifier/rule.js';
import { ruleOfEvidence } from '../classifier/rules/index.js';
import type { ProfileName, ToolDecision } from './policy-model.js';
import { recommendForProfile } from './profiles.js';

export interface ToolExplanation {
  server: string;
  tool: string;
  title: string | null;
  category: Category;
  severity: Severity;
  evidence: Evidence[];
  findings: Finding[];
  profile: ProfileName;
  decision: ToolDecision;
  rate_limit?: RateLimit;
  reason: string;
}

/** The explanation for `toolName`, or undefined when the server has no such tool. */
export function explainTool(server: ServerReport, toolName: string, profile: ProfileName): ToolExplanation | undefined {
  const tool = server.tools.find((candidate) => candidate.name === toolName);
  if (tool === undefined) return undefined;
  const recommendation = recommendForProfile(tool, profile);
  const explanation: ToolExplanation = {
    server: server.name,
    tool: tool.name,
    title: tool.title,
    category: tool.category,
    severity: tool.severity,
    evidence: tool.evidence,
    findings: tool.findings,
    profile,
    decision: recommendation.decision,
    reason: recommendation.reason,
  };
  if (recommendation.rate_limit !== undefined) explanation.rate_limit = recommendation.rate_limit;
  return explanation;
}

const WHERE: Record<Evidence['signal'], string> = {
  name: 'name',
  title: 'title',
  description: 'description',
  schema: 'input',
  annotation: 'annotation',
};

function quoted(text: string, max = 160): string {
  return `"${sanitizeForTerminal(text, max)}"`;
}

/** The rules that read the evidence, each once, in the order of the evidence they read. */
function rulesOf(evidence: readonly Evidence[]): Rule[] {
  const rules: Rule[] = [];
  for (const item of evidence) {
    const rule = ruleOfEvidence(item.rule);
    if (rule !== undefined && !rules.includes(rule)) rules.push(rule);
  }
  return rules;
}

/** The explanation as lines of plain text for a terminal; every server-given string sanitised. */
export function renderExplanation(explanation: ToolExplanation): string {
  const pad = (label: string): string => label.padEnd(10);
  const lines = [`${sanitizeForTerminal(explanation.tool, 200)}  (server ${sanitizeForTerminal(explanation.server, 100)})`];
  if (explanation.title !== null) lines.push(`${pad('title')}${quoted(explanation.title)}`);
  lines.push(`${pad('category')}${explanation.category}`, `${pad('severity')}${explanation.severity}`);
  if (explanation.evidence.length === 0) lines.push(`${pad('evidence')}none`);
  explanation.evidence.forEach((evidence, index) => {
    lines.push(
      `${pad(index === 0 ? 'evidence' : '')}${WHERE[evidence.signal]} ${quoted(evidence.text)}  (rule ${sanitizeForTerminal(evidence.rule, 80)})`,
    );
  });
  rulesOf(explanation.evidence).forEach((rule, index) => {
    lines.push(`${pad(index === 0 ? 'rules' : '')}${rule.id}: ${rule.summary}`);
  });
  if (explanation.findings.length === 0) lines.push(`${pad('findings')}none`);
  explanation.findings.forEach((finding, index) => {
    lines.push(`${pad(index === 0 ? 'findings' : '')}${finding.kind}: ${sanitizeForTerminal(finding.message, 300)}`);
  });
  const limit =
    explanation.rate_limit !== undefined ? `, at most ${explanation.rate_limit.max} calls per ${explanation.rate_limit.window} s` : '';
  lines.push(`${pad('action')}${explanation.decision}${limit}  (profile ${explanation.profile})`);
  lines.push(`${pad('reason')}${sanitizeForTerminal(explanation.reason, 1000)}`);
  return `${lines.join('\n')}\n`;
}
