/**
 * A saved `mcp-risk scan --format json` report, read back for `policy --from`: the classification
 * the user saw, kept as it was — the policy follows the report the user reviewed, not what today's
 * rules would say (`mcp-risk classify <report>` classifies its definitions again). The file is
 * untrusted like any input: every field policy generation reads is checked for type and size, and
 * only those fields are kept (each tool's `definition` is not needed for a policy and is left out).
 */
import { InputError } from '../errors.js';
import { isUntrustedRecord, ownValue, quoteUntrusted, type UntrustedRecord } from '../hostile-text/untrusted-value.js';
import {
  ACTIONS,
  CATEGORIES,
  FINDING_KINDS,
  SCHEMA_VERSION,
  SEVERITIES,
  SIGNALS,
  TRANSPORTS,
  type ClassifiedTool,
  type Evidence,
  type Finding,
  type Recommendation,
  type ScanReport,
  type ServerReport,
  type ToolAnnotations,
} from '../model.js';
import { summarizeTools } from '../classifier/summarize.js';
import { describeValue, pointer } from './validate-policy.js';

/** The same bound as `classify` has for a JSON document: reports now carry every definition. */
export const MAX_SCAN_REPORT_BYTES = 256 * 1024 * 1024;

const LIMITS = { name: 256, title: 1024, description: 16 * 1024, text: 4096, list: 10_000 } as const;

class ReportShapeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(path: (string | number)[], message: string): never {
  throw new ReportShapeError(pointer(...path), message);
}

function record(value: unknown, path: (string | number)[]): UntrustedRecord {
  if (!isUntrustedRecord(value)) fail(path, `must be an object, not ${describeValue(value)}`);
  return value;
}

function list(value: unknown, path: (string | number)[]): unknown[] {
  if (!Array.isArray(value)) fail(path, `must be a list, not ${describeValue(value)}`);
  if (value.length > LIMITS.list) fail(path, `has more than ${LIMITS.list} entries`);
  return value;
}

function text(value: unknown, path: (string | number)[], max: number): string {
  if (typeof value !== 'string') fail(path, `must be a string, not ${describeValue(value)}`);
  if (value.length > max) fail(path, `is longer than ${max} characters`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: (string | number)[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    fail(path, `must be one of ${allowed.join(', ')}, not ${describeValue(value)}`);
  return value as T;
}

function positiveInteger(value: unknown, path: (string | number)[]): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    fail(path, `must be a positive integer, not ${describeValue(value)}`);
  return value;
}

function readEvidence(value: unknown, path: (string | number)[]): Evidence {
  const entry = record(value, path);
  return {
    signal: oneOf(ownValue(entry, 'signal'), SIGNALS, [...path, 'signal']),
    text: text(ownValue(entry, 'text'), [...path, 'text'], LIMITS.text),
    rule: text(ownValue(entry, 'rule'), [...path, 'rule'], LIMITS.name),
  };
}

function readFinding(value: unknown, path: (string | number)[]): Finding {
  const entry = record(value, path);
  return {
    kind: oneOf(ownValue(entry, 'kind'), FINDING_KINDS, [...path, 'kind']),
    message: text(ownValue(entry, 'message'), [...path, 'message'], LIMITS.text),
  };
}

function readRecommendation(value: unknown, path: (string | number)[]): Recommendation {
  const entry = record(value, path);
  const action = oneOf(ownValue(entry, 'action'), ACTIONS, [...path, 'action']);
  const reason = text(ownValue(entry, 'reason'), [...path, 'reason'], LIMITS.text);
  const rawLimit = ownValue(entry, 'rate_limit');
  if (rawLimit === undefined) {
    if (action === 'rate_limit') fail([...path, 'rate_limit'], 'is required when the action is rate_limit');
    return { action, reason };
  }
  const limit = record(rawLimit, [...path, 'rate_limit']);
  return {
    action,
    rate_limit: {
      max: positiveInteger(ownValue(limit, 'max'), [...path, 'rate_limit', 'max']),
      window: positiveInteger(ownValue(limit, 'window'), [...path, 'rate_limit', 'window']),
    },
    reason,
  };
}

function readAnnotations(value: unknown, path: (string | number)[]): ToolAnnotations | null {
  if (value === null || value === undefined) return null;
  const entry = record(value, path);
  const annotations: ToolAnnotations = {};
  for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    const hintValue = ownValue(entry, hint);
    if (typeof hintValue === 'boolean') annotations[hint] = hintValue;
  }
  const title = ownValue(entry, 'title');
  if (typeof title === 'string') annotations.title = title.slice(0, LIMITS.title);
  return annotations;
}

function readTool(value: unknown, path: (string | number)[]): ClassifiedTool {
  const entry = record(value, path);
  const name = text(ownValue(entry, 'name'), [...path, 'name'], LIMITS.name);
  if (name === '') fail([...path, 'name'], 'must not be empty');
  const title = ownValue(entry, 'title');
  const inferred = record(ownValue(entry, 'inferredAnnotations') ?? {}, [...path, 'inferredAnnotations']);
  const hint = (key: string): boolean => ownValue(inferred, key) === true;
  return {
    name,
    title: title === null || title === undefined ? null : text(title, [...path, 'title'], LIMITS.title),
    description: text(ownValue(entry, 'description') ?? '', [...path, 'description'], LIMITS.description),
    category: oneOf(ownValue(entry, 'category'), CATEGORIES, [...path, 'category']),
    severity: oneOf(ownValue(entry, 'severity'), SEVERITIES, [...path, 'severity']),
    evidence: list(ownValue(entry, 'evidence'), [...path, 'evidence']).map((item, i) => readEvidence(item, [...path, 'evidence', i])),
    inferredAnnotations: {
      readOnlyHint: hint('readOnlyHint'),
      destructiveHint: hint('destructiveHint'),
      idempotentHint: hint('idempotentHint'),
      openWorldHint: hint('openWorldHint'),
    },
    declaredAnnotations: readAnnotations(ownValue(entry, 'declaredAnnotations'), [...path, 'declaredAnnotations']),
    findings: list(ownValue(entry, 'findings') ?? [], [...path, 'findings']).map((item, i) => readFinding(item, [...path, 'findings', i])),
    recommendation: readRecommendation(ownValue(entry, 'recommendation'), [...path, 'recommendation']),
  };
}

function readServer(value: unknown, path: (string | number)[]): ServerReport {
  const entry = record(value, path);
  const name = text(ownValue(entry, 'name'), [...path, 'name'], LIMITS.name);
  const seen = new Set<string>();
  const tools = list(ownValue(entry, 'tools'), [...path, 'tools']).map((item, i) => {
    const tool = readTool(item, [...path, 'tools', i]);
    if (seen.has(tool.name)) fail([...path, 'tools', i, 'name'], `${quoteUntrusted(tool.name, 60)} is listed twice`);
    seen.add(tool.name);
    return tool;
  });
  const rawError = ownValue(entry, 'error');
  const version = ownValue(entry, 'version');
  const target = ownValue(entry, 'target');
  const transport = ownValue(entry, 'transport');
  const report: ServerReport = {
    name,
    version: typeof version === 'string' ? version.slice(0, LIMITS.name) : null,
    target: typeof target === 'string' ? target.slice(0, LIMITS.text) : '',
    transport:
      typeof transport === 'string' && (TRANSPORTS as readonly string[]).includes(transport)
        ? (transport as ServerReport['transport'])
        : 'file',
    protocolVersion: null,
    capabilities: null,
    instructions: null,
    prompts: null,
    resources: null,
    warnings: [],
    tools,
    summary: summarizeTools(tools),
  };
  if (rawError !== undefined) {
    const error = record(rawError, [...path, 'error']);
    report.error = {
      code: text(ownValue(error, 'code'), [...path, 'error', 'code'], LIMITS.name),
      message: text(ownValue(error, 'message'), [...path, 'error', 'message'], LIMITS.text),
    };
  }
  return report;
}

/** Parses and checks a saved scan report; throws InputError naming the first wrong field. */
export function readScanReport(source: string, label: string): ScanReport {
  if (source.length > MAX_SCAN_REPORT_BYTES)
    throw new InputError('input-invalid', `${label}: larger than ${MAX_SCAN_REPORT_BYTES / 1024 / 1024} MB`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new InputError('input-invalid', `${label} is not JSON: give a report saved with mcp-risk scan --format json`, { cause: error });
  }
  try {
    const root = record(parsed, []);
    const schemaVersion = ownValue(root, 'schemaVersion');
    if (schemaVersion !== SCHEMA_VERSION)
      fail(
        ['schemaVersion'],
        `must be ${SCHEMA_VERSION} (a report saved with mcp-risk scan --format json), not ${describeValue(schemaVersion)}`,
      );
    const generator = record(ownValue(root, 'generator'), ['generator']);
    const servers = list(ownValue(root, 'servers'), ['servers']).map((server, i) => readServer(server, ['servers', i]));
    return {
      schemaVersion: SCHEMA_VERSION,
      generator: { name: 'mcp-risk', version: text(ownValue(generator, 'version'), ['generator', 'version'], LIMITS.name) },
      servers,
    };
  } catch (error) {
    if (error instanceof ReportShapeError)
      throw new InputError('input-invalid', `${label}: ${error.path === '' ? '/' : error.path}: ${error.message}`);
    throw error;
  }
}
