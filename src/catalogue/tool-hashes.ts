/**
 * Hashes of tool definitions, and what changed between two crawls of a server (what a rug-pull
 * check needs: a tool whose description or schema changed after people approved it).
 *
 * A tool's hash is the sha256 (hex) of the canonical JSON (canonical-json.ts: sorted keys) of its
 * definition — name, title, description, inputSchema, outputSchema, annotations — so key order
 * never counts as a change. Each part present also gets its own hash, to say which parts changed;
 * an absent part has none, so a part appearing or disappearing is a change of that part.
 *
 * Pure functions. Tool names come from servers: keys are set and read as own properties only, so a
 * tool called `__proto__` or `constructor` is just a name.
 */
import { createHash } from 'node:crypto';
import type { ToolDefinition } from '../model.js';
import type { CatalogueServer, ChangeRecord, ToolChange } from './catalogue-model.js';
import { canonicalJson } from './canonical-json.js';
import { compareIds } from './catalogue-document.js';

export type ToolPart = ToolChange['fields'][number];
export const TOOL_PARTS: readonly ToolPart[] = ['title', 'description', 'inputSchema', 'outputSchema', 'annotations'];

export interface ToolHashes {
  toolHashes: Record<string, string>;
  toolPartHashes: Record<string, Partial<Record<ToolPart, string>>>;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of one whole definition (only the fields of ToolDefinition count). */
export function hashTool(tool: ToolDefinition): string {
  const definition: Record<string, unknown> = { name: tool.name };
  for (const part of TOOL_PARTS) definition[part] = tool[part];
  return sha256Hex(canonicalJson(definition));
}

/** The hash of each part a definition has. */
export function hashToolParts(tool: ToolDefinition): Partial<Record<ToolPart, string>> {
  const parts: Partial<Record<ToolPart, string>> = {};
  for (const part of TOOL_PARTS) {
    if (tool[part] !== undefined) parts[part] = sha256Hex(canonicalJson(tool[part]));
  }
  return parts;
}

/** Hashes of every tool, by name (the first definition of a name listed twice). */
export function hashTools(tools: readonly ToolDefinition[]): ToolHashes {
  const toolHashes: Record<string, string> = {};
  const toolPartHashes: Record<string, Partial<Record<ToolPart, string>>> = {};
  for (const tool of tools) {
    if (Object.hasOwn(toolHashes, tool.name)) continue;
    setOwn(toolHashes, tool.name, hashTool(tool));
    setOwn(toolPartHashes, tool.name, hashToolParts(tool));
  }
  return { toolHashes, toolPartHashes };
}

/** Sets an own property, even one named `__proto__` (a plain assignment would change the prototype). */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Versions before and after, when known (npm packages). */
export interface ChangeVersions {
  from?: string | null;
  to?: string | null;
}

/** Whether a stored record says which tools the server had: a successful crawl, or hashes carried from one. */
function hasToolBaseline(previous: CatalogueServer): boolean {
  return previous.status === 'ok' || Object.keys(previous.toolHashes).length > 0;
}

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * What changed between the previous record of a server and the tools of a new, successful crawl:
 * tools added, removed, and changed (with the parts that changed), names in code-unit order.
 * Null when nothing changed, when there is no previous record, or when the previous record knows
 * no tools (it never crawled successfully). Call it for crawls that listed tools, not failed ones.
 */
export function diffTools(
  previous: CatalogueServer | undefined,
  next: ToolHashes,
  at: string,
  versions: ChangeVersions = {},
): ChangeRecord | null {
  if (previous === undefined || !hasToolBaseline(previous)) return null;
  const before = previous.toolHashes;
  const after = next.toolHashes;
  const added = Object.keys(after)
    .filter((name) => !Object.hasOwn(before, name))
    .sort(compareIds);
  const removed = Object.keys(before)
    .filter((name) => !Object.hasOwn(after, name))
    .sort(compareIds);
  const changed: ToolChange[] = [];
  for (const name of Object.keys(after).sort(compareIds)) {
    if (!Object.hasOwn(before, name) || before[name] === after[name]) continue;
    const oldParts = own(previous.toolPartHashes, name) ?? {};
    const newParts = own(next.toolPartHashes, name) ?? {};
    changed.push({ tool: name, fields: TOOL_PARTS.filter((part) => oldParts[part] !== newParts[part]) });
  }
  if (added.length === 0 && removed.length === 0 && changed.length === 0) return null;
  return {
    at,
    ...(versions.from !== undefined ? { fromVersion: versions.from } : {}),
    ...(versions.to !== undefined ? { toVersion: versions.to } : {}),
    added,
    removed,
    changed,
  };
}
