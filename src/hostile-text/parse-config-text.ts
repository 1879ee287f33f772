import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parseDocument } from 'yaml';
import { InputError } from '../errors.js';
import { shortenText } from './bounded-text.js';

export type ConfigFormat = 'json' | 'yaml' | 'toml';

/** Deeper nesting than this is not a config file anyone wrote by hand or by tool. */
const MAX_DEPTH = 64;
/** YAML aliases are expanded at most this many times (guards against "billion laughs"). */
const MAX_YAML_ALIASES = 100;

/** The format a file is in, from its name: .toml, .yaml/.yml, anything else is JSON (with comments allowed). */
export function configFormatOf(file: string): ConfigFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.toml')) return 'toml';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return 'json';
}

/**
 * Parses config text into plain data. JSON is read as JSONC (comments and
 * trailing commas allowed, as VS Code and Zed write them). Every failure is an
 * InputError('config-invalid') whose one-line message names the file and the
 * position.
 */
export function parseConfigText(text: string, format: ConfigFormat, file: string): unknown {
  try {
    switch (format) {
      case 'json':
        return parseJsonc(text, file);
      case 'yaml':
        return parseYaml(text, file);
      case 'toml':
        return parseTomlText(text, file);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof RangeError) {
      throw new InputError('config-invalid', `${file} is not a config file we read: it nests too deeply`, { cause: error });
    }
    throw error;
  }
}

function parseJsonc(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const first = errors[0];
  if (first !== undefined) {
    const { line, column } = positionOf(text, first.offset);
    throw new InputError(
      'config-invalid',
      `${file} is not valid JSON (line ${line}, column ${column}: ${describeJsonError(printParseErrorCode(first.error))})`,
    );
  }
  if (root === undefined) {
    throw new InputError('config-invalid', `${file} is not valid JSON (it is empty)`);
  }
  return jsonNodeValue(root, 0, file);
}

/** Builds plain values from the syntax tree; objects get own properties only, even for a key named __proto__. */
function jsonNodeValue(node: JsonNode, depth: number, file: string): unknown {
  if (depth > MAX_DEPTH) {
    throw new InputError('config-invalid', `${file} is not a config file we read: it nests deeper than ${MAX_DEPTH} levels`);
  }
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode === undefined || typeof keyNode.value !== 'string') continue;
        const value = valueNode === undefined ? undefined : jsonNodeValue(valueNode, depth + 1, file);
        Object.defineProperty(result, keyNode.value, { value, enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map((child) => jsonNodeValue(child, depth + 1, file));
    default:
      return node.value as unknown;
  }
}

function describeJsonError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words === 'end of file expected' ? 'unexpected content after the end' : words;
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text.charCodeAt(index) === 10) {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function parseYaml(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const position = first.linePos?.[0];
    const where = position === undefined ? '' : `line ${position.line}, column ${position.col}: `;
    const message = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError('config-invalid', `${file} is not valid YAML (${where}${oneLine(message)})`);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new InputError(
      'config-invalid',
      `${file} is not valid YAML (${oneLine(error instanceof Error ? error.message : String(error))})`,
      { cause: error },
    );
  }
  checkDepth(value, 0, file);
  return value;
}

function parseTomlText(text: string, file: string): unknown {
  try {
    const value: unknown = parseToml(text);
    checkDepth(value, 0, file);
    return value;
  } catch (error) {
    if (error instanceof TomlError) {
      const firstLine = oneLine(error.message.split('\n')[0] ?? '');
      throw new InputError('config-invalid', `${file} is not valid TOML (line ${error.line}, column ${error.column}: ${firstLine})`, {
        cause: error,
      });
    }
    throw error;
  }
}

function checkDepth(value: unknown, depth: number, file: string): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH) {
    throw new InputError('config-invalid', `${file} is not a config file we read: it nests deeper than ${MAX_DEPTH} levels`);
  }
  for (const child of Object.values(value)) checkDepth(child, depth + 1, file);
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return shortenText(line, 200);
}
