/**
 * The library API of mcp-risk (`import { … } from 'mcp-risk'`), every export named here so that
 * what the package promises is this one list. The README's "Library" section documents each.
 *
 *   scanServer       a server (stdio command or URL) → its snapshot, every tool definition as listed
 *   classifyServer   a snapshot → a report: each tool's category, severity, evidence, recommendation
 *   classifyTool     one tool definition → its classification
 *   generatePolicy   a report and a profile → the policy that contains the server
 *   exportPolicy     a policy → the text of a native, Intercept, Claude Code or Codex policy file
 *   validatePolicy / readPolicy   a policy (parsed, or any file mcp-risk writes) → problems or policies
 *   openLowdbStore / openMemoryStore   the catalogue store (on disk, or in memory) behind CatalogueStore
 *
 * Everything returned is plain data; server problems are data too (a snapshot's `error`), and what
 * is thrown is an McpRiskError whose `next` says what the caller should do.
 */

// The data model: snapshots, classifications, reports.
export {
  ACTIONS,
  CATEGORIES,
  FINDING_KINDS,
  isCategory,
  isSeverity,
  SCHEMA_VERSION,
  SEVERITIES,
  severityRank,
  SIGNALS,
  TRANSPORTS,
  type Action,
  type Category,
  type ClassifiedTool,
  type ConfigSource,
  type CutPart,
  type DefinitionCut,
  type DefinitionInspection,
  type DefinitionPart,
  type Evidence,
  type Finding,
  type FindingKind,
  type InferredAnnotations,
  type RateLimit,
  type Recommendation,
  type ScanReport,
  type ServerErrorInfo,
  type ServerReport,
  type ServerSnapshot,
  type ServerSummary,
  type Severity,
  type Signal,
  type ToolAnnotations,
  type ToolDefinition,
  type TransportKind,
} from './model.js';

// Typed errors: each says what happens next.
export {
  errorMessage,
  InputError,
  isMcpRiskError,
  McpRiskError,
  SERVER_ERROR_CODES,
  ServerError,
  UsageError,
  type NextStep,
  type ServerErrorCode,
} from './errors.js';

/** mcp-risk's own version, e.g. for `generatePolicy`'s `generator`. */
export { VERSION } from './version.js';

// Scan: connect to a server and list what it offers.
export type { ConnectTarget } from './connectors/connection.js';
export { DEFAULT_MAX_PAGES, DEFAULT_MAX_TOOLS, scanServer, type ScanOptions } from './scanner/scan-server.js';

// Classify.
export { classifyTool, type ClassifyOptions } from './classifier/classify-tool.js';
export { classifyServer } from './classifier/classify-server.js';

// Policies: generate, export, read back and validate.
export {
  isProfileName,
  POLICY_ACTIONS,
  POLICY_DEFAULTS,
  POLICY_VERSION,
  PROFILES,
  type HiddenToolNote,
  type Policy,
  type PolicyAction,
  type PolicyChanges,
  type PolicyDefault,
  type PolicyMetadata,
  type PolicyProblem,
  type PolicyRule,
  type ProfileName,
} from './policy/policy-model.js';
export { generatePolicy, type GenerateOptions } from './policy/generate-policy.js';
export { exportPolicy, isPolicyFormat, POLICY_FORMATS, type PolicyFormat } from './policy/export/exporters.js';
export { toolRisks, type ExportContext, type PolicyExport, type ToolRisk } from './policy/export/policy-export.js';
export { validatePolicy, type PolicyValidation } from './policy/validate-policy.js';
export { policyVerdict, readPolicy, type PolicyFile, type PolicyVerdict, type ServerPolicy } from './policy/read-policy.js';

// The catalogue store: one contract, two back ends.
export type { CatalogueStore, OpenStoreOptions, StoreWriteStats } from './catalogue/catalogue-store.js';
export { openLowdbStore, type LowdbStoreOptions } from './catalogue/lowdb-store.js';
export { createMemoryVolume, openMemoryStore, type MemoryStoreOptions, type MemoryVolume } from './catalogue/memory-store.js';
export { CRAWL_STATUSES, type CatalogueServer, type ChangeRecord, type CrawlStatus, type ToolChange } from './catalogue/catalogue-model.js';
export { hashTools, type ToolHashes, type ToolPart } from './catalogue/tool-hashes.js';
export { StoreLockedError, StoreUseError, type StoreLockHolder, type StoreUseErrorCode } from './catalogue/store-errors.js';
export {
  SOURCE_KINDS,
  type CrawlEntry,
  type CrawlLaunch,
  type PackageMetadata,
  type RequiredSetting,
  type SourceKind,
} from './crawl-entry.js';
