/** The native policy as 2-space-indented JSON, ending with a newline; reasons cleaned (clean-policy.ts). */
import type { Policy } from '../policy-model.js';
import { cleanPolicy } from './clean-policy.js';
import type { PolicyExport } from './policy-export.js';

export function toJson(policy: Policy): PolicyExport {
  return { text: `${JSON.stringify(cleanPolicy(policy), null, 2)}\n`, notes: [] };
}
