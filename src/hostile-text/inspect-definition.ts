/**
 * One bounded pass over every string of a tool definition — name, title, description,
 * annotations, and every key and string value of its schemas, however deeply nested — looking
 * for instructions to the model and for characters a person does not see.
 *
 * The scanner runs it on the definition a server sent before cutting it to size, so nothing the
 * server wrote escapes detection because it came after 16 KB of padding or 10,000 levels down a
 * schema; the classifier runs it on what was kept. It recurses only into small definitions, never
 * deeper than 32 levels (no nesting can overflow the stack), and reads at most `budget`
 * characters and values, so its cost is linear in what the server sent, and bounded.
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

/** What one part holds, and how much of the budget is left after reading it. */
interface PartReading {
  instruction: string | null;
  hidden: HiddenCharacterKind | null;
  remaining: number;
}

/** Instructions to the model and hidden characters anywhere in `definition` (a raw or bounded tool). */
export function inspectDefinition(definition: Readonly<Record<string, unknown>>, budget: number = INSPECTION_BUDGET): DefinitionInspection {
  if (isSmallAndClean(definition, Math.min(budget, CHUNK_LENGTH))) return { instruction: null, hidden: [], complete: true };
  const readings: (PartReading | undefined)[] = [];
  let remaining = budget;
  for (let index = 0; index < PARTS.length && remaining >= 0; index += 1) {
    const value = definition[PARTS[index] as DefinitionPart];
    if (value === undefined || value === null) continue;
    const reading = typeof value === 'string' ? readText(value, remaining - 1) : readValue(value, remaining);
    readings[index] = reading;
    remaining = reading.remaining;
  }
  const hidden: DefinitionInspection['hidden'] = [];
  PARTS.forEach((part, index) => {
    const kind = readings[index]?.hidden;
    if (kind) hidden.push({ part, kind });
  });
  let instruction: DefinitionInspection['instruction'] = null;
  for (const part of INSTRUCTION_ORDER) {
    const text = readings[PARTS.indexOf(part)]?.instruction;
    if (text) {
      instruction = { part, text };
      break;
    }
  }
  return { instruction, hidden, complete: remaining >= 0 };
}

/**
 * The common case in one scan: every string of a small, shallow definition read together. False
 * when the definition is larger than `limit`, nested deeper than QUICK_DEPTH, or something was
 * found (then each part is read apart, without recursion, to say where).
 */
function isSmallAndClean(definition: Readonly<Record<string, unknown>>, limit: number): boolean {
  const joined: Joined = { texts: [], cost: 0, limit };
  for (const part of PARTS) {
    const value = definition[part];
    if (value !== undefined && value !== null && !join(value, joined, 0)) return false;
  }
  const text = joined.texts.join(TEXT_SEPARATOR);
  return findHiddenCharacters(text) === null && findInstructionToModel(text) === null;
}

/** Small definitions are walked recursively (faster), never deeper than this. */
const QUICK_DEPTH = 32;

interface Joined {
  texts: string[];
  cost: number;
  limit: number;
}

/** Adds every key and string of `value` to `joined`; false when over its limit or QUICK_DEPTH. */
function join(value: unknown, joined: Joined, depth: number): boolean {
  joined.cost += 1;
  if (typeof value === 'string') {
    joined.texts.push(value);
    joined.cost += value.length + TEXT_SEPARATOR.length;
    return joined.cost <= joined.limit;
  }
  if (typeof value !== 'object' || value === null) return joined.cost <= joined.limit;
  if (depth >= QUICK_DEPTH || joined.cost > joined.limit) return false;
  if (Array.isArray(value)) {
    for (const element of value) if (!join(element, joined, depth + 1)) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    if (!join(key, joined, depth + 1) || !join((value as Record<string, unknown>)[key], joined, depth + 1)) return false;
  }
  return true;
}

/** One text, up to the budget left (a negative `remaining` means the budget ran out). */
function readText(text: string, budget: number): PartReading {
  const read = text.length > budget ? text.slice(0, Math.max(0, budget)) : text;
  return { instruction: findInstructionToModel(read), hidden: findHiddenCharacters(read), remaining: budget - text.length };
}

/** Every key and string of a JSON value, without recursion, short strings read together. */
function readValue(value: unknown, budget: number): PartReading {
  const reading: PartReading = { instruction: null, hidden: null, remaining: budget };
  const read = (text: string): boolean => {
    reading.hidden ??= findHiddenCharacters(text);
    reading.instruction ??= findInstructionToModel(text);
    return reading.hidden !== null && reading.instruction !== null;
  };
  let chunk: string[] = [];
  let chunkLength = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    reading.remaining -= 1;
    if (typeof current === 'string') {
      const text = current.length > reading.remaining ? current.slice(0, Math.max(0, reading.remaining)) : current;
      reading.remaining -= current.length;
      if (text.length >= CHUNK_LENGTH) {
        if (read(text)) return reading;
      } else {
        chunk.push(text);
        chunkLength += text.length + TEXT_SEPARATOR.length;
        if (chunkLength >= CHUNK_LENGTH) {
          if (read(chunk.join(TEXT_SEPARATOR))) return reading;
          chunk = [];
          chunkLength = 0;
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
    if (reading.remaining < 0 || (reading.remaining === 0 && stack.length > 0)) {
      reading.remaining = Math.min(reading.remaining, -1);
      break;
    }
  }
  if (chunk.length > 0) read(chunk.join(TEXT_SEPARATOR));
  return reading;
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
