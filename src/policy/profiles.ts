/**
 * Profiles: how cautious the generated policy is.
 *
 * | category     | strict           | balanced (default)        | permissive |
 * |--------------|------------------|---------------------------|------------|
 * | read         | allow            | allow                     | allow      |
 * | write        | require_approval | allow, 30 calls / 60 s    | allow      |
 * | execute      | deny             | allow, 10 calls / 60 s    | allow      |
 * | destructive  | hide             | hide                      | hide       |
 * | financial    | hide             | require_approval          | hide       |
 *
 * Balanced is the classifier's own recommendation, reason included. A tool whose definition
 * carries instructions to the model (a `prompt-injection` finding) is hidden in every profile;
 * one whose definition had to be cut (an `oversized-definition` finding) is never allowed in any
 * profile: what would be allowed needs a person's approval instead.
 */
import { CATEGORY_LABEL, CUT_DEFINITION_SAYS, explainEvidence } from '../classifier/recommend.js';
import type { Category, ClassifiedTool, RateLimit } from '../model.js';
import type { ProfileName, ToolDecision } from './policy-model.js';

export interface ToolRecommendation {
  decision: ToolDecision;
  rate_limit?: RateLimit;
  /** Why, quoting the evidence. */
  reason: string;
}

interface ProfileRule {
  decision: ToolDecision;
  /** The sentence that ends the reason. */
  says: string;
}

const HIDDEN_DESTRUCTIVE: ProfileRule = {
  decision: 'hide',
  says: 'Destroys data or work that cannot be recovered; hidden from the agent.',
};
const READ_ALLOWED: ProfileRule = { decision: 'allow', says: 'Reads only; allowed.' };

/** The profiles other than balanced (which is the classifier's recommendation). */
const PROFILE_RULES: Record<Exclude<ProfileName, 'balanced'>, Record<Category, ProfileRule>> = {
  strict: {
    read: READ_ALLOWED,
    write: { decision: 'require_approval', says: "Changes data; every call needs a person's approval (strict profile)." },
    execute: { decision: 'deny', says: 'Runs code or jobs; denied (strict profile).' },
    destructive: HIDDEN_DESTRUCTIVE,
    financial: { decision: 'hide', says: 'Moves money; hidden from the agent (strict profile).' },
  },
  permissive: {
    read: READ_ALLOWED,
    write: { decision: 'allow', says: 'Changes data; allowed without a limit (permissive profile).' },
    execute: { decision: 'allow', says: 'Runs code or jobs; allowed without a limit (permissive profile).' },
    destructive: HIDDEN_DESTRUCTIVE,
    financial: { decision: 'hide', says: 'Moves money; hidden from the agent (permissive profile).' },
  },
};

function whyPrefix(tool: ClassifiedTool): string {
  const evidence = explainEvidence(tool.evidence);
  return `${CATEGORY_LABEL[tool.category]}, ${tool.severity}: ${evidence === '' ? 'no specific evidence' : evidence}`;
}

function fromClassifier(tool: ClassifiedTool): ToolRecommendation {
  const { action, rate_limit: rateLimit, reason } = tool.recommendation;
  switch (action) {
    case 'allow':
    case 'deny':
    case 'require_approval':
    case 'hide':
      return { decision: action, reason };
    case 'rate_limit':
      return rateLimit !== undefined ? { decision: 'allow', rate_limit: { ...rateLimit }, reason } : { decision: 'allow', reason };
  }
}

/** What `profile` decides for one classified tool, and why. */
export function recommendForProfile(tool: ClassifiedTool, profile: ProfileName): ToolRecommendation {
  const recommendation = profileRecommendation(tool, profile);
  if (recommendation.decision === 'allow' && tool.findings.some((finding) => finding.kind === 'oversized-definition')) {
    return { decision: 'require_approval', reason: `${whyPrefix(tool)}. ${CUT_DEFINITION_SAYS}` };
  }
  return recommendation;
}

function profileRecommendation(tool: ClassifiedTool, profile: ProfileName): ToolRecommendation {
  if (profile === 'balanced') return fromClassifier(tool);
  const injection = tool.findings.find((finding) => finding.kind === 'prompt-injection');
  if (injection !== undefined) {
    return {
      decision: 'hide',
      reason: `${whyPrefix(tool)}. Its definition carries instructions to the model (${injection.message}); hidden so the agent never reads it.`,
    };
  }
  const rule = PROFILE_RULES[profile][tool.category];
  return { decision: rule.decision, reason: `${whyPrefix(tool)}. ${rule.says}` };
}
