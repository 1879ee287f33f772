/**
 * The data model shared by every layer: what a server told us (snapshot),
 * what we concluded about each tool (classification), and the versioned
 * report shape that `scan` and `classify` print as JSON.
 *
 * Everything here is plain data: no classes, no behaviour, safe to serialise.
 */

export const CATEGORIES = ['read', 'write', 'execute', 'destructive', 'financial'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ACTIONS = ['allow', 'rate_limit', 'require_approval', 'deny', 'hide'] as const;
export type Action = (typeof ACTIONS)[number];

export const TRANSPORTS = ['stdio', 'http', 'sse', 'file'] as const;
export type TransportKind = (typeof TRANSPORTS)[number];

/** MCP tool annotations (hints), in MCP's own meaning. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** A tool definition as a server lists it (already bounded and sanitised for size). */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: ToolAnnotations;
  /** Set by the scanner when the definition had to be cut to its size limits. */
  cut?: DefinitionCut;
}

/** The parts of a tool definition, as the scanner bounds and inspects them. */
export type DefinitionPart = 'name' | 'title' | 'description' | 'annotations' | 'inputSchema' | 'outputSchema';

/** What the scanner cut from a definition, and what the whole original held. */
export interface DefinitionCut {
  parts: CutPart[];
  /** The bounded pass over every string of the original definition, made before cutting it. */
  inspection: DefinitionInspection;
}

/**
 * One part cut to a limit. `size` and `limit` are in the unit of `reason`: characters of text
 * (`length`), approximate bytes of JSON (`size`, and `total`: the server's schemas together),
 * levels of nesting (`depth`). Sizes were counted up to the inspection budget.
 */
export interface CutPart {
  part: DefinitionPart;
  reason: 'length' | 'size' | 'depth' | 'total';
  size: number;
  limit: number;
}

/** What a bounded pass over every string (keys included) of a definition found. */
export interface DefinitionInspection {
  /** The first text addressed to the model (bounded), and the part it is in. */
  instruction: { part: DefinitionPart; text: string } | null;
  /** Each part holding characters a person does not see: escape or control characters, or invisible ones. */
  hidden: { part: DefinitionPart; kind: 'escape' | 'invisible' }[];
  /** False when the budget ran out before every string was read. */
  complete: boolean;
}

/** Everything a server told us, as pure data. */
export interface ServerSnapshot {
  name: string;
  version: string | null;
  /** What the user pointed us at: a command line, a URL, a file name. Secrets are never part of it. */
  target: string;
  transport: TransportKind;
  protocolVersion: string | null;
  capabilities: Record<string, unknown> | null;
  instructions: string | null;
  promptCount: number | null;
  resourceCount: number | null;
  tools: ToolDefinition[];
  /** Things that went wrong without stopping the scan (duplicate names, truncation, ...). */
  warnings: string[];
  /** Tool names listed more than once; only the first definition of each is in `tools`. */
  duplicateToolNames?: string[];
  /** Tools whose definition was cut to the size limits before classification. */
  oversizedToolNames?: string[];
  /** Set when the server could not be scanned; tools is then empty. */
  error?: ServerErrorInfo;
  /** The client config entries this server came from (scans of client configs); the first is the one scanned. */
  sources?: ConfigSource[];
}

/** Where a scanned server is configured: the client, its name there, the file and its scope. */
export interface ConfigSource {
  client: string;
  name: string;
  file: string;
  scope: string;
}

export interface ServerErrorInfo {
  code: string;
  message: string;
}

export const SIGNALS = ['name', 'title', 'description', 'schema', 'annotation'] as const;
export type Signal = (typeof SIGNALS)[number];

/** One piece of evidence: where we saw it, what it says (quoted), which rule read it. */
export interface Evidence {
  signal: Signal;
  text: string;
  rule: string;
}

export const FINDING_KINDS = [
  'annotation-mismatch',
  'prompt-injection',
  'hidden-content',
  'duplicate-name',
  'oversized-definition',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Something notable about a tool besides its category: a security finding, never an exception. */
export interface Finding {
  kind: FindingKind;
  message: string;
}

export interface InferredAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface RateLimit {
  /** Calls allowed in one window. */
  max: number;
  /** Window length in seconds. */
  window: number;
}

export interface Recommendation {
  action: Action;
  rate_limit?: RateLimit;
  reason: string;
}

export interface ClassifiedTool {
  name: string;
  title: string | null;
  description: string;
  category: Category;
  severity: Severity;
  evidence: Evidence[];
  inferredAnnotations: InferredAnnotations;
  declaredAnnotations: ToolAnnotations | null;
  findings: Finding[];
  recommendation: Recommendation;
  /**
   * The definition as it was classified (bounded like every server's): name, title, description,
   * input and output schema, annotations. What `classify` reads to classify a saved report again.
   * Absent in reports written before it was added (schemaVersion 1 either way: an added field).
   */
  definition?: ToolDefinition;
}

export interface ServerSummary {
  tools: number;
  byCategory: Record<Category, number>;
  bySeverity: Record<Severity, number>;
  highestSeverity: Severity | null;
  findings: number;
}

export interface ServerReport {
  name: string;
  version: string | null;
  target: string;
  transport: TransportKind;
  protocolVersion: string | null;
  error?: ServerErrorInfo;
  /** The client config entries this server came from, when it was read from client configs. */
  sources?: ConfigSource[];
  capabilities: Record<string, unknown> | null;
  instructions: string | null;
  prompts: number | null;
  resources: number | null;
  warnings: string[];
  tools: ClassifiedTool[];
  summary: ServerSummary;
}

export const SCHEMA_VERSION = 1;

export interface ScanReport {
  schemaVersion: typeof SCHEMA_VERSION;
  generator: { name: 'mcp-risk'; version: string };
  servers: ServerReport[];
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}
