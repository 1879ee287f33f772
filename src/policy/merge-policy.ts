/**
 * Merging a fresh recommendation into a policy someone already uses: every decision already in
 * the existing policy stays exactly as it is (a hand-edited action, rate limit, reason or hide),
 * only tools new on the server get the recommendation, and what changed on the server is
 * reported: tools added, tools gone (their rules are kept: the tool may come back), and tools
 * whose category changed since the rule was written (their rules are kept too: a person decides).
 */
import { claudeCodeName } from './export/to-claude-code.js';
import {
  decisionFor,
  ownEntry,
  policyToolNames,
  recordedCategory,
  recordOf,
  type HiddenToolNote,
  type Policy,
  type PolicyChanges,
  type PolicyMetadata,
  type PolicyRule,
} from './policy-model.js';

export interface MergeResult {
  policy: Policy;
  changes: PolicyChanges;
}

/**
 * The name under which the existing policy knows `tool`: the tool's own name, or the name Claude
 * Code gives it (a policy read back from a Claude Code fragment only has those).
 */
function existingName(existing: ReadonlySet<string>, tool: string): string | undefined {
  if (existing.has(tool)) return tool;
  const alias = claudeCodeName(tool);
  return existing.has(alias) ? alias : undefined;
}

/** `recommended` must cover every tool of the server (as `generatePolicy` does). */
export function mergePolicy(existing: Policy, recommended: Policy): MergeResult {
  const known = new Set(policyToolNames(existing));
  const serverTools = policyToolNames(recommended);
  const matched = new Set<string>();
  const added: string[] = [];
  const recategorised: PolicyChanges['recategorised'] = [];
  for (const tool of serverTools) {
    const name = existingName(known, tool);
    if (name === undefined) {
      added.push(tool);
      continue;
    }
    matched.add(name);
    const from = recordedCategory(existing, name);
    const to = recordedCategory(recommended, tool);
    if (from !== undefined && to !== undefined && from !== to) recategorised.push({ tool, from, to });
  }
  const removed = [...known].filter((name) => !matched.has(name));
  const addedSet = new Set(added);

  const hide = [...(existing.hide ?? []), ...(recommended.hide ?? []).filter((tool) => addedSet.has(tool))];
  const newRules = Object.entries(recommended.tools ?? {}).filter(([tool]) => addedSet.has(tool));
  const tools = recordOf<PolicyRule>([...Object.entries(existing.tools ?? {}), ...newRules]);
  const newNotes = Object.entries(recommended.metadata?.hidden ?? {}).filter(([tool]) => addedSet.has(tool));
  const hidden = recordOf<HiddenToolNote>([...Object.entries(existing.metadata?.hidden ?? {}), ...newNotes]);

  const changes: PolicyChanges = { added, removed, recategorised };
  const metadata: PolicyMetadata = { ...existing.metadata };
  const server = existing.metadata?.server ?? recommended.metadata?.server;
  if (server !== undefined) metadata.server = server;
  if (recommended.metadata?.generator !== undefined) metadata.generator = recommended.metadata.generator;
  const profile = existing.metadata?.profile ?? recommended.metadata?.profile;
  if (profile !== undefined) metadata.profile = profile;
  if (Object.keys(hidden).length > 0) metadata.hidden = hidden;
  metadata.changes = changes;

  const policy: Policy = { version: existing.version, default: existing.default };
  if (hide.length > 0 || existing.hide !== undefined) policy.hide = hide;
  if (Object.keys(tools).length > 0 || existing.tools !== undefined) policy.tools = tools;
  policy.metadata = metadata;
  return { policy, changes };
}

function describeDecision(policy: Policy, tool: string): string {
  const decision = decisionFor(policy, tool) ?? `not listed (default ${policy.default})`;
  const limit = ownEntry(policy.tools, tool)?.rate_limit;
  return limit !== undefined ? `${decision}, at most ${limit.max} calls per ${limit.window} s` : decision;
}

/** One line per change, for people (tool names raw: the caller sanitises). */
export function describeChanges(changes: PolicyChanges, merged: Policy): string[] {
  return [
    ...changes.added.map((tool) => `new tool ${tool}: ${describeDecision(merged, tool)} (recommended)`),
    ...changes.removed.map((tool) => `tool ${tool} is gone from the server; its rule was kept`),
    ...changes.recategorised.map(({ tool, from, to }) => `tool ${tool} is now ${to} (was ${from}); its rule was kept as it was: review it`),
  ];
}
