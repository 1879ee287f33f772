/**
 * Facts about one tool that every rule reads: the name's words, the description's first
 * sentence, a flat list of input-schema properties, and what a pass over every string of the
 * definition found. Computed once per tool, bounded.
 */
import { inspectDefinition, mergeInspections } from '../hostile-text/inspect-definition.js';
import type { ToolDefinition } from '../model.js';
import type { SchemaProperty, ToolFacts } from './rule.js';
import { firstSentence, identifierWords, splitToolName } from './tokenize.js';

const MAX_PROPERTIES = 200;
const MAX_DEPTH = 4;
const MAX_TEXT = 16_384;

export function extractFacts(tool: ToolDefinition, serverName?: string): ToolFacts {
  const { words, prefix } = splitToolName(tool.name, serverName);
  const description = (tool.description ?? '').slice(0, MAX_TEXT);
  const title = (tool.title ?? tool.annotations?.title ?? '').slice(0, 1024);
  const properties: SchemaProperty[] = [];
  collectProperties(tool.inputSchema, '', 0, properties);
  return {
    tool,
    serverName,
    nameWords: words,
    prefix,
    title,
    description,
    firstSentence: firstSentence(description),
    properties,
    inspection: mergeInspections(inspectDefinition(tool as unknown as Readonly<Record<string, unknown>>), tool.cut?.inspection),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaType(schema: Record<string, unknown>): string | null {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const first = type.find((t) => typeof t === 'string' && t !== 'null');
    return typeof first === 'string' ? first : null;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) {
      for (const option of options) {
        if (isRecord(option) && typeof option['type'] === 'string' && option['type'] !== 'null') return option['type'];
      }
    }
  }
  return null;
}

function collectProperties(schema: unknown, path: string, depth: number, out: SchemaProperty[]): void {
  if (!isRecord(schema) || depth > MAX_DEPTH) return;
  const properties = schema['properties'];
  if (!isRecord(properties)) return;
  for (const [key, value] of Object.entries(properties)) {
    if (out.length >= MAX_PROPERTIES) return;
    if (!isRecord(value)) continue;
    const words = identifierWords(key);
    const items = isRecord(value['items']) ? value['items'] : null;
    const property: SchemaProperty = {
      path: path ? `${path}.${key}` : key,
      name: words.join('_'),
      words,
      type: schemaType(value),
      itemsType: items ? schemaType(items) : null,
      description: typeof value['description'] === 'string' ? value['description'].slice(0, 2048) : '',
      hasEnum: Array.isArray(value['enum']) || value['const'] !== undefined,
      format: typeof value['format'] === 'string' ? value['format'] : null,
    };
    out.push(property);
    collectProperties(value, property.path, depth + 1, out);
    if (items) collectProperties(items, `${property.path}[]`, depth + 1, out);
  }
}
