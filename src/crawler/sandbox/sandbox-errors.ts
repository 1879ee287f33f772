import { McpRiskError } from '../../errors.js';

/**
 * No way to isolate a crawled server here (neither bubblewrap nor unshare
 * works) and the user did not pass --allow-unsandboxed. Running untrusted
 * code unconfined is the user's call: they must change the command line.
 */
export class SandboxError extends McpRiskError {
  readonly next = 'fix-input' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super('sandbox-unavailable', message, options);
  }
}
