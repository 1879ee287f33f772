import { McpRiskError } from '../errors.js';

export const INSTALL_ERROR_CODES = ['package-not-found', 'install-failed', 'no-bin', 'integrity-mismatch'] as const;
export type InstallErrorCode = (typeof INSTALL_ERROR_CODES)[number];

/**
 * An npm package could not be installed or has nothing to run: this server is
 * recorded as failed (with the code) and the crawl goes on (`skip-server`;
 * exit 3 should one reach a command).
 */
export class InstallError extends McpRiskError {
  readonly next = 'skip-server' as const;
  declare readonly code: InstallErrorCode;
  constructor(code: InstallErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
