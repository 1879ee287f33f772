/**
 * The rule contract. A rule reads the facts of one tool and returns signals (what the tool
 * does, each with the evidence that says so) and findings (security notes). Rules never decide
 * the category: `decide-category.ts` weighs the signals of all rules in one place.
 */
import type { DefinitionInspection, Evidence, Finding, FindingKind, Signal, ToolDefinition } from '../model.js';
import type { VerbInfo } from './verbs.js';

/** What a piece of evidence says about the tool. */
export type Effect =
  // action classes, from verbs
  | 'read'
  | 'write'
  | 'execute'
  | 'destroy'
  | 'pay'
  // qualifiers
  | 'read-only' // says it changes nothing
  | 'money' // the thing acted on is money
  | 'arbitrary-code' // free-form code, commands or queries
  | 'irreversible' // says it cannot be undone
  | 'reversible' // soft delete, archive, trash, can be restored
  | 'association' // removes a link or a label, not a thing
  | 'bulk' // acts on many things at once
  | 'overwrite' // replaces existing content
  | 'sensitive' // secrets, credentials, permissions, personal data
  | 'outward' // reaches the web, other systems or other people
  | 'saves' // keeps what it reads: writes a local file, loads data into a store
  | 'declared-read-only' // the server's own readOnlyHint: true
  | 'declared-destructive'; // the server's own destructiveHint: true

export interface ToolSignal {
  effect: Effect;
  /** Strong signals decide alone; weak ones only tip a balance. */
  strength: 'strong' | 'weak';
  evidence: Evidence;
  /** For verb signals: what the verb means for MCP's annotations. */
  verb?: VerbInfo;
  /** Where in the name or sentence the verb stood: primary (the action) or secondary. */
  role?: 'primary' | 'secondary';
}

export interface SchemaProperty {
  /** Dotted path from the input object, e.g. `filter.ids`. */
  path: string;
  /** The property's own name, lower case words joined by `_`. */
  name: string;
  words: readonly string[];
  type: string | null;
  itemsType: string | null;
  description: string;
  hasEnum: boolean;
  format: string | null;
}

/** Everything a rule may read about one tool, computed once. */
export interface ToolFacts {
  tool: ToolDefinition;
  serverName: string | undefined;
  /** Words of the name without the server prefix. */
  nameWords: string[];
  /** The original words of the name's server prefix, if one was stripped. */
  prefix: string[];
  title: string;
  description: string;
  firstSentence: string;
  properties: SchemaProperty[];
  /**
   * Instructions to the model and hidden characters anywhere in the definition: every string
   * of what was kept, and, for a definition the scanner cut, of the whole original.
   */
  inspection: DefinitionInspection;
}

export interface RuleResult {
  signals: ToolSignal[];
  findings: Finding[];
}

export interface Rule {
  /**
   * Stable id, the name of the rule's file in rules/ (`name-verb` for rules/name-verb.ts). Its
   * evidence says `<id>/<reason>` (`name-verb/destroy`): see `ruleEvidence`.
   */
  id: string;
  /** One line for people: what the rule looks for. Shown in SARIF rule help and by `policy explain`. */
  summary: string;
  /** The kind of finding the rule reports, for a rule that reports findings rather than signals. */
  raises?: FindingKind;
  apply(facts: ToolFacts): RuleResult;
}

/** The `rule` of the evidence `rule` gives for `reason`: `<rule id>/<reason>`. */
export function evidenceRule(rule: Pick<Rule, 'id'>, reason: string): string {
  return `${rule.id}/${reason}`;
}

/** Evidence read by `rule`, stamped with the rule's own id: the id is written once, in the rule. */
export function ruleEvidence(rule: Pick<Rule, 'id'>, reason: string, signal: Signal, text: string): Evidence {
  return { signal, text, rule: evidenceRule(rule, reason) };
}

export const NO_RESULT: RuleResult = Object.freeze({ signals: [], findings: [] }) as RuleResult;

/** Bound a quote taken from a tool's definition for use as evidence text. */
export function quote(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
