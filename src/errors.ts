/**
 * Typed errors. Each says what happens next:
 *  - `fix-input`: the user must change the command line or the input (exit 2);
 *  - `skip-server`: this server is recorded as failed and the run goes on (exit 3 at the end);
 *  - `abort`: the run cannot continue (exit 2 for usage-type causes, otherwise unknown → rethrown).
 *
 * Findings about tools are data (see model.ts), never errors.
 */

export type NextStep = 'fix-input' | 'skip-server' | 'abort';

export abstract class McpRiskError extends Error {
  abstract readonly next: NextStep;
  /** A stable machine-readable code, e.g. `usage`, `input-unreadable`, `server-timeout`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The command line is wrong: unknown option, bad value, missing target. Exit 2. */
export class UsageError extends McpRiskError {
  readonly next = 'fix-input' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super('usage', message, options);
  }
}

/** An input file (tool definitions, client config, ...) is missing or not in a shape we read. Exit 2. */
export class InputError extends McpRiskError {
  readonly next = 'fix-input' as const;
  constructor(code: 'input-unreadable' | 'input-invalid' | 'config-invalid', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export const SERVER_ERROR_CODES = [
  'spawn-failed',
  'server-exited',
  'server-timeout',
  'protocol-error',
  'connection-failed',
  'http-error',
  'output-limit',
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/** A server could not be reached or broke the protocol: skip it, record why, go on. Exit 3 at the end. */
export class ServerError extends McpRiskError {
  readonly next = 'skip-server' as const;
  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export function isMcpRiskError(error: unknown): error is McpRiskError {
  return error instanceof McpRiskError;
}

/** A short, single-line message for any thrown value (never a stack). */
export function errorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const line = raw.replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}
