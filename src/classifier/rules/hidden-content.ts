/**
 * Rule family: characters a person does not see but a model reads — terminal escape sequences,
 * control characters, zero-width and bidirectional-override characters — anywhere in a tool's
 * definition (name, title, description, annotations, schemas; facts.inspection, which covers the
 * parts the scanner had to cut). They can hide instructions from the user who approves the tool.
 */
import type { Finding } from '../../model.js';
import type { Rule } from '../rule.js';

const SAYS = {
  escape: 'contains terminal escape or control characters',
  invisible: 'contains invisible (zero-width, bidirectional or tag) characters',
} as const;

export const hiddenContentRule: Rule = {
  id: 'hidden-content',
  summary: 'Escape sequences, control, zero-width or bidi characters that hide text from people.',
  raises: 'hidden-content',
  apply(facts) {
    const findings: Finding[] = facts.inspection.hidden.map(({ part, kind }) => ({
      kind: 'hidden-content',
      message: `${part} ${SAYS[kind]}`,
    }));
    return { signals: [], findings };
  },
};
