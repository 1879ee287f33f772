import type { ConnectTarget } from '../connectors/connection.js';
import { truncateText } from '../hostile-text/bounded-text.js';

const MAX_LABEL_LENGTH = 1024;
const SECRET_FLAG = /(token|secret|passw(or)?d|api[-_]?key|access[-_]?key|auth|credential|private[-_]?key|bearer)/i;
const SECRET_VALUE =
  /^(sk|pk|rk)-[A-Za-z0-9_-]{16,}$|^gh[pousr]_[A-Za-z0-9]{20,}$|^xox[abpr]-[A-Za-z0-9-]{10,}$|^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;
const LAUNCHERS = new Set([
  'node',
  'nodejs',
  'npx',
  'bunx',
  'bun',
  'deno',
  'uvx',
  'uv',
  'python',
  'python3',
  'pipx',
  'docker',
  'sh',
  'bash',
  'cmd',
  'pnpm',
  'yarn',
]);
const REDACTED = '***';

/**
 * What we show as a server's target when the caller gave no label: the
 * command line, or the URL without credentials, query or fragment. Values
 * of secret-looking flags (`--api-key x`, `--token=x`) and values shaped
 * like well-known tokens are replaced by `***`. Environment variables and
 * headers are never part of it.
 */
export function describeTarget(target: ConnectTarget): string {
  if (target.kind === 'url') return describeUrlText(target.url);
  const words: string[] = [];
  let redactNext = false;
  for (const word of [target.command, ...target.args]) {
    if (redactNext && !word.startsWith('-')) {
      words.push(REDACTED);
      redactNext = false;
      continue;
    }
    redactNext = false;
    const flag = /^(--?[^=\s]+)=(.*)$/s.exec(word);
    if (flag?.[1] !== undefined && SECRET_FLAG.test(flag[1])) {
      words.push(`${flag[1]}=${REDACTED}`);
    } else if (SECRET_VALUE.test(word)) {
      words.push(REDACTED);
    } else if (/^https?:\/\//i.test(word)) {
      words.push(describeUrlText(word));
    } else {
      words.push(word);
      redactNext = word.startsWith('-') && SECRET_FLAG.test(word);
    }
  }
  return truncateText(words.map(quoteWord).join(' '), MAX_LABEL_LENGTH);
}

/** A name for a server that told us none (it failed before initialize): the package or script it runs, or the host. */
export function defaultServerName(target: ConnectTarget): string {
  if (target.kind === 'url') {
    try {
      return new URL(target.url).host || 'server';
    } catch {
      return 'server';
    }
  }
  const command = baseName(target.command);
  if (!LAUNCHERS.has(command.replace(/\.(exe|cmd)$/i, '').toLowerCase())) return truncateText(command, 256) || 'server';
  const subject = target.args.find((arg) => !arg.startsWith('-') && arg !== 'run' && arg !== 'exec' && arg !== 'x');
  if (subject === undefined) return command || 'server';
  const base = subject.startsWith('@') ? subject : baseName(subject);
  const name = base.replace(/(.)@[^@/]*$/, '$1').replace(/\.(m?js|cjs|ts|py)$/, '');
  return truncateText(name, 256) || 'server';
}

function describeUrlText(text: string): string {
  try {
    const url = new URL(text);
    return truncateText(`${url.origin}${url.pathname}`, MAX_LABEL_LENGTH);
  } catch {
    return '<invalid URL>';
  }
}

function baseName(path: string): string {
  return (
    path
      .split(/[\\/]/)
      .filter((part) => part.length > 0)
      .at(-1) ?? path
  );
}

function quoteWord(word: string): string {
  return word === '' || /[\s"'\\]/.test(word) ? JSON.stringify(word) : word;
}
