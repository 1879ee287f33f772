/**
 * A policy as it is written or shown: every reason (of a rule, of a hidden tool) one clean line.
 * Reasons quote what a server wrote, and a policy keeps them raw (see generate-policy.ts) until it
 * leaves the program: the exporters that write reasons (JSON, YAML, Intercept's comments) and the
 * site's snippets clean them here, so a policy file never holds an escape sequence, a control
 * character or an invisible one.
 */
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { REASON_MAX_LENGTH } from '../generate-policy.js';
import { recordOf, type HiddenToolNote, type Policy, type PolicyRule } from '../policy-model.js';

/** A reason as a policy file holds it: one line, nothing hidden, at most REASON_MAX_LENGTH code points. */
export function cleanReason(reason: string, maxLength: number = REASON_MAX_LENGTH): string {
  return sanitizeForTerminal(reason, maxLength);
}

/** A rule or note with its reason cleaned; everything else, the order of its keys included, as it was. */
export function withCleanReason<T extends PolicyRule | HiddenToolNote>(entry: T): T {
  return entry.reason === undefined ? entry : { ...entry, reason: cleanReason(entry.reason) };
}

function cleanEntries<T extends PolicyRule | HiddenToolNote>(record: Record<string, T>): Record<string, T> {
  return recordOf(Object.entries(record).map(([tool, entry]) => [tool, withCleanReason(entry)] as const));
}

/** `policy` with every reason cleaned; nothing else changes. */
export function cleanPolicy(policy: Policy): Policy {
  const clean: Policy = { ...policy };
  if (policy.tools !== undefined) clean.tools = cleanEntries(policy.tools);
  if (policy.metadata?.hidden !== undefined) clean.metadata = { ...policy.metadata, hidden: cleanEntries(policy.metadata.hidden) };
  return clean;
}
