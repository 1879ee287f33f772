/** The native policy as 2-space-indented JSON, ending with a newline. */
import type { Policy } from '../policy-model.js';
import type { PolicyExport } from './policy-export.js';

export function toJson(policy: Policy): PolicyExport {
  return { text: `${JSON.stringify(policy, null, 2)}\n`, notes: [] };
}
