/**
 * The default recommendation for a classified tool: read allow; write rate_limit 30 per minute;
 * execute rate_limit 10 per minute; destructive hide; financial require_approval. A tool whose
 * definition carries instructions to the model is hidden whatever it does; one whose definition
 * had to be cut is never allowed or rate-limited, only approved call by call (or hidden). The
 * reason quotes the evidence in words a person reads.
 */
import type { Category, Evidence, Finding, Recommendation, Severity } from '../model.js';

/** A category's name at the start of a sentence. */
export const CATEGORY_LABEL: Record<Category, string> = {
  read: 'Read',
  write: 'Write',
  execute: 'Execute',
  destructive: 'Destructive',
  financial: 'Financial',
};

/** Why a tool whose definition was cut is never allowed without a person, in every profile. */
export const CUT_DEFINITION_SAYS =
  "Its definition was too big to read whole and was cut; what it does was judged from part of it, so every call needs a person's approval.";

export const DEFAULT_RATE_LIMITS = {
  write: { max: 30, window: 60 },
  execute: { max: 10, window: 60 },
} as const;

function describeEvidence(evidence: Evidence): string {
  switch (evidence.signal) {
    case 'name':
      return `name has "${evidence.text}"`;
    case 'title':
      return `title has "${evidence.text}"`;
    case 'description':
      return `description says "${evidence.text}"`;
    case 'schema':
      return `input "${evidence.text}"`;
    case 'annotation':
      return `declares ${evidence.text}`;
  }
}

export function explainEvidence(evidence: readonly Evidence[], max = 3): string {
  return evidence.slice(0, max).map(describeEvidence).join('; ');
}

export function recommend(
  category: Category,
  severity: Severity,
  evidence: readonly Evidence[],
  findings: readonly Finding[],
): Recommendation {
  const why = `${CATEGORY_LABEL[category]}, ${severity}: ${explainEvidence(evidence)}`;
  const injection = findings.find((f) => f.kind === 'prompt-injection');
  if (injection) {
    return {
      action: 'hide',
      reason: `${why}. Its definition carries instructions to the model (${injection.message}); hidden so the agent never reads it.`,
    };
  }
  const cut = findings.some((f) => f.kind === 'oversized-definition');
  if (cut && (category === 'read' || category === 'write' || category === 'execute')) {
    return { action: 'require_approval', reason: `${why}. ${CUT_DEFINITION_SAYS}` };
  }
  switch (category) {
    case 'read':
      return { action: 'allow', reason: `${why}. Reads only; allowed.` };
    case 'write':
      return {
        action: 'rate_limit',
        rate_limit: { ...DEFAULT_RATE_LIMITS.write },
        reason: `${why}. Changes data; limited to 30 calls a minute.`,
      };
    case 'execute':
      return {
        action: 'rate_limit',
        rate_limit: { ...DEFAULT_RATE_LIMITS.execute },
        reason: `${why}. Runs code or jobs; limited to 10 calls a minute.`,
      };
    case 'destructive':
      return { action: 'hide', reason: `${why}. Destroys data or work that cannot be recovered; hidden from the agent.` };
    case 'financial':
      return { action: 'require_approval', reason: `${why}. Moves money; every call needs a person's approval.` };
  }
}
