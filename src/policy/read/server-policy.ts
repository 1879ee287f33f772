import type { Policy } from '../policy-model.js';

/** The native policy a policy file holds for one server (`server` unknown when the file does not say). */
export interface ServerPolicy {
  server: string | undefined;
  policy: Policy;
}
