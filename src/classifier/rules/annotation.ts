/**
 * Rule family: what the server itself declares in the tool's annotations.
 *
 * Declared hints are evidence, not truth: a server can be wrong or lie. They decide only when
 * nothing stronger speaks; a declared readOnlyHint contradicted by strong evidence becomes an
 * "annotation mismatch" finding (see decide-category.ts).
 */
import { ruleEvidence, type Rule, type ToolSignal } from '../rule.js';

export const annotationRule: Rule = {
  id: 'annotation',
  summary: "The server's own hints (readOnlyHint, destructiveHint), weighed as evidence, never trusted alone.",
  apply(facts) {
    const annotations = facts.tool.annotations;
    if (!annotations) return { signals: [], findings: [] };
    const signals: ToolSignal[] = [];
    if (annotations.readOnlyHint === true) {
      signals.push({
        effect: 'declared-read-only',
        strength: 'weak',
        evidence: ruleEvidence(annotationRule, 'read-only', 'annotation', 'readOnlyHint: true'),
      });
    }
    if (annotations.readOnlyHint === false) {
      signals.push({
        effect: 'write',
        strength: 'weak',
        evidence: ruleEvidence(annotationRule, 'not-read-only', 'annotation', 'readOnlyHint: false'),
      });
    }
    if (annotations.destructiveHint === true && annotations.readOnlyHint !== true) {
      signals.push({
        effect: 'declared-destructive',
        strength: 'weak',
        evidence: ruleEvidence(annotationRule, 'destructive', 'annotation', 'destructiveHint: true'),
      });
    }
    if (annotations.openWorldHint === true) {
      signals.push({
        effect: 'outward',
        strength: 'weak',
        evidence: ruleEvidence(annotationRule, 'open-world', 'annotation', 'openWorldHint: true'),
      });
    }
    return { signals, findings: [] };
  },
};
