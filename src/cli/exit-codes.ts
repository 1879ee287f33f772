/**
 * The exit codes of every command (documented in the README):
 *  0 done, nothing at or above --fail-on;
 *  1 a tool at or above --fail-on;
 *  2 bad usage or unreadable input;
 *  3 a server could not be reached or failed the protocol (wins over 1: the scan is incomplete);
 *  130 a crawl interrupted by Ctrl-C (what finished is kept).
 */
export const EXIT = {
  ok: 0,
  failOn: 1,
  usage: 2,
  server: 3,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
