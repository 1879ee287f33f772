/**
 * A scanned server and a profile → the recommended policy: `default: "deny"`, every tool of the
 * server either hidden or given an explicit rule, every rule with a reason that quotes the
 * evidence, and the category each tool had (so a later merge sees what changed).
 *
 * The reasons quote what a server wrote and stay raw here, only bounded in size: whoever writes or
 * shows the policy cleans them (the exporters do, through export/clean-policy.ts).
 */
import type { ServerReport } from '../model.js';
import { truncate } from '../hostile-text/sanitize.js';
import { POLICY_VERSION, recordOf, type HiddenToolNote, type Policy, type PolicyRule, type ProfileName } from './policy-model.js';
import { recommendForProfile } from './profiles.js';

/** Reasons are bounded to this many code points (raw here, and once cleaned when written). */
export const REASON_MAX_LENGTH = 1000;
const SERVER_NAME_MAX_LENGTH = 256;

export interface GenerateOptions {
  profile: ProfileName;
  /** Who wrote the policy, e.g. "mcp-risk 0.1.0". */
  generator: string;
  /** The server's name in the policy (default: the report's). */
  serverName?: string;
}

export function generatePolicy(server: ServerReport, options: GenerateOptions): Policy {
  const hide: string[] = [];
  const hidden: [string, HiddenToolNote][] = [];
  const rules: [string, PolicyRule][] = [];
  for (const tool of server.tools) {
    const recommendation = recommendForProfile(tool, options.profile);
    const reason = truncate(recommendation.reason, REASON_MAX_LENGTH);
    if (recommendation.decision === 'hide') {
      hide.push(tool.name);
      hidden.push([tool.name, { category: tool.category, reason }]);
      continue;
    }
    const rule: PolicyRule = { action: recommendation.decision };
    if (recommendation.rate_limit !== undefined && recommendation.decision !== 'deny') rule.rate_limit = { ...recommendation.rate_limit };
    rule.reason = reason;
    rule.category = tool.category;
    rules.push([tool.name, rule]);
  }
  return {
    version: POLICY_VERSION,
    default: 'deny',
    hide,
    tools: recordOf(rules),
    metadata: {
      server: truncate(options.serverName ?? server.name, SERVER_NAME_MAX_LENGTH),
      generator: options.generator,
      profile: options.profile,
      hidden: recordOf(hidden),
    },
  };
}
