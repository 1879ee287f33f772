import type { ToolAnnotations, ToolDefinition } from '../model.js';
import { quoteForWarning, truncateText } from './bounded-text.js';
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
  /** Some of the definition was cut or replaced to fit TOOL_LIMITS. */
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
    return { tool: null, warnings: [`dropped a tool without a string name (name is ${describeJsonType(entry.name)})`], schemaBytes: 0, oversized: false };
  }
  if (entry.name.length === 0) {
    return { tool: null, warnings: ['dropped a tool with an empty name'], schemaBytes: 0, oversized: false };
  }
  let oversized = false;
  let name = entry.name;
  if (name.length > TOOL_LIMITS.nameLength) {
    name = truncateText(name, TOOL_LIMITS.nameLength);
    oversized = true;
    warnings.push(`tool name truncated from ${entry.name.length} to ${name.length} characters: ${quoteForWarning(name)}`);
  }
  const label = `tool ${quoteForWarning(name)}`;
  const tool: ToolDefinition = { name };

  const title = boundString(entry.title, 'title', TOOL_LIMITS.titleLength, label, warnings);
  if (title !== undefined) tool.title = title;
  const description = boundString(entry.description, 'description', TOOL_LIMITS.descriptionLength, label, warnings);
  if (description !== undefined) tool.description = description;

  let schemaBytes = 0;
  for (const field of ['inputSchema', 'outputSchema'] as const) {
    const bounded = boundSchema(entry[field], field, label, warnings);
    if (bounded !== undefined) {
      tool[field] = bounded.schema;
      schemaBytes += bounded.bytes;
    }
  }

  const annotations = boundAnnotations(entry.annotations, label, warnings);
  if (annotations !== undefined) tool.annotations = annotations;
  // Every cut of text or schema after the name is reported with "truncated" or "replaced by {}".
  oversized ||= warnings.some((w) => / truncated from | replaced by \{\}$/.test(w));
  return { tool, warnings, schemaBytes, oversized };
}

function boundString(value: unknown, field: string, maxLength: number, label: string, warnings: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    warnings.push(`${label}: ${field} is not a string (${describeJsonType(value)}); ignored`);
    return undefined;
  }
  if (value.length <= maxLength) return value;
  const truncated = truncateText(value, maxLength);
  warnings.push(`${label}: ${field} truncated from ${value.length} to ${truncated.length} characters`);
  return truncated;
}

function boundSchema(value: unknown, field: string, label: string, warnings: string[]): { schema: unknown; bytes: number } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    warnings.push(`${label}: ${field} is not an object (${describeJsonType(value)}); ignored`);
    return undefined;
  }
  const measure = measureJson(value, TOOL_LIMITS.schemaBytes, TOOL_LIMITS.schemaDepth);
  if (measure.excess === 'size') {
    warnings.push(`${label}: ${field} is larger than ${TOOL_LIMITS.schemaBytes / 1024} KB of JSON; replaced by {}`);
    return { schema: {}, bytes: 2 };
  }
  if (measure.excess === 'depth') {
    warnings.push(`${label}: ${field} is nested deeper than ${TOOL_LIMITS.schemaDepth} levels; replaced by {}`);
    return { schema: {}, bytes: 2 };
  }
  return { schema: value, bytes: measure.bytes };
}

function boundAnnotations(value: unknown, label: string, warnings: string[]): ToolAnnotations | undefined {
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
  const title = boundString(raw.title, 'annotation title', TOOL_LIMITS.titleLength, label, warnings);
  if (title !== undefined) annotations.title = title;
  return annotations;
}
