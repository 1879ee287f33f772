import type { McpRiskError } from '../errors.js';

/**
 * The exit codes of every command (documented in the README):
 *  0 done, nothing at or above --fail-on;
 *  1 a tool at or above --fail-on;
 *  2 bad usage or unreadable input, or a run the environment stopped (store locked, disk full, no sandbox);
 *  3 a server could not be reached or failed the protocol (wins over 1: the scan is incomplete);
 *  70 an internal error: a bug of mcp-risk (sysexits EX_SOFTWARE), a typed `internal` error or any
 *     other thrown value (main.ts);
 *  130 a crawl interrupted by Ctrl-C (what finished is kept).
 */
export const EXIT = {
  ok: 0,
  failOn: 1,
  usage: 2,
  server: 3,
  internal: 70,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The exit code of a run a typed error ended, from what the error says happens next (the table in
 * errors.ts): `fix-input` → 2; `skip-server` → 3; `abort` → 2 when the environment stopped the run,
 * 70 when the error is `internal` (a bug).
 */
export function exitCodeFor(error: McpRiskError): ExitCode {
  switch (error.next) {
    case 'fix-input':
      return EXIT.usage;
    case 'skip-server':
      return EXIT.server;
    case 'abort':
      return error.internal ? EXIT.internal : EXIT.usage;
  }
}
