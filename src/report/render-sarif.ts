/**
 * The code-scanning view: SARIF 2.1.0 as GitHub code scanning accepts it. One rule per risk category
 * and per finding kind; one result per tool (its category) and per finding. Every result carries a
 * physical location (a pseudo-file per server, or the input file the caller names), a logical
 * location `<server>/<tool>` and a partial fingerprint, so alerts stay the same across runs.
 * Servers that could not be scanned become tool-execution notifications.
 */
import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import { UsageError } from '../errors.js';
import { CATEGORIES, FINDING_KINDS } from '../model.js';
import type { Category, ClassifiedTool, Finding, FindingKind, ScanReport, ServerReport, Severity } from '../model.js';
import { formatAction, formatFindingKind, quoteEvidence } from './describe-tool.js';
import { classifiedOnly, streamOfReport, type StreamedReport } from './report-stream.js';
import { sanitizeForMarkdown, sanitizeForSarif } from '../hostile-text/sanitize.js';
import type { Rule } from '../classifier/rule.js';
import { RULES } from '../classifier/rules/index.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/mcp-risk/mcp-risk';

export interface SarifOptions {
  /**
   * The input the servers came from (a client config, a tool-definition file), as a path relative
   * to the repository root. Results then point at it; otherwise at `mcp/<server-slug>.json`.
   */
  artifactPath?: string;
}

/** GitHub's numeric security severity (0–10) for each of our severities. */
export const SECURITY_SEVERITY: Record<Severity, number> = { critical: 9.5, high: 8.0, medium: 5.0, low: 2.0 };

const LEVELS: Record<Severity, Sarif.Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** The SARIF level of a tool of this severity: critical and high are errors, medium warnings, low notes. */
export function levelForSeverity(severity: Severity): Sarif.Result.level {
  return LEVELS[severity];
}

interface RuleText {
  name: string;
  severity: Severity;
  short: string;
  full: string;
  help: string;
}

const CATEGORY_RULES: Record<Category, RuleText> = {
  read: {
    name: 'ReadTool',
    severity: 'low',
    short: 'MCP tool reads data',
    full: 'The tool reads data or state without changing anything. What it returns enters the model context, so it can still disclose information to the model and to whatever the model talks to.',
    help: 'Usually safe to allow. Check that the data it can read is data the agent may see.',
  },
  write: {
    name: 'WriteTool',
    severity: 'medium',
    short: 'MCP tool creates or changes data',
    full: 'The tool creates or modifies data or state. A confused or manipulated agent can make unwanted changes with it.',
    help: 'Rate-limit the tool, and require approval where a change is hard to undo.',
  },
  execute: {
    name: 'ExecuteTool',
    severity: 'high',
    short: 'MCP tool runs code or commands',
    full: "The tool executes code, commands, queries or workflows. Whatever the agent is persuaded to run, runs with the server's privileges.",
    help: 'Require human approval for each call, or deny the tool; run the server in a sandbox.',
  },
  destructive: {
    name: 'DestructiveTool',
    severity: 'critical',
    short: 'MCP tool deletes data or makes irreversible changes',
    full: 'The tool deletes, cancels, overwrites or otherwise changes data in a way that cannot be undone.',
    help: 'Hide the tool from agents, or require human approval for every call.',
  },
  financial: {
    name: 'FinancialTool',
    severity: 'critical',
    short: 'MCP tool moves money',
    full: 'The tool makes payments, refunds, transfers, purchases or other financial transactions.',
    help: 'Require human approval for every call, and keep spending limits on the account the server uses.',
  },
};

const FINDING_RULES: Record<FindingKind, RuleText> = {
  'annotation-mismatch': {
    name: 'AnnotationMismatch',
    severity: 'high',
    short: 'MCP tool annotations contradict what the tool does',
    full: 'The tool declares annotations (readOnlyHint, destructiveHint, ...) that contradict its name, description or schema. Clients that trust the annotations will under-protect it.',
    help: 'Do not rely on the declared annotations for this tool; apply the recommended policy, and ask the server author to fix them.',
  },
  'prompt-injection': {
    name: 'PromptInjection',
    severity: 'critical',
    short: 'MCP tool definition contains instructions aimed at the model',
    full: 'The tool name, description or schema contains text that addresses the model (ignore previous instructions, do not tell the user, call this tool first, ...). Tool definitions enter the model context verbatim.',
    help: 'Do not connect the server until the definition is explained; hide the tool.',
  },
  'hidden-content': {
    name: 'HiddenContent',
    severity: 'high',
    short: 'MCP tool definition contains hidden content',
    full: 'The tool definition contains invisible or control characters (zero-width, bidi overrides, tag characters, escape sequences) that a person reading it would not see but a model would.',
    help: 'Inspect the raw definition; treat the server as untrusted.',
  },
  'duplicate-name': {
    name: 'DuplicateName',
    severity: 'medium',
    short: 'MCP tool name is listed more than once',
    full: 'The server lists the same tool name more than once, or a name that shadows a tool of another server. A client may call a different tool than the one a policy was written for.',
    help: 'Rename or remove the duplicate; write policies against the server-qualified name.',
  },
  'oversized-definition': {
    name: 'OversizedDefinition',
    severity: 'medium',
    short: 'MCP tool definition was cut to the size limits',
    full: 'The tool definition exceeds the size bounds mcp-risk keeps; it was cut. Instructions to the model and hidden characters were looked for in all of it, but what the tool does was judged only from what was kept, so the tool is never allowed without approval. It also fills the model context.',
    help: 'Review the full definition by hand before approving calls.',
  },
};

export function categoryRuleId(category: Category): string {
  return `mcp-risk/category/${category}`;
}

export function findingRuleId(kind: FindingKind): string {
  return `mcp-risk/finding/${kind}`;
}

/** The rules of the classifier that read a tool's category: every rule that gives signals. */
const CATEGORY_READERS = RULES.filter((rule) => rule.raises === undefined);

/** Each rule as a Markdown list item: its id and what it looks for. */
function ruleList(rules: readonly Rule[]): string {
  return rules.map((rule) => `- \`${rule.id}\`: ${sanitizeForMarkdown(rule.summary)}`).join('\n');
}

/** The help as Markdown: the help text, then the classifier's rules behind the alert and what each looks for. */
function helpMarkdown(text: RuleText, heading: string, rules: readonly Rule[]): string | undefined {
  if (rules.length === 0) return undefined;
  return `${sanitizeForMarkdown(text.help)}\n\n${heading}\n\n${ruleList(rules)}`;
}

const CATEGORY_HEADING =
  "**How mcp-risk decides the category.** The alert quotes the evidence; these rules read it from the tool's name, title, description, input schema and annotations:";
const FINDING_HEADING = '**The rule that reports it:**';

function describeRule(id: string, text: RuleText, markdown: string | undefined): Sarif.ReportingDescriptor {
  return {
    id,
    name: text.name,
    shortDescription: { text: text.short },
    fullDescription: { text: text.full },
    help: markdown === undefined ? { text: text.help } : { text: text.help, markdown },
    defaultConfiguration: { level: levelForSeverity(text.severity) },
    properties: {
      'security-severity': SECURITY_SEVERITY[text.severity].toFixed(1),
      tags: ['security', 'mcp'],
    },
  };
}

/** Every rule, in a fixed order: categories (model order) then finding kinds (model order). */
export const SARIF_RULES: readonly Sarif.ReportingDescriptor[] = [
  ...CATEGORIES.map((category) =>
    describeRule(
      categoryRuleId(category),
      CATEGORY_RULES[category],
      helpMarkdown(CATEGORY_RULES[category], CATEGORY_HEADING, CATEGORY_READERS),
    ),
  ),
  ...FINDING_KINDS.map((kind) =>
    describeRule(
      findingRuleId(kind),
      FINDING_RULES[kind],
      helpMarkdown(
        FINDING_RULES[kind],
        FINDING_HEADING,
        RULES.filter((rule) => rule.raises === kind),
      ),
    ),
  ),
];

const RULE_INDEX = new Map(SARIF_RULES.map((rule, index) => [rule.id, index]));

function ruleIndex(id: string): number {
  const index = RULE_INDEX.get(id);
  if (index === undefined) throw new Error(`no SARIF rule ${id}`);
  return index;
}

/** `My Server (prod)` → `my-server-prod`: lower case, safe characters, bounded, never empty. */
export function slugify(name: string): string {
  const slug = sanitizeForSarif(name, 200)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 64)
    .replace(/[-.]+$/, '');
  return slug === '' ? 'server' : slug;
}

function artifactUri(path: string): string {
  const normalised = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const segments = normalised.split('/');
  const absolute = normalised.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(normalised);
  if (absolute || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new UsageError(
      `SARIF artifact path must be relative to the repository root, without "..": ${JSON.stringify(path.slice(0, 200))}`,
    );
  }
  return segments.map((segment) => encodeURIComponent(segment)).join('/');
}

function fingerprint(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function locate(server: Pick<ServerReport, 'name'>, tool: ClassifiedTool, options: SarifOptions): Sarif.Location {
  const uri = options.artifactPath === undefined ? `mcp/${slugify(server.name)}.json` : artifactUri(options.artifactPath);
  const serverName = sanitizeForSarif(server.name, 200);
  const toolName = sanitizeForSarif(tool.name, 200);
  return {
    physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
    logicalLocations: [{ name: toolName, fullyQualifiedName: `${serverName}/${toolName}`, kind: 'function' }],
  };
}

function categoryResult(server: Pick<ServerReport, 'name'>, tool: ClassifiedTool, options: SarifOptions): Sarif.Result {
  const id = categoryRuleId(tool.category);
  const quotes = quoteEvidence(tool.evidence, sanitizeForSarif, { count: 3, quoteLength: 120 });
  const evidence = quotes.length > 0 ? quotes.join(', ') : 'no evidence quoted';
  const text =
    `Tool "${sanitizeForSarif(tool.name, 200)}" on server "${sanitizeForSarif(server.name, 200)}" ` +
    `is ${tool.category} (${tool.severity}): ${evidence}. Recommended: ${formatAction(tool.recommendation)}.`;
  return {
    ruleId: id,
    ruleIndex: ruleIndex(id),
    level: levelForSeverity(tool.severity),
    message: { text },
    locations: [locate(server, tool, options)],
    partialFingerprints: { 'mcpRiskTool/v1': fingerprint([server.name, tool.name, tool.category]) },
    properties: { category: tool.category, severity: tool.severity, action: tool.recommendation.action },
  };
}

function findingResult(server: Pick<ServerReport, 'name'>, tool: ClassifiedTool, finding: Finding, options: SarifOptions): Sarif.Result {
  const id = findingRuleId(finding.kind);
  const text =
    `Tool "${sanitizeForSarif(tool.name, 200)}" on server "${sanitizeForSarif(server.name, 200)}": ` +
    `${formatFindingKind(finding.kind)}: ${sanitizeForSarif(finding.message)}`;
  return {
    ruleId: id,
    ruleIndex: ruleIndex(id),
    level: levelForSeverity(FINDING_RULES[finding.kind].severity),
    message: { text },
    locations: [locate(server, tool, options)],
    partialFingerprints: { 'mcpRiskFinding/v1': fingerprint([server.name, tool.name, finding.kind, finding.message]) },
  };
}

function failureNotification(server: Pick<ServerReport, 'name' | 'error'>): Sarif.Notification | null {
  if (server.error === undefined) return null;
  const code = sanitizeForSarif(server.error.code, 60);
  return {
    level: 'error',
    message: {
      text: `Server "${sanitizeForSarif(server.name, 200)}" could not be scanned (${code}): ${sanitizeForSarif(server.error.message)}`,
    },
    properties: { code },
  };
}

const RESULTS_MARK = '"results": []';
const RESULT_INDENT = '        ';

/** The log around the results: its text up to the results' opening bracket, and after their closing one. */
function sarifFrame(report: Pick<StreamedReport, 'generator' | 'servers'>): { head: string; tail: string } {
  const notifications = report.servers.map((server) => failureNotification(server.head)).filter((item) => item !== null);
  const invocation: Sarif.Invocation = { executionSuccessful: notifications.length === 0 };
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mcp-risk',
            version: sanitizeForSarif(report.generator.version, 40),
            informationUri: INFORMATION_URI,
            rules: [...SARIF_RULES],
          },
        },
        invocations: [invocation],
        results: [],
      },
    ],
  };
  const text = `${JSON.stringify(log, null, 2)}\n`;
  const at = text.lastIndexOf(RESULTS_MARK);
  return { head: `${text.slice(0, at)}"results": [`, tail: text.slice(at + RESULTS_MARK.length - 1) };
}

/** One tool's results (its category, then each finding), each at its place in the log, with separators. */
function toolResults(server: Pick<ServerReport, 'name'>, tool: ClassifiedTool, options: SarifOptions, first: boolean): string {
  const results = [categoryResult(server, tool, options), ...tool.findings.map((finding) => findingResult(server, tool, finding, options))];
  return results
    .map(
      (result, i) =>
        `${first && i === 0 ? '\n' : ',\n'}${RESULT_INDENT}${JSON.stringify(result, null, 2).replace(/\n/g, `\n${RESULT_INDENT}`)}`,
    )
    .join('');
}

/** The SARIF log in pieces, written as the tools arrive. Joined, it is `renderSarif` of the whole report. */
export async function* renderSarifStream(report: StreamedReport, options: SarifOptions = {}): AsyncGenerator<string> {
  const frame = sarifFrame(report);
  yield frame.head;
  let count = 0;
  for (const server of report.servers) {
    for await (const tool of server.tools) yield toolResults(server.head, classifiedOnly(tool), options, count++ === 0);
    server.end();
  }
  yield count === 0 ? frame.tail : `\n      ${frame.tail}`;
}

/** The report as a SARIF 2.1.0 log (2-space JSON, ending with a newline). */
export function renderSarif(report: ScanReport, options: SarifOptions = {}): string {
  const streamed = streamOfReport(report);
  const frame = sarifFrame(streamed);
  const pieces = [frame.head];
  let count = 0;
  for (const server of report.servers) for (const tool of server.tools) pieces.push(toolResults(server, tool, options, count++ === 0));
  pieces.push(count === 0 ? frame.tail : `\n      ${frame.tail}`);
  return pieces.join('');
}
