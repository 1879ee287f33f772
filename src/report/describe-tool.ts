/**
 * Words shared by the renderers to describe one classified tool: its recommended action, its
 * evidence quotes and its findings. Hostile text goes through the sanitiser the caller passes in.
 */
import type { Evidence, FindingKind, Recommendation } from '../model.js';

export type Sanitizer = (text: string, maxLength: number) => string;

/** `hide`, `require_approval`, `rate_limit 30/60s`. */
export function formatAction(recommendation: Recommendation): string {
  const limit = recommendation.rate_limit;
  if (recommendation.action === 'rate_limit' && limit !== undefined) {
    return `rate_limit ${String(limit.max)}/${String(limit.window)}s`;
  }
  return recommendation.action;
}

/** `annotation-mismatch` → `annotation mismatch`. */
export function formatFindingKind(kind: FindingKind): string {
  return kind.replace(/-/g, ' ');
}

export interface QuoteOptions {
  /** How many pieces of evidence to quote, first ones first (the classifier puts the strongest first). */
  count: number;
  /** Bound of each quoted text, in code points. */
  quoteLength: number;
}

/** The first pieces of evidence as `"Irreversible" (description)`, their text made safe by `sanitize`. */
export function quoteEvidence(evidence: readonly Evidence[], sanitize: Sanitizer, options: QuoteOptions): string[] {
  return evidence.slice(0, options.count).map((item) => `"${sanitize(item.text, options.quoteLength)}" (${sanitize(item.signal, 20)})`);
}
