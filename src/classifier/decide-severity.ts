/**
 * Severity follows reversibility: read low, write medium, execute high, destructive and
 * financial critical. It moves only with evidence that says why, and that evidence is listed:
 *  - up: secrets or permissions, content from the web, messages to people, overwriting,
 *    changing many things at once, arbitrary code, hidden instructions, a definition too big to
 *    read whole (at least medium);
 *  - down: a deletion that can be undone (trash, archive, restore) or that only unlinks.
 */
import type { Category, DefinitionPart, Finding, Severity, Signal } from '../model.js';
import { severityRank } from '../model.js';
import { evidenceRule, ruleEvidence, type ToolFacts, type ToolSignal } from './rule.js';
import type { CategoryDecision } from './decide-category.js';
import { descriptionPhraseRule } from './rules/description-phrase.js';
import { hiddenContentRule } from './rules/hidden-content.js';
import { oversizedDefinitionRule } from './rules/oversized-definition.js';
import { promptInjectionRule } from './rules/prompt-injection.js';

const BASE: Record<Category, Severity> = {
  read: 'low',
  write: 'medium',
  execute: 'high',
  destructive: 'critical',
  financial: 'critical',
};

const ASSOCIATION_OBJECTS = new Set([
  'label',
  'labels',
  'tag',
  'tags',
  'assignee',
  'assignees',
  'reaction',
  'reactions',
  'reviewer',
  'reviewers',
  'watcher',
  'watchers',
  'star',
  'stars',
  'bookmark',
  'bookmarks',
  'favorite',
  'favourite',
  'favorites',
  'participant',
  'participants',
  'member',
  'members',
  'alias',
  'aliases',
  'highlight',
  'highlights',
  'selection',
  'filter',
  'filters',
]);
const UNLINK_VERBS = new Set(['remove', 'unassign', 'unlink', 'detach', 'delete', 'clear']);
const SENDS_TO_PEOPLE = evidenceRule(descriptionPhraseRule, 'sends-to-people');
const OUTWARD_PHRASE = evidenceRule(descriptionPhraseRule, 'outward');

export interface SeverityDecision {
  severity: Severity;
  /** The signals that moved it from the category's base, in the order applied. */
  reasons: ToolSignal[];
}

function raise(current: Severity, to: Severity): Severity {
  return severityRank(to) > severityRank(current) ? to : current;
}

function first(signals: readonly ToolSignal[], predicate: (s: ToolSignal) => boolean): ToolSignal | undefined {
  return signals.find(predicate);
}

function unlinksOnly(facts: ToolFacts, decision: CategoryDecision): ToolSignal | undefined {
  const action = decision.action;
  if (!action || action.evidence.signal !== 'name' || !UNLINK_VERBS.has(action.evidence.text)) return undefined;
  const words = facts.nameWords;
  const index = words.indexOf(action.evidence.text);
  const objects = words.slice(index + 1);
  const object = objects.find((w) => ASSOCIATION_OBJECTS.has(w)) ?? (objects.includes('from') ? 'from' : undefined);
  if (!object) return undefined;
  return {
    effect: 'association',
    strength: 'strong',
    evidence: { signal: 'name', text: `${action.evidence.text} … ${object}`, rule: 'severity/unlink-only' },
  };
}

const PART_SIGNAL: Record<DefinitionPart, Signal> = {
  name: 'name',
  title: 'title',
  description: 'description',
  annotations: 'annotation',
  inputSchema: 'schema',
  outputSchema: 'schema',
};

/** The signal of the first part the scanner cut (the description when only older snapshots say so). */
function cutSignal(facts: ToolFacts): Signal {
  const part = facts.tool.cut?.parts[0]?.part;
  return part === undefined ? 'description' : PART_SIGNAL[part];
}

export function decideSeverity(
  facts: ToolFacts,
  decision: CategoryDecision,
  signals: readonly ToolSignal[],
  findings: readonly Finding[],
): SeverityDecision {
  let severity = BASE[decision.category];
  const reasons: ToolSignal[] = [];
  const note = (signal: ToolSignal | undefined, to: Severity): void => {
    if (!signal) return;
    const next = to === 'high' && decision.category === 'destructive' ? to : raise(severity, to);
    if (next !== severity) {
      severity = next;
      reasons.push(signal);
    }
  };
  const sensitive = first(signals, (s) => s.effect === 'sensitive' && s.strength === 'strong');
  const outward = first(signals, (s) => s.effect === 'outward' && s.evidence.signal !== 'annotation');
  const sendsToPeople = first(
    signals,
    (s) => s.evidence.rule === SENDS_TO_PEOPLE || (s.role === 'primary' && s.verb?.outward === true && s.evidence.signal === 'name'),
  );
  const overwrite = first(signals, (s) => s.effect === 'overwrite' && s.strength === 'strong');
  const bulk = first(signals, (s) => s.effect === 'bulk');

  switch (decision.category) {
    case 'read':
      note(sensitive, 'medium');
      note(outward && outward.evidence.rule !== OUTWARD_PHRASE ? outward : undefined, 'medium');
      break;
    case 'write':
      note(sensitive, 'high');
      note(sendsToPeople, 'high');
      note(overwrite, 'high');
      if (bulk && decision.action?.verb?.destructive) note(bulk, 'high');
      break;
    case 'execute':
      note(
        first(signals, (s) => s.effect === 'arbitrary-code'),
        'critical',
      );
      break;
    case 'destructive': {
      const irreversible = first(signals, (s) => s.effect === 'irreversible');
      if (!irreversible) {
        const reversible = first(signals, (s) => s.effect === 'reversible') ?? unlinksOnly(facts, decision);
        note(reversible, 'high');
      }
      break;
    }
    case 'financial':
      break;
  }
  for (const finding of findings) {
    if (finding.kind === 'prompt-injection' && severity !== 'critical') {
      severity = 'critical';
      reasons.push({
        effect: 'sensitive',
        strength: 'strong',
        evidence: ruleEvidence(promptInjectionRule, 'instructions-to-model', 'description', finding.message.slice(0, 120)),
      });
    }
    if (finding.kind === 'oversized-definition' && severityRank(severity) < severityRank('medium')) {
      severity = 'medium';
      reasons.push({
        effect: 'sensitive',
        strength: 'strong',
        evidence: ruleEvidence(oversizedDefinitionRule, 'cut', cutSignal(facts), 'definition cut to the size limits'),
      });
    }
    if (finding.kind === 'hidden-content' && severityRank(severity) < severityRank('high')) {
      severity = 'high';
      reasons.push({
        effect: 'sensitive',
        strength: 'strong',
        evidence: ruleEvidence(hiddenContentRule, 'invisible-text', 'description', finding.message.slice(0, 120)),
      });
    }
  }
  return { severity, reasons };
}
