import { CATEGORIES, SEVERITIES } from '../model.js';
import type { ServerSummary } from '../model.js';

function plural(count: number, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * One line of counts for a server: `7 tools; critical 2, high 2, low 3; read 3, destructive 2, ...; 1 finding`.
 * Only non-zero counts are listed, severities most severe first, categories in model order.
 * The result holds numbers and model words only, nothing a server wrote.
 */
export function describeSummary(summary: ServerSummary): string {
  const severities = [...SEVERITIES]
    .reverse()
    .filter((severity) => summary.bySeverity[severity] > 0)
    .map((severity) => `${severity} ${String(summary.bySeverity[severity])}`);
  const categories = CATEGORIES.filter((category) => summary.byCategory[category] > 0).map(
    (category) => `${category} ${String(summary.byCategory[category])}`,
  );
  const parts = [plural(summary.tools, 'tool')];
  if (severities.length > 0) parts.push(severities.join(', '));
  if (categories.length > 0) parts.push(categories.join(', '));
  parts.push(plural(summary.findings, 'finding'));
  return parts.join('; ');
}
