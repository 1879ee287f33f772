/**
 * One tool definition → its classification: category, severity, evidence, inferred
 * annotations, findings and the recommended action. Deterministic, offline, no exceptions
 * for odd input: every tool gets a category.
 */
import type { ClassifiedTool, Evidence, Finding, ToolAnnotations, ToolDefinition } from '../model.js';
import { decideCategory } from './decide-category.js';
import { decideSeverity } from './decide-severity.js';
import { extractFacts } from './extract-facts.js';
import { inferAnnotations } from './infer-annotations.js';
import { recommend } from './recommend.js';
import type { ToolSignal } from './rule.js';
import { RULES } from './rules/index.js';

export interface ClassifyOptions {
  /** The server's name, used to recognise a tool-name prefix such as `flowforge_`. */
  serverName?: string;
  /** Extra findings known from elsewhere (e.g. the scanner saw the name twice). */
  findings?: readonly Finding[];
}

const MAX_EVIDENCE = 8;

function dedupe(signals: readonly ToolSignal[]): Evidence[] {
  const out: Evidence[] = [];
  for (const signal of signals) {
    const e = signal.evidence;
    if (!out.some((o) => o.signal === e.signal && o.text.toLowerCase() === e.text.toLowerCase() && o.rule === e.rule)) out.push(e);
    if (out.length >= MAX_EVIDENCE) break;
  }
  return out;
}

function knownAnnotations(annotations: ToolAnnotations | undefined): ToolAnnotations | null {
  if (!annotations) return null;
  const out: ToolAnnotations = {};
  for (const key of ['title', 'readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    const value = annotations[key];
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

export function classifyTool(tool: ToolDefinition, options: ClassifyOptions = {}): ClassifiedTool {
  const facts = extractFacts(tool, options.serverName);
  const signals: ToolSignal[] = [];
  const findings: Finding[] = [...(options.findings ?? [])];
  for (const rule of RULES) {
    const result = rule.apply(facts);
    signals.push(...result.signals);
    findings.push(...result.findings);
  }
  const decision = decideCategory(facts, signals);
  findings.push(...decision.findings);
  const severity = decideSeverity(facts, decision, signals, findings);
  const evidence = dedupe([...decision.supporting, ...severity.reasons]);
  const inferred = inferAnnotations(decision, signals);
  const declared = knownAnnotations(tool.annotations);
  if (declared?.destructiveHint === false && inferred.destructiveHint && decision.category === 'destructive') {
    findings.push({
      kind: 'annotation-mismatch',
      message: `declares destructiveHint: false, but ${evidence[0] ? `"${evidence[0].text}"` : 'its definition'} says it destroys`,
    });
  }
  return {
    name: tool.name,
    title: tool.title ?? tool.annotations?.title ?? null,
    description: tool.description ?? '',
    category: decision.category,
    severity: severity.severity,
    evidence,
    inferredAnnotations: inferred,
    declaredAnnotations: declared,
    findings,
    recommendation: recommend(decision.category, severity.severity, evidence, findings),
  };
}
