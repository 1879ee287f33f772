/**
 * The native policy: what an agent may do with the tools of one MCP server. Its JSON shape is
 * documented by `schemas/policy.schema.json`; YAML is the same data. Plain data, safe to serialise.
 *
 *   { "version": "1", "default": "deny", "hide": ["tool"],
 *     "tools": { "tool": { "action": "allow", "rate_limit": { "max": 10, "window": 60 }, "reason": "…" } } }
 */
import type { Category, RateLimit } from '../model.js';

export const POLICY_VERSION = '1';

export const POLICY_ACTIONS = ['allow', 'deny', 'require_approval'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const POLICY_DEFAULTS = ['allow', 'deny'] as const;
export type PolicyDefault = (typeof POLICY_DEFAULTS)[number];

export const PROFILES = ['strict', 'balanced', 'permissive'] as const;
export type ProfileName = (typeof PROFILES)[number];

/** The rule of one tool that is not hidden. */
export interface PolicyRule {
  action: PolicyAction;
  /** At most `max` calls in any `window` seconds; never with `deny`. */
  rate_limit?: RateLimit;
  /** Why, in words a person reads. */
  reason?: string;
  /** The category the tool had when the rule was written (lets a merge see a recategorised tool). */
  category?: Category;
}

export interface HiddenToolNote {
  category?: Category;
  reason?: string;
}

export interface PolicyChanges {
  added: string[];
  removed: string[];
  recategorised: { tool: string; from: Category; to: Category }[];
}

/** What mcp-risk knew when it wrote the policy. Enforcement ignores it. */
export interface PolicyMetadata {
  server?: string;
  generator?: string;
  profile?: ProfileName;
  /** Why each hidden tool is hidden, and its category then. */
  hidden?: Record<string, HiddenToolNote>;
  /** Written by a merge: what changed on the server since the policy it merged into. */
  changes?: PolicyChanges;
}

export interface Policy {
  version: typeof POLICY_VERSION;
  default: PolicyDefault;
  hide?: string[];
  tools?: Record<string, PolicyRule>;
  metadata?: PolicyMetadata;
}

/** One thing wrong with a policy file: a JSON pointer into it ("" is the whole file) and one line. */
export interface PolicyProblem {
  path: string;
  message: string;
}

/** What the policy decides for one tool, `hide` included. */
export type ToolDecision = 'hide' | PolicyAction;

export function isProfileName(value: unknown): value is ProfileName {
  return typeof value === 'string' && (PROFILES as readonly string[]).includes(value);
}

/** A record with the given entries as own properties, whatever the keys (`__proto__` included). */
export function recordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries(entries) as Record<string, T>;
}

/** The own value of `record[key]`, never an inherited one. */
export function ownEntry<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The rule of `tool`, or `hide`, or undefined when the policy says nothing about it. */
export function decisionFor(policy: Policy, tool: string): ToolDecision | undefined {
  if (policy.hide?.includes(tool)) return 'hide';
  return ownEntry(policy.tools, tool)?.action;
}

/** Every tool name the policy mentions, hidden ones first, each once. */
export function policyToolNames(policy: Policy): string[] {
  return [...new Set([...(policy.hide ?? []), ...Object.keys(policy.tools ?? {})])];
}

/** The category recorded for `tool` (in its rule, or in the notes about hidden tools). */
export function recordedCategory(policy: Policy, tool: string): Category | undefined {
  return ownEntry(policy.tools, tool)?.category ?? ownEntry(policy.metadata?.hidden, tool)?.category;
}
