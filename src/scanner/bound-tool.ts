import { INSPECTION_BUDGET, inspectDefinition } from '../hostile-text/inspect-definition.js';
import type { CutPart, DefinitionPart, ToolAnnotations, ToolDefinition } from '../model.js';
import { quoteForWarning, truncateText } from '../hostile-text/bounded-text.js';
import { describeJsonType, measureJson } from './json-measure.js';

/** Size bounds on one tool definition; a server may list anything. */
export const TOOL_LIMITS = {
  nameLength: 256,
  titleLength: 1024,
  descriptionLength: 16 * 1024,
  schemaBytes: 256 * 1024,
  schemaDepth: 128,
} as const;

const BOOLEAN_HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

export interface BoundedTool {
  tool: ToolDefinition | null;
  warnings: string[];
}

/** A bounded tool plus the approximate JSON size of the schemas it kept. */
export interface MeasuredTool extends BoundedTool {
  schemaBytes: number;
  /** Some of the definition was cut or replaced to fit TOOL_LIMITS (then `tool.cut` says what). */
  oversized: boolean;
}

/**
 * Turns one raw entry of a tools/list result into a ToolDefinition within
 * TOOL_LIMITS: over-long text is truncated, oversized or over-nested schemas
 * become `{}`, wrongly typed fields are dropped, annotations keep only the
 * known keys with the right types, and anything else the server sent is
 * left out. Every change is reported as a warning. Text is otherwise kept
 * raw (control characters included): sanitising is the renderer's job and
 * the classifier reports hidden content.
 *
 * A definition that had to be cut gets `cut`: each part cut, with its size
 * before, and a bounded inspection of every string of the whole original
 * (instructions to the model, hidden characters), made before cutting, so
 * that nothing escapes detection by coming after the limits.
 *
 * `tool` is null (with a warning) when the entry is not an object or has no
 * name.
 */
export function boundToolDefinition(raw: unknown): BoundedTool {
  const { tool, warnings } = measureTool(raw);
  return { tool, warnings };
}

/** `boundToolDefinition`, also returning how many bytes of schema were kept. */
export function measureTool(raw: unknown): MeasuredTool {
  const warnings: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { tool: null, warnings: [`dropped a tool that is not an object (${describeJsonType(raw)})`], schemaBytes: 0, oversized: false };
  }
  const entry = raw as Record<string, unknown>;
  if (typeof entry.name !== 'string') {
    return {
      tool: null,
      warnings: [`dropped a tool without a string name (name is ${describeJsonType(entry.name)})`],
      schemaBytes: 0,
      oversized: false,
    };
  }
  if (entry.name.length === 0) {
    return { tool: null, warnings: ['dropped a tool with an empty name'], schemaBytes: 0, oversized: false };
  }
  const cuts: CutPart[] = [];
  let name = entry.name;
  if (name.length > TOOL_LIMITS.nameLength) {
    name = truncateText(name, TOOL_LIMITS.nameLength);
    cuts.push({ part: 'name', reason: 'length', size: entry.name.length, limit: TOOL_LIMITS.nameLength });
    warnings.push(`tool name truncated from ${entry.name.length} to ${name.length} characters: ${quoteForWarning(name)}`);
  }
  const label = `tool ${quoteForWarning(name)}`;
  const tool: ToolDefinition = { name };

  const title = boundString(entry.title, 'title', TOOL_LIMITS.titleLength, label, warnings, cuts);
  if (title !== undefined) tool.title = title;
  const description = boundString(entry.description, 'description', TOOL_LIMITS.descriptionLength, label, warnings, cuts);
  if (description !== undefined) tool.description = description;

  let schemaBytes = 0;
  for (const field of ['inputSchema', 'outputSchema'] as const) {
    const bounded = boundSchema(entry[field], field, label, warnings, cuts);
    if (bounded !== undefined) {
      tool[field] = bounded.schema;
      schemaBytes += bounded.bytes;
    }
  }

  const annotations = boundAnnotations(entry.annotations, label, warnings, cuts);
  if (annotations !== undefined) tool.annotations = annotations;
  if (cuts.length > 0) recordCut(tool, entry, cuts);
  return { tool, warnings, schemaBytes, oversized: cuts.length > 0 };
}

/**
 * Records on `tool` that `parts` of it were cut from `original` (adding to an earlier record), with
 * the inspection of every string of the original, made once, before anything of it is dropped.
 */
export function recordCut(tool: ToolDefinition, original: Readonly<Record<string, unknown>>, parts: readonly CutPart[]): void {
  if (tool.cut === undefined) tool.cut = { parts: [...parts], inspection: inspectDefinition(original) };
  else tool.cut.parts.push(...parts);
}

/** The size of a schema too big or too deep to keep, counted to the end (up to the inspection budget). */
export function measureCutSchema(value: unknown, part: DefinitionPart, reason: 'size' | 'depth' | 'total', limit: number): CutPart {
  const whole = measureJson(value, INSPECTION_BUDGET, Number.MAX_SAFE_INTEGER);
  return { part, reason, size: reason === 'depth' ? whole.depth : whole.bytes, limit };
}

function boundString(
  value: unknown,
  field: string,
  maxLength: number,
  label: string,
  warnings: string[],
  cuts: CutPart[],
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    warnings.push(`${label}: ${field} is not a string (${describeJsonType(value)}); ignored`);
    return undefined;
  }
  if (value.length <= maxLength) return value;
  const truncated = truncateText(value, maxLength);
  cuts.push({
    part: field === 'annotation title' ? 'annotations' : (field as DefinitionPart),
    reason: 'length',
    size: value.length,
    limit: maxLength,
  });
  warnings.push(`${label}: ${field} truncated from ${value.length} to ${truncated.length} characters`);
  return truncated;
}

function boundSchema(
  value: unknown,
  field: 'inputSchema' | 'outputSchema',
  label: string,
  warnings: string[],
  cuts: CutPart[],
): { schema: unknown; bytes: number } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    warnings.push(`${label}: ${field} is not an object (${describeJsonType(value)}); ignored`);
    return undefined;
  }
  const measure = measureJson(value, TOOL_LIMITS.schemaBytes, TOOL_LIMITS.schemaDepth);
  if (measure.excess === 'size') {
    cuts.push(measureCutSchema(value, field, 'size', TOOL_LIMITS.schemaBytes));
    warnings.push(`${label}: ${field} is larger than ${TOOL_LIMITS.schemaBytes / 1024} KB of JSON; replaced by {}`);
    return { schema: {}, bytes: 2 };
  }
  if (measure.excess === 'depth') {
    cuts.push(measureCutSchema(value, field, 'depth', TOOL_LIMITS.schemaDepth));
    warnings.push(`${label}: ${field} is nested deeper than ${TOOL_LIMITS.schemaDepth} levels; replaced by {}`);
    return { schema: {}, bytes: 2 };
  }
  return { schema: value, bytes: measure.bytes };
}

function boundAnnotations(value: unknown, label: string, warnings: string[], cuts: CutPart[]): ToolAnnotations | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    warnings.push(`${label}: annotations is not an object (${describeJsonType(value)}); ignored`);
    return undefined;
  }
  const raw = value as Record<string, unknown>;
  const annotations: ToolAnnotations = {};
  for (const hint of BOOLEAN_HINTS) {
    const hintValue = raw[hint];
    if (hintValue === undefined) continue;
    if (typeof hintValue === 'boolean') annotations[hint] = hintValue;
    else warnings.push(`${label}: annotation ${hint} is not a boolean (${describeJsonType(hintValue)}); ignored`);
  }
  const title = boundString(raw.title, 'annotation title', TOOL_LIMITS.titleLength, label, warnings, cuts);
  if (title !== undefined) annotations.title = title;
  return annotations;
}
