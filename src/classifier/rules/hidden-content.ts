/**
 * Rule family: characters a person does not see but a model reads — terminal escape sequences,
 * control characters, zero-width and bidirectional-override characters — in a tool's name,
 * title or description. They can hide instructions from the user who approves the tool.
 */
import type { Finding } from '../../model.js';
import type { Rule } from '../rule.js';

// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b[[\]PX^_]?|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/u;

function describe(field: string, text: string): string | null {
  if (ESCAPES.test(text)) return `${field} contains terminal escape or control characters`;
  if (INVISIBLE.test(text)) return `${field} contains invisible (zero-width, bidirectional or tag) characters`;
  return null;
}

export const hiddenContentRule: Rule = {
  id: 'hidden-content',
  summary: 'Escape sequences, control, zero-width or bidi characters that hide text from people.',
  apply(facts) {
    const findings: Finding[] = [];
    const fields: [string, string][] = [['name', facts.tool.name], ['title', facts.title], ['description', facts.description]];
    for (const [field, text] of fields) {
      const message = describe(field, text);
      if (message) findings.push({ kind: 'hidden-content', message });
    }
    return { signals: [], findings };
  },
};
