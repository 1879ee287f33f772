/**
 * Telling "this server needs configuration we do not have" apart from "this
 * server is broken": a crawl records the first as `needs-config`, not as a
 * failure. Deliberately conservative: a line counts only when it both
 * complains (is required, must be set, missing, not set, please set, ...)
 * and names something configurable (an environment variable, an API key or
 * token, an argument or option, a config file), or when the server printed
 * its usage. Anything else stays a failure.
 */
import type { RequiredSetting } from '../../crawl-entry.js';
import { excerptLine } from '../../hostile-text/terminal-text.js';

/** How a server process ended, when it did. */
export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

/** The most text examined: the end of a stderr tail. */
const MAX_TEXT = 8192;
const MAX_LINE = 500;

/** A complaint about something absent or unusable. */
const COMPLAINT = new RegExp(
  [
    String.raw`\b(?:is|are) (?:required|not set|missing|not configured|not defined|not provided|undefined|empty|unset)\b`,
    String.raw`\bmust (?:be )?(?:set|provided|specified|defined|configured|supplied|given)\b`,
    String.raw`\bmissing\b`,
    String.raw`\bnot (?:set|configured|provided|specified|found)\b`,
    String.raw`\bplease (?:set|provide|specify|configure|supply|add|define|export)\b`,
    String.raw`\brequired\b`,
    String.raw`\bno (?:api[ _-]?key|token|credentials?|config(?:uration)?(?: file)?|secret)\b`,
    String.raw`\b(?:invalid|incorrect|bad) (?:api[ _-]?key|token|credentials)\b`,
    String.raw`\binvalid environment variables?\b`,
    String.raw`\beither set\b`,
    String.raw`\b(?:cannot|can't|could not|unable to) find\b`,
  ].join('|'),
  'i',
);
/** An environment variable name: UPPER_SNAKE_CASE with at least one underscore. */
const ENV_NAME = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
/** Node's own error codes and errno names look like variables but are not. */
const NOT_ENV = /^(?:ERR_|E[A-Z]+$|SIG[A-Z]+$)/;
const MENTIONS_ENV = /\benv(?:ironment)?(?:\s+|_)?(?:variables?|vars?)\b|\benv\b|\bprocess\.env\b|\bos\.environ\b/i;
const MENTIONS_SECRET =
  /\b(?:api[ _-]?keys?|access[ _-]?tokens?|auth(?:entication)?[ _-]?tokens?|tokens?|credentials?|secrets?|passwords?|oauth|keys? files?)\b/i;
/** An argument or option is what is missing: `missing required argument`, `required option '--x'`, `argument <dir> is required`. */
const ARGUMENT_COMPLAINT =
  /\b(?:missing|required)\b[^.]{0,30}\b(?:arguments?|options?|parameters?|flags?|(?:sub)?commands?)\b|\b(?:arguments?|options?|parameters?|flags?)\b[^.]{0,40}\b(?:is|are) (?:required|missing)\b|\b(?:provide|pass|give|specify)\b[^.]{0,60}\b(?:command[- ]line )?arguments?\b/i;
const MENTIONS_CONFIG = /\bconfig(?:uration)?(?: files?)?\b|\bsettings\b/i;
/** A command-line flag named in the line. */
const FLAG = /(?:^|[\s'"`(])(--[a-z][\w-]*)/i;
/** A usage text: at the start of a line, or as the stderr a failure message quotes. */
const USAGE = /(?:^|\(stderr: |\]\s)\s*usage:\s*\S/i;
/** Python: os.environ['NAME'] failing, or pydantic settings validation. */
const PYTHON_KEY_ERROR = /\bKeyError: '([A-Z][A-Z0-9_]{2,})'/;
const SETTINGS_VALIDATION = /\bvalidation errors? for \w*(?:settings|config)\w*\b/i;
/** Lines that never mean "needs configuration": warnings the server went on after, and syntax errors. */
const NOT_A_REFUSAL =
  /^\s*(?:\[?warn(?:ing)?\]?\b|\(node:\d+\) warning)|\bSyntaxError\b|\busing (?:the )?default\b|\bfalling back\b|\bcontinuing without\b/i;
/** Signals our own limits send: the server was stopped, it did not refuse to start. */
const LIMIT_SIGNALS = new Set(['SIGKILL', 'SIGXCPU', 'SIGTERM']);

/** What a server said it lacks: the kind of setting, the names found (at most three), the line, and the reason as words. */
export interface NeedsConfigFinding {
  kind: 'usage' | 'env' | 'argument' | 'secret' | 'config';
  /** Environment variables or flags the line names, in order (empty when it names none). */
  names: string[];
  /** The line that says it, bounded and made printable. */
  line: string;
  reason: string;
}

/**
 * One line saying what configuration a server lacks, judging from the end
 * of its stderr (or a failure message quoting it), or null when nothing
 * shows it needs configuration. A server stopped by a signal (our timeout or
 * resource limits) is not judged.
 */
export function needsConfigReason(stderrTail: string, exit?: ExitInfo | null): string | null {
  return needsConfigFinding(stderrTail, exit)?.reason ?? null;
}

/** The same judgement as needsConfigReason, with what was found in parts. */
export function needsConfigFinding(stderrTail: string, exit?: ExitInfo | null): NeedsConfigFinding | null {
  if (exit?.signal !== null && exit?.signal !== undefined && LIMIT_SIGNALS.has(exit.signal)) return null;
  const text = stderrTail.length > MAX_TEXT ? stderrTail.slice(-MAX_TEXT) : stderrTail;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    const finding = judgeLine(line);
    if (finding !== null) return finding;
  }
  return null;
}

function judgeLine(line: string): NeedsConfigFinding | null {
  if (NOT_A_REFUSAL.test(line)) return null;
  const excerpt = excerptLine(line, 160);
  const quoted = JSON.stringify(excerpt);
  const found = (kind: NeedsConfigFinding['kind'], names: string[], reason: string): NeedsConfigFinding => ({
    kind,
    names,
    line: excerpt,
    reason,
  });
  if (USAGE.test(line)) return found('usage', [], `needs command-line arguments (it printed its usage: ${quoted})`);
  const keyError = PYTHON_KEY_ERROR.exec(line);
  if (keyError !== null) return found('env', [keyError[1] as string], `needs environment variable ${keyError[1] as string} (${quoted})`);
  if (SETTINGS_VALIDATION.test(line)) return found('config', [], `needs configuration settings (${quoted})`);
  if (!COMPLAINT.test(line)) return null;
  const variables = envNames(line);
  if (variables.length > 0 && (MENTIONS_ENV.test(line) || MENTIONS_SECRET.test(line) || variables.some(isAlone(line)))) {
    return found('env', variables, `needs environment variable${variables.length > 1 ? 's' : ''} ${variables.join(', ')} (${quoted})`);
  }
  const flag = FLAG.exec(line);
  if (flag !== null && /\b(?:arguments?|options?|parameters?|flags?)\b/i.test(line))
    return found('argument', [flag[1] as string], `needs argument ${flag[1] as string} (${quoted})`);
  if (ARGUMENT_COMPLAINT.test(line)) return found('argument', [], `needs a command-line argument (${quoted})`);
  if (MENTIONS_ENV.test(line)) return found('env', [], `needs an environment variable (${quoted})`);
  if (MENTIONS_SECRET.test(line)) return found('secret', [], `needs an API key or token (${quoted})`);
  if (MENTIONS_CONFIG.test(line)) return found('config', [], `needs a configuration file or settings (${quoted})`);
  return null;
}

/** Environment-variable-like names in a line (at most three; Node error codes and errno names left out). */
export function envNames(line: string): string[] {
  const names = new Set<string>();
  for (const match of line.matchAll(ENV_NAME)) {
    if (!NOT_ENV.test(match[0])) names.add(match[0]);
    if (names.size === 3) break;
  }
  return [...names];
}

/** The name is the subject of the complaint itself: `FOO_BAR is required`, `FOO_BAR must be set`, `Missing FOO_BAR`. */
function isAlone(line: string): (name: string) => boolean {
  return (name) =>
    new RegExp(String.raw`\b${name}\b['"\x60]?\s*(?:is|are|must|not|was)\b`).test(line) ||
    new RegExp(String.raw`\b(?:missing|required|set|provide|specify|define)\b[:\s'"\x60]*${name}\b`, 'i').test(line);
}

/**
 * A placeholder for a secret a registry entry declares, so a server that
 * only checks the variable is present can start and list its tools: a URL
 * that leads nowhere (the discard port on loopback) for URL-like names,
 * loopback for hosts, the discard port for ports, otherwise
 * `mcp-risk-dummy-<name in lower case>`.
 */
export function dummyValueFor(setting: RequiredSetting): string {
  const name = setting.name.toUpperCase();
  if (/(?:^|_)(?:URL|URI|ENDPOINT|BASE_URL|WEBHOOK)(?:_|$)/.test(name)) return 'http://127.0.0.1:9/';
  if (/(?:^|_)(?:HOST|HOSTNAME)$/.test(name)) return '127.0.0.1';
  if (/(?:^|_)PORT$/.test(name)) return '9';
  const slug = setting.name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return `mcp-risk-dummy-${slug.length > 0 ? slug : 'value'}`;
}
