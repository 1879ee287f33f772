/**
 * Why a server did not list its tools, in one named cause with its evidence: read from what the
 * crawler captured (exit, the stderr tail, stdout noise, the install error, the bin and its
 * engines). The telling line is looked for everywhere in the text, not only in its last line:
 * a Node crash ends with `Node.js v20…`, the line that matters (`X and Y must be set`,
 * `Could not locate the bindings file`, `Unknown command`) is further up.
 *
 * Pure: it reads only its argument. All of it is hostile text, so the work is bounded (the last
 * 8 KB, lines of 500 characters) and so is what is kept (evidence 200 characters, names 64).
 * "unknown" is what is left when nothing matched: a cause to drive to near zero.
 */
import { tellingLine } from '../connectors/telling-line.js';
import { excerptLine, sanitizeTerminalText } from '../hostile-text/terminal-text.js';
import type { FailureCapture } from './failure/capture.js';
import { envNames } from './sandbox/needs-config.js';
import { lineMatching, runtimeOfBin, runtimeOfFailure } from './failure/runtime.js';
import { settingNeed, type SettingKind } from './failure/settings.js';

export type { FailureCapture } from './failure/capture.js';
export { captureFromError } from './failure/capture.js';

export const FAILURE_CAUSES = [
  'not-a-server',
  'needs-setting',
  'needs-runtime',
  'needs-native-build',
  'needs-network',
  'listens-on-http',
  'install-failed',
  'crashed',
  'timed-out',
  'protocol-noise',
  'unknown',
] as const;
export type FailureCauseName = (typeof FAILURE_CAUSES)[number];

export interface FailureCause {
  cause: FailureCauseName;
  /** The line (or fact) that shows it: printable, at most 200 characters. */
  evidence: string;
  /** needs-setting: what kind of setting. */
  setting?: SettingKind;
  /**
   * What was named: environment variables, arguments, setup commands, files, services
   * (needs-setting); the runtime (needs-runtime); hosts (needs-network); the URL
   * (listens-on-http). At most five, 64 characters each.
   */
  names: string[];
}

const MAX_TEXT = 8192;
const MAX_LINE = 500;
const MAX_EVIDENCE = 200;
const MAX_NAME = 64;
const MAX_NAMES = 5;

const INSTALL_CODES = new Set(['package-not-found', 'install-failed', 'integrity-mismatch']);
/** A native addon that was never built (install scripts are disabled) or built for another Node. */
const NATIVE_BUILD =
  /\bCould not locate the bindings file\b|\bwas compiled against a different Node\.js version\b|\bNODE_MODULE_VERSION \d+\b|\bNo native build was found\b|\bnode-gyp\b|Cannot find module '[^'\n]*\/build\/(?:Release|Debug)\/|\bprebuild(?:s|-install)?\b[^\n]*\b(?:not found|missing|failed)\b|\.node: (?:cannot open shared object|invalid ELF)/i;
/** A host it could not reach (the sandbox has no network). */
const NETWORK =
  /\b(?:ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ETIMEDOUT|ECONNREFUSED)\b|\bgetaddrinfo\b|\bfetch failed\b|\bsocket hang up\b|\bnetwork is unreachable\b/i;
const NETWORK_HOST = /\b(?:ENOTFOUND|EAI_AGAIN|getaddrinfo \w+|connect \w+)\s+([a-z0-9][\w.-]{0,200}\.[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})/i;
/** It started an HTTP server on this machine instead of speaking on stdio (a URL elsewhere is documentation, not a listener). */
const LISTENING =
  /\b(?:listening|running|started|serving|available|ready)\b[^\n]{0,60}?\b(?:on|at)\b[^\n]{0,20}?(https?:\/\/(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|\[::1?\])(?::\d{2,5})?[^\s'")\]]*)|\b(?:listening|running|serving|started)\b[^\n]{0,40}?\bport\s*:?\s*(\d{2,5})\b/i;
const NOT_JSON_RPC = /\bnot JSON-RPC\b/;

/** The named cause of a failure, with its evidence. */
export function failureCause(capture: FailureCapture): FailureCause {
  const code = capture.code ?? '';
  const message = bounded(capture.message ?? '');
  const stderr = bounded(capture.stderr ?? '');
  const stdout = bounded(capture.stdout ?? '');
  // What the server itself said, stderr first; then our message (it may quote a registry's or a server's words).
  const said = [stderr, stdout].filter((text) => text.length > 0).join('\n');
  const everything = [said, message].filter((text) => text.length > 0).join('\n');

  if (INSTALL_CODES.has(code)) return cause('install-failed', message, [installReason(code, message)]);
  if (code === 'no-bin') return cause('not-a-server', message);

  const bin = runtimeOfBin(capture.bin);
  if (bin !== null) return cause('needs-runtime', bin.evidence, [bin.runtime]);

  const native = lineMatching(everything, NATIVE_BUILD);
  if (native !== null) return cause('needs-native-build', native);

  const listening = LISTENING.exec(said);
  if (listening !== null) {
    const where = listening[1] ?? `port ${listening[2] as string}`;
    return cause('listens-on-http', lineMatching(said, LISTENING) ?? listening[0], [where]);
  }

  if (code === 'needs-config') {
    // The crawler judged it already (needs-config.ts, or the registry's declared settings): read
    // what the server said for the names and the line, and keep the crawler's kind when that says nothing.
    const need = settingNeed(said, capture.exit);
    const names = need !== null && need.names.length > 0 ? need.names : envNames(message);
    const evidence = need?.evidence ?? (tellingLine(said) || message);
    return { ...cause('needs-setting', evidence, names), setting: need?.kind ?? judgedSetting(message) };
  }
  const setting = settingNeed(everything, capture.exit);
  if (setting !== null) return { ...cause('needs-setting', setting.evidence, setting.names), setting: setting.kind };

  const network = lineMatching(everything, NETWORK);
  if (network !== null) {
    const host = NETWORK_HOST.exec(network)?.[1];
    return cause('needs-network', network, host !== undefined ? [host] : []);
  }

  const runtime = runtimeOfFailure(everything, capture.engines, capture.nodeVersion);
  if (runtime !== null && code !== 'server-timeout') return cause('needs-runtime', runtime.evidence, [runtime.runtime]);

  if (code === 'protocol-error' && (NOT_JSON_RPC.test(message) || stdout.length > 0)) {
    return cause('protocol-noise', stdout.length > 0 ? stdout : message);
  }
  if (code === 'server-timeout' || capture.exit?.signal === 'SIGKILL' || capture.exit?.signal === 'SIGXCPU') {
    return cause('timed-out', tellingLine(said) || message);
  }
  const telling = tellingLine(said);
  if (capture.exit?.code === 0 && capture.exit.signal === null) {
    return cause(
      'not-a-server',
      telling.length > 0 ? `exited with code 0 at once: ${telling}` : 'exited with code 0 at once, without speaking MCP',
    );
  }
  if (capture.exit !== undefined && capture.exit !== null) {
    return cause('crashed', telling.length > 0 ? telling : message);
  }
  if (code === 'protocol-error') return cause('protocol-noise', message);
  if (code === 'spawn-failed') return cause('crashed', message);
  return cause('unknown', telling.length > 0 ? telling : message);
}

/** The kind of setting a needs-config reason (needs-config.ts, run-server.ts) names. */
function judgedSetting(reason: string): SettingKind {
  if (/^needs (?:a )?command-line arguments?\b|^needs argument\b/.test(reason)) return 'argument';
  if (/^needs (?:an )?environment variables?\b|^needs an API key or token\b/.test(reason)) return 'env';
  return 'setting';
}

/** The registry's or npm's reason in a word: `E404`, `ETARGET`, `time limit`, `size limit`, `not found`, `integrity`. */
function installReason(code: string, message: string): string {
  const npmCode = /\bcode (E[A-Z0-9_]{2,30})\b/.exec(message)?.[1];
  if (npmCode !== undefined) return npmCode;
  if (code === 'package-not-found') return 'not found';
  if (code === 'integrity-mismatch') return 'integrity';
  if (/\btook longer than\b|\btimed? ?out\b/i.test(message)) return 'time limit';
  if (/\b(?:larger|bigger) than\b|\btoo (?:large|big)\b|\bbytes, more than\b/i.test(message)) return 'size limit';
  return 'install failed';
}

function cause(name: FailureCauseName, evidence: string, names: readonly string[] = []): FailureCause {
  return {
    cause: name,
    evidence: excerptLine(evidence, MAX_EVIDENCE),
    names: names.slice(0, MAX_NAMES).map((n) => excerptLine(n, MAX_NAME)),
  };
}

/**
 * The end of a text, every line cut short, made printable, without the source lines Node quotes
 * above a caret (`throw new Error("X must be set")` is code, not what the server said).
 */
function bounded(text: string): string {
  const tail = text.length > MAX_TEXT ? text.slice(-MAX_TEXT) : text;
  const lines = sanitizeTerminalText(tail).split('\n');
  return lines
    .filter((_, index) => !/^\s*\^+\s*$/.test(lines[index + 1] ?? ''))
    .map((line) => (line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line))
    .join('\n');
}
