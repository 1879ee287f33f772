/**
 * One bounded pass over every string of a tool definition — name, title, description,
 * annotations, and every key and string value of its schemas, however deeply nested — looking
 * for instructions to the model and for characters a person does not see.
 *
 * The scanner runs it on the definition a server sent before cutting it to size, so nothing the
 * server wrote escapes detection because it came after 16 KB of padding or 10,000 levels down a
 * schema; the classifier runs it on what was kept. It never recurses (no nesting can overflow
 * the stack) and reads at most `budget` characters and values, so its cost is linear in what the
 * server sent and bounded.
 */
import type { DefinitionInspection, DefinitionPart } from '../model.js';
import { findHiddenCharacters, type HiddenCharacterKind } from './hidden-characters.js';
import { findInstructionToModel, TEXT_SEPARATOR } from './instructions-to-model.js';

/** Characters and values read per definition: as much as one HTTP response may hold (32 MB). */
export const INSPECTION_BUDGET = 32 * 1024 * 1024;

/** The parts, in the order hidden characters are reported. */
const PARTS: readonly DefinitionPart[] = ['name', 'title', 'description', 'annotations', 'inputSchema', 'outputSchema'];
/** Where an instruction to the model is looked for first (the first found is reported). */
const INSTRUCTION_ORDER: readonly DefinitionPart[] = ['description', 'title', 'inputSchema', 'outputSchema', 'annotations', 'name'];

/** Short strings of one part are read together, joined so that no pattern spans two of them. */
const CHUNK_LENGTH = 64 * 1024;

interface PartFindings {
  instruction: string | null;
  hidden: HiddenCharacterKind | null;
}

/** Instructions to the model and hidden characters anywhere in `definition` (a raw or bounded tool). */
export function inspectDefinition(definition: Readonly<Record<string, unknown>>, budget: number = INSPECTION_BUDGET): DefinitionInspection {
  const found = new Map<DefinitionPart, PartFindings>();
  let remaining = budget;
  let complete = true;
  for (const part of PARTS) {
    if (!complete) break;
    const value = definition[part];
    if (value === undefined || value === null) continue;
    const findings: PartFindings = { instruction: null, hidden: null };
    let chunk = '';
    const read = (text: string): boolean => {
      findings.hidden ??= findHiddenCharacters(text);
      findings.instruction ??= findInstructionToModel(text);
      return findings.hidden !== null && findings.instruction !== null;
    };
    const stack: unknown[] = [value];
    let done = false;
    while (stack.length > 0 && !done) {
      const current = stack.pop();
      remaining -= 1;
      if (typeof current === 'string') {
        let text = current;
        if (text.length > remaining) {
          text = text.slice(0, Math.max(0, remaining));
          complete = false;
        }
        remaining -= text.length;
        if (text.length >= CHUNK_LENGTH) {
          done = (chunk !== '' && read(chunk)) || read(text);
          chunk = '';
        } else {
          chunk = chunk === '' ? text : `${chunk}${TEXT_SEPARATOR}${text}`;
          if (chunk.length >= CHUNK_LENGTH) {
            done = read(chunk);
            chunk = '';
          }
        }
      } else if (Array.isArray(current)) {
        for (let i = current.length - 1; i >= 0; i -= 1) stack.push(current[i]);
      } else if (typeof current === 'object' && current !== null) {
        const keys = Object.keys(current);
        for (let i = keys.length - 1; i >= 0; i -= 1) {
          const key = keys[i] as string;
          stack.push((current as Record<string, unknown>)[key], key);
        }
      }
      if (remaining <= 0 && stack.length > 0) complete = false;
      if (!complete) break;
    }
    if (chunk !== '' && !done) read(chunk);
    found.set(part, findings);
  }
  const hidden: DefinitionInspection['hidden'] = [];
  for (const part of PARTS) {
    const kind = found.get(part)?.hidden;
    if (kind) hidden.push({ part, kind });
  }
  let instruction: DefinitionInspection['instruction'] = null;
  for (const part of INSTRUCTION_ORDER) {
    const text = found.get(part)?.instruction;
    if (text) {
      instruction = { part, text };
      break;
    }
  }
  return { instruction, hidden, complete };
}

/**
 * The inspection of a kept (cut) definition together with the scanner's inspection of the whole
 * original: whatever either found; the kept text's instruction first; complete as the original's.
 */
export function mergeInspections(kept: DefinitionInspection, original: DefinitionInspection | undefined): DefinitionInspection {
  if (original === undefined) return kept;
  const hidden = [...kept.hidden];
  for (const entry of original.hidden) if (!hidden.some((h) => h.part === entry.part)) hidden.push(entry);
  hidden.sort((a, b) => PARTS.indexOf(a.part) - PARTS.indexOf(b.part));
  return { instruction: kept.instruction ?? original.instruction, hidden, complete: original.complete };
}
