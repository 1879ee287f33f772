/**
 * Tool definitions from a JSON document (for `classify`) → server snapshots, with no connection.
 *
 * Accepted shapes: a `tools/list` result `{"tools":[...]}` (or a JSON-RPC response holding one), a
 * JSON array of tools, one tool, and a saved `mcp-risk scan --format json` report or `mcp-risk
 * catalogue --format json` view (its servers are kept apart). JSON Lines are read as a stream
 * elsewhere (read-definitions.ts). Every definition is bounded like a live server's.
 *
 * A saved report's tool is classified from the `definition` it keeps, so classifying a report
 * gives the classification of the scan that wrote it. A report written before definitions were
 * kept has only the name, title, description and declared annotations: those are classified, and
 * a warning says the schemas were missing. What the scan saw beyond the definition — a name listed
 * twice, a definition cut to the limits — is carried over from the tool's findings.
 */
import { InputError } from '../errors.js';
import type { ServerSnapshot } from '../model.js';
import { boundToolList } from './tool-collector.js';

/** A JSON document is read whole: up to this many bytes (JSON Lines have no whole-file limit). */
export const MAX_DEFINITIONS_BYTES = 256 * 1024 * 1024;

/** The shapes, for error messages. */
export const ACCEPTED_SHAPES =
  'a tools/list result ({"tools":[...]}), a JSON array of tools, JSON Lines of tools, or a saved mcp-risk report';

/** Warnings carried over from a saved report: at most this many, each at most this long. */
const SAVED_WARNINGS = { count: 1000, length: 2048 } as const;

interface RawServer {
  name: string;
  version: string | null;
  tools: unknown[];
  /** Names the scan saw listed twice, and whose definitions it cut (from a saved report's findings). */
  duplicateToolNames: string[];
  oversizedToolNames: string[];
  warnings: string[];
}

export interface DefinitionsResult {
  snapshots: ServerSnapshot[];
  /** One line per server whose saved tools had no definitions (for stderr). */
  notices: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function plainServer(name: string, tools: unknown[]): RawServer {
  return { name, version: null, tools, duplicateToolNames: [], oversizedToolNames: [], warnings: [] };
}

/** Whether an entry of a saved report is a classified tool (rather than a bare definition). */
function isClassifiedTool(entry: Record<string, unknown>): boolean {
  return typeof own(entry, 'category') === 'string' || isRecord(own(entry, 'recommendation'));
}

/** The definition a saved report's tool was classified from, or what is left of it in an older report. */
function savedDefinition(entry: Record<string, unknown>): { raw: unknown; complete: boolean } {
  const definition = own(entry, 'definition');
  if (isRecord(definition)) return { raw: definition, complete: true };
  const raw: Record<string, unknown> = { name: own(entry, 'name') };
  for (const field of ['title', 'description'] as const) {
    const value = own(entry, field);
    if (typeof value === 'string' && value !== '') raw[field] = value;
  }
  const declared = own(entry, 'declaredAnnotations');
  if (isRecord(declared)) raw['annotations'] = declared;
  return { raw, complete: false };
}

function findingKinds(entry: Record<string, unknown>): Set<unknown> {
  const findings = own(entry, 'findings');
  return new Set(Array.isArray(findings) ? findings.map((finding) => (isRecord(finding) ? own(finding, 'kind') : undefined)) : []);
}

function savedServer(server: Record<string, unknown>, index: number, defaultName: string): RawServer & { missing: number } {
  const name = own(server, 'name');
  const version = own(server, 'version');
  const entries = own(server, 'tools');
  const out: RawServer & { missing: number } = {
    ...plainServer(typeof name === 'string' ? name : `${defaultName}-${index + 1}`, []),
    version: typeof version === 'string' ? version : null,
    missing: 0,
  };
  const warnings = own(server, 'warnings');
  if (Array.isArray(warnings)) {
    for (const warning of warnings.slice(0, SAVED_WARNINGS.count))
      if (typeof warning === 'string') out.warnings.push(warning.slice(0, SAVED_WARNINGS.length));
  }
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (!isRecord(entry) || !isClassifiedTool(entry)) {
      out.tools.push(entry);
      continue;
    }
    const { raw, complete } = savedDefinition(entry);
    if (!complete) out.missing += 1;
    out.tools.push(raw);
    const kinds = findingKinds(entry);
    const toolName = own(entry, 'name');
    if (typeof toolName !== 'string') continue;
    if (kinds.has('duplicate-name')) out.duplicateToolNames.push(toolName);
    if (kinds.has('oversized-definition')) out.oversizedToolNames.push(toolName);
  }
  return out;
}

/** The servers and raw tools of a parsed JSON document, in any accepted shape. */
function rawServers(parsed: unknown, label: string, defaultName: string, notices: string[]): RawServer[] {
  if (Array.isArray(parsed)) return [plainServer(defaultName, parsed)];
  if (isRecord(parsed)) {
    const tools = own(parsed, 'tools');
    if (Array.isArray(tools)) return [plainServer(defaultName, tools)];
    const result = own(parsed, 'result');
    if (isRecord(result) && Array.isArray(own(result, 'tools'))) return [plainServer(defaultName, own(result, 'tools') as unknown[])];
    const servers = own(parsed, 'servers');
    if (Array.isArray(servers)) {
      return servers.filter(isRecord).map((server, i) => {
        const saved = savedServer(server, i, defaultName);
        if (saved.missing > 0) {
          const message = `${saved.missing} of its tools have no saved definition (a report from an older mcp-risk): their input and output schemas were missing, so only names, descriptions and annotations were classified`;
          saved.warnings.push(message);
          notices.push(`${label}: server ${JSON.stringify(saved.name.slice(0, 80))}: ${message}`);
        }
        return saved;
      });
    }
    if (typeof own(parsed, 'name') === 'string') return [plainServer(defaultName, [parsed])];
  }
  throw new InputError('input-invalid', `${label}: expected ${ACCEPTED_SHAPES}`);
}

/** A parsed JSON document → one snapshot per server it holds, and notices about what was missing. */
export function snapshotsFromDocument(parsed: unknown, options: { label: string; name: string }): DefinitionsResult {
  const notices: string[] = [];
  const snapshots = rawServers(parsed, options.label, options.name, notices).map((server): ServerSnapshot => {
    const collected = boundToolList(server.tools);
    return {
      name: server.name,
      version: server.version,
      target: options.label,
      transport: 'file',
      protocolVersion: null,
      capabilities: null,
      instructions: null,
      promptCount: null,
      resourceCount: null,
      tools: collected.tools,
      warnings: [...server.warnings.filter((w) => !collected.warnings.includes(w)), ...collected.warnings],
      duplicateToolNames: [...new Set([...collected.duplicateToolNames, ...server.duplicateToolNames])],
      oversizedToolNames: [...new Set([...collected.oversizedToolNames, ...server.oversizedToolNames])],
    };
  });
  return { snapshots, notices };
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** Parses a whole JSON document; InputError naming the line where it stops being JSON. */
export function parseDocument(text: string, label: string): unknown {
  if (text.length > MAX_DEFINITIONS_BYTES)
    throw new InputError('input-invalid', `${label}: larger than ${MAX_DEFINITIONS_BYTES / 1024 / 1024} MB`);
  if (text.trim() === '') throw new InputError('input-invalid', `${label}: empty input`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const line = position ? lineAt(text, Number(position[1])) : lineAt(text, text.trimEnd().length);
    throw new InputError('input-invalid', `${label}: line ${line} is not JSON (expected ${ACCEPTED_SHAPES})`, { cause: error });
  }
}

/** Whole text (a JSON document, or JSON Lines of tools) → snapshots. For small inputs and tests; the CLI streams. */
export function snapshotsFromDefinitions(text: string, options: { label: string; name: string }): ServerSnapshot[] {
  let parsed: unknown;
  try {
    parsed = parseDocument(text, options.label);
  } catch (error) {
    const lines = text.split('\n');
    if (lines.filter((line) => line.trim() !== '').length < 2) throw error;
    const values: unknown[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push(JSON.parse(line));
      } catch {
        throw new InputError('input-invalid', `${options.label}: line ${i + 1} is not JSON (expected ${ACCEPTED_SHAPES})`);
      }
    });
    parsed = values;
  }
  return snapshotsFromDocument(parsed, options).snapshots;
}
