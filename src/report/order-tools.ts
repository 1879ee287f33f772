import { severityRank } from '../model.js';
import type { ClassifiedTool } from '../model.js';

/**
 * The order in which every human-facing renderer lists tools: most severe first, then by name
 * (code-unit order, so the result does not depend on the locale). Returns a new array.
 */
export function orderTools(tools: readonly ClassifiedTool[]): ClassifiedTool[] {
  return [...tools].sort((a, b) => {
    const bySeverity = severityRank(b.severity) - severityRank(a.severity);
    if (bySeverity !== 0) return bySeverity;
    if (a.name < b.name) return -1;
    return a.name > b.name ? 1 : 0;
  });
}
