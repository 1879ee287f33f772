/**
 * What the crawler captured about a server that did not list its tools: the input of
 * failureCause (failure-cause.ts). Every text here came from the server, its package or the
 * registry: hostile, possibly huge, never evaluated.
 */

export interface FailureCapture {
  /** The crawler's error code: an install code (`install-failed`, `package-not-found`, `no-bin`, …), `server-exited`, `server-timeout`, `protocol-error`, `needs-config`, … */
  code?: string;
  /** The crawler's one-line message (for installs: the registry's reason). */
  message?: string;
  /** How the server process ended, when it did. */
  exit?: { code: number | null; signal: string | null } | null;
  /** The end of its stderr (or only the line the crawler kept of it). */
  stderr?: string;
  /** What it wrote on stdout that is not JSON-RPC. */
  stdout?: string;
  /** The file the crawler started (its name is enough) and its first line, when it starts with `#!`. */
  bin?: { file?: string; shebang?: string };
  /** The package's `engines.node` range, when it declares one. */
  engines?: string;
  /** The Node.js version that ran it (`v20.20.2`). */
  nodeVersion?: string;
}

const INSTALL_CODES = new Set(['package-not-found', 'install-failed', 'integrity-mismatch', 'no-bin']);
/** `server exited with code 1 …`, `server was killed by SIGKILL …` (stdio-connection.ts). */
const EXIT = /\bserver (?:exited with code (-?\d+|null)|was killed by (SIG[A-Z0-9]+))/;
/** ` (stderr: <the telling line>)` at the end of a message (its closing parenthesis lost when the message was cut). */
const STDERR = /\(stderr: ([^\n]*?)\)?\s*$/;
/** A needs-config reason ends with the line it judged, quoted: `needs … ("<line>")`, `(it printed its usage: "<line>")`. */
const QUOTED_LINE = /("(?:[^"\\\n]|\\.)*")\)\s*$/;
/** `… lines to stdout that are not JSON-RPC (first: <line>) and …`. */
const STDOUT = /not JSON-RPC \(first: ([^\n]*?)\)(?: and |\s*$)/;

/**
 * A capture from what a catalogue record keeps of a failure (its error's code and message, the
 * messages stdio-connection.ts and the installer write). Parses only our own wording.
 */
export function captureFromError(
  error: { code: string; message: string },
  extra: Omit<FailureCapture, 'code' | 'message'> = {},
): FailureCapture {
  const message = error.message.slice(0, 8192);
  const capture: FailureCapture = { code: error.code, message, ...extra };
  if (INSTALL_CODES.has(error.code)) return capture;
  const said = error.code === 'needs-config' ? quotedLine(message) : message;
  if (said !== message && !STDERR.test(said) && capture.stderr === undefined) capture.stderr = said;
  const exit = EXIT.exec(said);
  if (exit !== null && capture.exit === undefined) {
    capture.exit =
      exit[2] !== undefined ? { code: null, signal: exit[2] } : { code: exit[1] === 'null' ? null : Number(exit[1]), signal: null };
  }
  const stderr = STDERR.exec(said);
  if (stderr !== null && capture.stderr === undefined) capture.stderr = stderr[1] as string;
  const stdout = STDOUT.exec(said);
  if (stdout !== null && capture.stdout === undefined) capture.stdout = stdout[1] as string;
  return capture;
}

/** The line a needs-config reason quotes (itself perhaps one of our messages), or the message when it quotes none. */
function quotedLine(message: string): string {
  const quoted = QUOTED_LINE.exec(message);
  if (quoted === null) return message;
  try {
    const line: unknown = JSON.parse(quoted[1] as string);
    return typeof line === 'string' ? line : message;
  } catch {
    return message;
  }
}
