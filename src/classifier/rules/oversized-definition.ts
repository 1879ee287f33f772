/**
 * Rule family: a definition the scanner had to cut to its size limits (a 1 MB description, a
 * schema nested 10,000 levels deep, a server's schemas over their shared budget).
 *
 * Instructions to the model and hidden characters were still looked for in all of it (see the
 * prompt-injection and hidden-content rules), but what the tool does was judged only from what
 * was kept: such a tool is reported, at least medium, and never allowed without a person.
 */
import { INSPECTION_BUDGET } from '../../hostile-text/inspect-definition.js';
import type { CutPart, Finding } from '../../model.js';
import type { Rule } from '../rule.js';

const UNIT: Record<Exclude<CutPart['reason'], 'total'>, string> = {
  length: 'characters',
  size: 'bytes of JSON',
  depth: 'levels deep',
};

function describeCut(cut: CutPart): string {
  const size = cut.size.toLocaleString('en');
  const limit = cut.limit.toLocaleString('en');
  if (cut.reason === 'total') return `${cut.part} ${size} bytes of JSON, past the server's ${limit} for all its schemas`;
  return `${cut.part} ${size} ${UNIT[cut.reason]} (limit ${limit})`;
}

export const oversizedDefinitionRule: Rule = {
  id: 'oversized-definition',
  summary: 'A definition cut to the size limits: judged from what was kept, never allowed without approval.',
  raises: 'oversized-definition',
  apply(facts) {
    const cut = facts.tool.cut;
    if (cut === undefined || cut.parts.length === 0) return { signals: [], findings: [] };
    const checked = cut.inspection.complete
      ? 'Instructions to the model and hidden characters were looked for in all of it'
      : `Instructions to the model and hidden characters were looked for in its first ${(INSPECTION_BUDGET / (1024 * 1024)).toLocaleString('en')} M characters only`;
    const findings: Finding[] = [
      {
        kind: 'oversized-definition',
        message: `the definition was cut to mcp-risk's size limits: ${cut.parts.map(describeCut).join('; ')}. ${checked}; what the tool does was judged only from what was kept`,
      },
    ];
    return { signals: [], findings };
  },
};
