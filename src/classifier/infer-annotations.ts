/**
 * MCP annotations inferred from the classification, in MCP's own meaning:
 *  - readOnlyHint: the tool does not modify its environment;
 *  - destructiveHint: it may delete or overwrite (not only add);
 *  - idempotentHint: calling it again with the same arguments has no further effect;
 *  - openWorldHint: it reaches an open world of outside entities (the web, other people, other systems).
 */
import type { InferredAnnotations } from '../model.js';
import type { CategoryDecision } from './decide-category.js';
import type { ToolSignal } from './rule.js';

export function inferAnnotations(decision: CategoryDecision, signals: readonly ToolSignal[]): InferredAnnotations {
  const { category, action } = decision;
  const verb = action?.verb;
  const readOnlyHint = category === 'read';
  const overwriteSignal = signals.some((s) => s.effect === 'overwrite' && s.evidence.signal !== 'annotation');
  let destructiveHint: boolean;
  switch (category) {
    case 'read':
      destructiveHint = false;
      break;
    case 'destructive':
      destructiveHint = true;
      break;
    case 'execute':
      // Running code or jobs may do anything; installing software only adds it.
      destructiveHint = verb?.destructive !== false || signals.some((s) => s.effect === 'arbitrary-code');
      break;
    case 'financial':
      // Paying, charging, refunding add a transaction; cancelling or changing one is destructive.
      destructiveHint = verb === undefined || verb.cls === 'destroy' || verb.destructive === true;
      break;
    case 'write':
      destructiveHint = verb === undefined || decision.assumed ? true : verb.destructive === true || overwriteSignal;
      break;
  }
  let idempotentHint: boolean;
  if (readOnlyHint) idempotentHint = true;
  else if (category === 'execute' || category === 'financial') idempotentHint = false;
  else if (category === 'destructive') idempotentHint = true;
  else idempotentHint = verb?.idempotent === true && !decision.assumed;
  const openWorldHint =
    category === 'execute' ||
    category === 'financial' ||
    verb?.outward === true ||
    signals.some((s) => s.effect === 'outward' && s.evidence.signal !== 'annotation');
  return { readOnlyHint, destructiveHint, idempotentHint, openWorldHint };
}
