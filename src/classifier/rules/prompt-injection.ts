/**
 * Rule family: instructions aimed at the model hidden in a tool's definition ("tool poisoning").
 *
 * A description is read by the agent's model every time tools are listed. Text that tells the
 * model to ignore its instructions, keep things from the user, read local secrets or call other
 * tools first is an attack whatever the tool does; such a tool is reported and hidden.
 *
 * The patterns live in src/hostile-text/instructions-to-model.ts; they are looked for in every
 * string of the definition (facts.inspection), including the parts the scanner had to cut.
 */
import type { DefinitionPart, Finding } from '../../model.js';
import type { Rule } from '../rule.js';
import { quote } from '../rule.js';

/** Where the words were, when not in the description (the text a person reads first). */
const WHERE: Record<DefinitionPart, string> = {
  description: '',
  name: ' (in the name)',
  title: ' (in the title)',
  annotations: ' (in the annotations)',
  inputSchema: ' (in the input schema)',
  outputSchema: ' (in the output schema)',
};

export const promptInjectionRule: Rule = {
  id: 'prompt-injection',
  summary: 'Instructions to the model hidden in the tool definition: ignore instructions, hide from the user, read secrets.',
  raises: 'prompt-injection',
  apply(facts) {
    const instruction = facts.inspection.instruction;
    if (instruction === null) return { signals: [], findings: [] };
    const findings: Finding[] = [
      { kind: 'prompt-injection', message: `the definition tells the model: "${quote(instruction.text, 100)}"${WHERE[instruction.part]}` },
    ];
    return { signals: [], findings };
  },
};
