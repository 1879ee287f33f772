/**
 * Typed errors. Each says what happens next (`next`), and the runners obey it:
 *  - `fix-input`: the user must change the command line or the input. A command exits 2. In a
 *    crawl, an error thrown for one entry fails that entry only (an entry of a list or a registry is
 *    input to its own server, nobody else's): it is recorded as failed and the crawl goes on. A
 *    source that cannot be read at all is input to the whole run: the crawl stops before it starts.
 *  - `skip-server`: this server is recorded as failed and the run goes on. A scan exits 3 at the end;
 *    a crawl records it and exits 0.
 *  - `abort`: the run cannot go on (store locked, disk full, no usable sandbox, a component used
 *    the wrong way). A crawl stops taking servers, keeps every record it finished, and the command
 *    exits 2 when the cause is the environment, or 70 when it is a bug of mcp-risk (`internal`).
 *
 * Every typed error, with its next step and exit code (cli/exit-codes.ts `exitCodeFor` decides):
 *
 *   UsageError            usage                                fix-input    2
 *   InputError            input-unreadable, input-invalid,     fix-input    2
 *                         config-invalid
 *   ServerError           spawn-failed, server-exited, ...     skip-server  3
 *   InstallError          package-not-found, install-failed,   skip-server  3
 *                         no-bin, integrity-mismatch
 *   SandboxError          sandbox-unavailable                  abort        2
 *   DiskFullError         disk-full                            abort        2
 *   StoreLockedError      store-locked                         abort        2
 *   StoreUseError         store-read-only, store-closed,       abort        70 (internal)
 *                         store-record-invalid, store-option-invalid
 *
 * Any other thrown value is a bug: `main` prints one line and exits 70. Findings about tools are
 * data (see model.ts), never errors.
 */

export type NextStep = 'fix-input' | 'skip-server' | 'abort';

export abstract class McpRiskError extends Error {
  abstract readonly next: NextStep;
  /**
   * Whether the cause is a bug of mcp-risk's own code (a component used the wrong way), not the
   * input or the environment. Only `abort` errors are internal; they exit 70 instead of 2.
   */
  readonly internal: boolean = false;
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
