/**
 * Weighing the signals of all rules into one category, cautiously.
 *
 * The action comes from verbs (name, description, title): the most dangerous strong verb wins,
 * so a tool is never called read-only because one of its words reads. Qualifiers then refine it:
 * money turns a change into financial; "irreversible" turns a change into destructive; free-form
 * code makes it execute; an explicit read-only statement turns a query runner back into a read;
 * a read that keeps what it reads (to a local file, into a store) is a write.
 * A tool with no recognisable action is assumed to write (there is no "other" bucket, and
 * guessing read-only would be the dangerous mistake).
 */
import type { Category, Evidence, Finding } from '../model.js';
import { evidenceRule, type Effect, type ToolFacts, type ToolSignal } from './rule.js';
import { annotationRule } from './rules/annotation.js';
import type { VerbClass, VerbInfo } from './verbs.js';

const RANK: Record<VerbClass, number> = { read: 0, write: 1, execute: 2, destroy: 3, pay: 4 };
const VERB_EFFECTS = new Set<Effect>(['read', 'write', 'execute', 'destroy', 'pay']);
/** The server's own `readOnlyHint: false`: it says the tool has side effects. */
const DECLARES_SIDE_EFFECTS = evidenceRule(annotationRule, 'not-read-only');
/** A description that opens by saying what it reports ("Returns…", "Current status of…"), within its first three words. */
const DESCRIPTIVE =
  /^\W*(?:\w+\s+){0,2}?(returns?|information|info|details?|list\s+of|overview|status|shows?|displays?|summary|statistics|metadata|documentation|reference)\b/i;

export interface CategoryDecision {
  category: Category;
  /** The verb that names the action, when one was found. */
  action: ToolSignal | undefined;
  /** Signals that support the category, in order of weight. */
  supporting: ToolSignal[];
  findings: Finding[];
  /** No action word was recognised: the category is a cautious assumption. */
  assumed: boolean;
}

function has(signals: readonly ToolSignal[], effect: Effect, strength?: ToolSignal['strength']): ToolSignal | undefined {
  return signals.find((s) => s.effect === effect && (strength === undefined || s.strength === strength));
}

/** "Run a query", "Execute PromQL": running a query is how a query tool reads. */
const RUNS_A_QUERY =
  /^\W*(?:run|runs|execute|executes|perform|performs)\s+(?:\w+\s+){0,3}?(?:quer(?:y|ies)|promql|logql|searche?s?|lookups?|audits?|checks?|analys[ie]s|reports?|aggregations?)\b/i;

function pickAction(facts: ToolFacts, signals: readonly ToolSignal[]): ToolSignal | undefined {
  const nameRead = signals.some(
    (s) => s.evidence.signal === 'name' && s.role === 'primary' && s.effect === 'read' && s.strength === 'strong',
  );
  const runsQuery = nameRead && RUNS_A_QUERY.test(facts.firstSentence);
  const verbs = signals.filter(
    (s) =>
      VERB_EFFECTS.has(s.effect) &&
      s.evidence.signal !== 'annotation' &&
      s.evidence.signal !== 'schema' &&
      !(runsQuery && s.effect === 'execute' && s.evidence.signal !== 'name'),
  );
  const strong = verbs.filter((s) => s.strength === 'strong');
  const pool = strong.length > 0 ? strong : verbs;
  let best: ToolSignal | undefined;
  for (const signal of pool) {
    if (best === undefined || RANK[signal.effect as VerbClass] > RANK[best.effect as VerbClass]) best = signal;
  }
  return best;
}

function supportFor(category: Category, signals: readonly ToolSignal[]): ToolSignal[] {
  const wanted: Record<Category, Effect[]> = {
    read: ['read-only', 'read', 'declared-read-only'],
    write: ['write', 'overwrite', 'saves'],
    execute: ['arbitrary-code', 'execute'],
    destructive: ['irreversible', 'destroy', 'declared-destructive'],
    financial: ['pay', 'money', 'destroy', 'write', 'execute'],
  };
  const order = wanted[category];
  const out: ToolSignal[] = [];
  for (const effect of order) {
    for (const signal of signals) {
      if (signal.effect !== effect) continue;
      if (signal.evidence.rule === DECLARES_SIDE_EFFECTS && category !== 'write') continue;
      if (
        !out.some(
          (s) => s.evidence.signal === signal.evidence.signal && s.evidence.text.toLowerCase() === signal.evidence.text.toLowerCase(),
        )
      )
        out.push(signal);
    }
  }
  return out;
}

export function decideCategory(facts: ToolFacts, signals: readonly ToolSignal[]): CategoryDecision {
  const action = pickAction(facts, signals);
  const cls: VerbClass | undefined = action ? (action.effect as VerbClass) : undefined;
  const changes = cls !== undefined && cls !== 'read';
  const readOnly = has(signals, 'read-only', 'strong');
  const arbitrary = has(signals, 'arbitrary-code', 'strong');
  const moneyStrong = has(signals, 'money', 'strong');
  const moneyWeakCount = signals.filter((s) => s.effect === 'money' && s.strength === 'weak').length;
  const irreversible = has(signals, 'irreversible');
  const dataLoss = has(signals, 'destroy', 'strong');
  const declaredReadOnly = has(signals, 'declared-read-only');
  const declaredSideEffects = signals.find((s) => s.evidence.rule === DECLARES_SIDE_EFFECTS);

  let category: Category;
  let assumed = false;
  if (cls === 'pay' || (changes && (moneyStrong !== undefined || moneyWeakCount >= 2))) {
    category = 'financial';
  } else if (cls === 'destroy' || ((irreversible || dataLoss) && changes) || (dataLoss && cls === undefined)) {
    category = 'destructive';
  } else if (cls === 'execute' || arbitrary) {
    category = readOnly ? 'read' : 'execute';
  } else if (cls === 'write') {
    const weakAction = action?.strength === 'weak' || action?.verb?.unsure === true;
    category = readOnly && weakAction ? 'read' : declaredReadOnly && weakAction ? 'read' : 'write';
  } else if (cls === 'read') {
    // Reading into a file or a store is a write: "download to local disk", an `output_dir` input.
    const saves = has(signals, 'saves', 'strong');
    category = (declaredSideEffects || saves) && !readOnly ? 'write' : 'read';
  } else if (readOnly || declaredReadOnly || has(signals, 'read', 'weak') || DESCRIPTIVE.test(facts.firstSentence)) {
    category = 'read';
    assumed = !readOnly && !declaredReadOnly;
  } else {
    category = 'write';
    assumed = true;
  }

  const supporting = supportFor(category, signals);
  if (assumed) {
    const descriptive = DESCRIPTIVE.exec(facts.firstSentence);
    const hasOwn = supporting.some((s) => s.evidence.signal !== 'annotation');
    if (!hasOwn) {
      const evidence: Evidence =
        category === 'read' && descriptive?.[1] !== undefined
          ? { signal: 'description', text: descriptive[1], rule: 'fallback/descriptive-text' }
          : { signal: 'name', text: facts.tool.name.slice(0, 120), rule: 'fallback/no-action-word' };
      supporting.push({ effect: category === 'read' ? 'read' : 'write', strength: 'weak', evidence });
    }
  }
  return { category, action, supporting, findings: mismatches(category, signals, action), assumed };
}

function mismatches(category: Category, signals: readonly ToolSignal[], action: ToolSignal | undefined): Finding[] {
  const findings: Finding[] = [];
  const declaredReadOnly = has(signals, 'declared-read-only');
  if (declaredReadOnly && category !== 'read') {
    const why = action ? `"${action.evidence.text}" (${action.evidence.signal})` : 'its definition';
    findings.push({ kind: 'annotation-mismatch', message: `declares readOnlyHint: true, but ${why} says it is ${category}` });
  }
  return findings;
}

/** The verb information of the deciding action, when there is one. */
export function actionVerb(decision: CategoryDecision): VerbInfo | undefined {
  return decision.action?.verb;
}
