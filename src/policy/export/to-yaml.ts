/** The native policy as YAML: the same data as the JSON form (reasons cleaned), produced by the `yaml` library. */
import { Document } from 'yaml';
import type { Policy } from '../policy-model.js';
import { cleanPolicy } from './clean-policy.js';
import type { PolicyExport } from './policy-export.js';

export function toYaml(policy: Policy): PolicyExport {
  const doc = new Document(cleanPolicy(policy));
  doc.commentBefore = ' mcp-risk policy, format version 1 (schemas/policy.schema.json in the mcp-risk package)';
  return { text: doc.toString({ lineWidth: 0 }), notes: [] };
}
