/**
 * Policy file text → plain data, in the syntax the file is written in: JSON (strict: a policy or
 * a Claude Code settings file has no comments), YAML or TOML. The syntax comes from the file's
 * extension, or else from its first characters. A syntax error is a problem with a line and a
 * column, never an exception.
 */
import { printParseErrorCode, visit } from 'jsonc-parser';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parseDocument } from 'yaml';
import { errorMessage } from '../../errors.js';
import type { PolicyProblem } from '../policy-model.js';

export type PolicySyntax = 'json' | 'yaml' | 'toml';

export type ParsedPolicyText =
  { ok: true; syntax: PolicySyntax; value: unknown } | { ok: false; syntax: PolicySyntax; problem: PolicyProblem };

/** YAML aliases are expanded at most this many times (guards against "billion laughs"). */
const MAX_YAML_ALIASES = 100;

export function policySyntaxOf(fileName: string, text: string): PolicySyntax {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.toml')) return 'toml';
  const start = text.trimStart();
  if (start.startsWith('{')) return 'json';
  if (/^\[\s*"?mcp_servers\b/m.test(text)) return 'toml';
  return 'yaml';
}

function firstLine(message: string): string {
  return errorMessage(message.split('\n')[0] ?? message);
}

function parseJson(text: string): ParsedPolicyText {
  try {
    return { ok: true, syntax: 'json', value: JSON.parse(text) as unknown };
  } catch {
    let where = '';
    let what = 'it ends too early';
    visit(
      text,
      {
        onError: (error, _offset, _length, line, character) => {
          if (where !== '') return;
          where = ` at line ${line + 1}, column ${character + 1}`;
          what = printParseErrorCode(error)
            .replace(/([a-z])([A-Z])/g, '$1 $2')
            .toLowerCase();
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
    if (text.trim() === '') return { ok: false, syntax: 'json', problem: { path: '', message: 'not valid JSON: the file is empty' } };
    return { ok: false, syntax: 'json', problem: { path: '', message: `not valid JSON${where}: ${what}` } };
  }
}

function parseYaml(text: string): ParsedPolicyText {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const position = error.linePos?.[0];
    const where = position !== undefined ? ` at line ${position.line}, column ${position.col}` : '';
    const what = firstLine(error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, ''));
    return { ok: false, syntax: 'yaml', problem: { path: '', message: `not valid YAML${where}: ${what}` } };
  }
  try {
    return { ok: true, syntax: 'yaml', value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown };
  } catch (cause) {
    return {
      ok: false,
      syntax: 'yaml',
      problem: { path: '', message: `not a YAML file mcp-risk reads: ${firstLine(errorMessage(cause))}` },
    };
  }
}

function parseTomlText(text: string): ParsedPolicyText {
  try {
    return { ok: true, syntax: 'toml', value: parseToml(text) as unknown };
  } catch (cause) {
    if (cause instanceof TomlError) {
      return {
        ok: false,
        syntax: 'toml',
        problem: { path: '', message: `not valid TOML at line ${cause.line}, column ${cause.column}: ${firstLine(cause.message)}` },
      };
    }
    if (cause instanceof RangeError)
      return { ok: false, syntax: 'toml', problem: { path: '', message: 'not a TOML file mcp-risk reads: it nests too deeply' } };
    throw cause;
  }
}

export function parsePolicyText(text: string, fileName: string): ParsedPolicyText {
  switch (policySyntaxOf(fileName, text)) {
    case 'json':
      return parseJson(text);
    case 'yaml':
      return parseYaml(text);
    case 'toml':
      return parseTomlText(text);
  }
}
