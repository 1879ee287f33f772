import { McpRiskError } from '../../errors.js';

/**
 * No way to isolate a crawled server here (neither bubblewrap nor unshare
 * works) and the user did not pass --allow-unsandboxed. Running untrusted
 * code unconfined is the user's call (they fix the machine or the command
 * line), but no server of this run could start: the crawl stops (`abort`),
 * keeping what it finished, and the command exits 2.
 */
export class SandboxError extends McpRiskError {
  readonly next = 'abort' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super('sandbox-unavailable', message, options);
  }
}
