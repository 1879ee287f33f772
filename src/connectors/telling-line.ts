/**
 * The line of a server's stderr that says what went wrong. A Node.js crash prints the source line,
 * a caret, a blank line, `Error: …`, the stack, the error's properties and `Node.js v20.x` last;
 * the last line is the least telling one. This picks the thrown error's message (`Error: …`,
 * `TypeError: …`, `Error [ERR_MODULE_NOT_FOUND]: Cannot find package …`, a Python exception) or a
 * line that says something is missing, must be set or is required; failing that, the last line
 * that is not stack-trace noise. The text must already be sanitised (see terminal-text.ts).
 */
import { shortenText } from '../hostile-text/bounded-text.js';

/** `Error: …`, `TypeError: …`, `Error [ERR_X]: …`, `ModuleNotFoundError: …`, `ConfigException: …`. */
const ERROR_LINE = /^(?:Uncaught\s+)?[A-Za-z_$][\w$.]*(?:Error|Exception)(?:\s*\[[^\]]{1,80}\])?:\s+\S/;
/** Words of a message that says what is missing. */
const HINT_LINE =
  /\b(?:must be (?:set|provided|specified|defined)|(?:is|are) (?:required|missing|not set|not defined)|missing|not set|cannot find (?:module|package)|no such file|fatal)\b/i;
/** Lines of a stack trace and of Node's crash report that never say what went wrong. */
const NOISE = [
  /^Node\.js v\d/, // the version Node prints last
  /^at\s/, // stack frames
  /^\^+$/, // the caret under the source line
  /^(?:file|node):\S*:\d+$/, // where the throw was
  /^Require stack:$/,
  /^- /, // the require stack's files
  /^[{}[\]](?:,)?$/,
  /^[\w$]+: (?:'|"|\d|\[|\{|true|false|null|undefined)/, // the error's own properties, as Node prints them
  /^Traceback \(most recent call last\):$/,
  /^File ".*", line \d+/, // Python frames
];

/** The telling line of `text`, trimmed and cut to `maxLength` characters; '' when there is none. */
export function tellingLine(text: string, maxLength = 200): string {
  const lines = text.split('\n').map((line) => line.trim());
  let telling: string | undefined;
  let lastPlain: string | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').replace(/^\[cause\]:\s*/, '');
    if (line === '' || NOISE.some((pattern) => pattern.test(line))) continue;
    // The source line Node quotes above the caret: code, not a message (it may well say "required").
    if (/^\^+$/.test(lines[index + 1] ?? '')) continue;
    if (ERROR_LINE.test(line) || HINT_LINE.test(line)) telling = line;
    else lastPlain = line;
  }
  const chosen = telling ?? lastPlain ?? '';
  return shortenText(chosen, maxLength);
}
