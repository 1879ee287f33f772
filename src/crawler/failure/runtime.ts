/**
 * Does a server need another runtime than the Node.js that ran it: a shell, Python, Bun or Deno
 * script, a TypeScript bin, a newer Node (its `engines`, a built-in module ours lacks)? Judged
 * from the bin's name and `#!` line first, then from what it printed.
 */

export interface RuntimeNeed {
  /** `typescript`, `shell`, `python`, `bun`, `deno`, or `node >=22` (the Node it asks for). */
  runtime: string;
  evidence: string;
}

const BY_EXTENSION: readonly [RegExp, string][] = [
  [/\.(?:[cm]?ts|tsx)$/i, 'typescript'],
  [/\.(?:sh|bash|zsh)$/i, 'shell'],
  [/\.py$/i, 'python'],
];
const BY_SHEBANG: readonly [RegExp, string][] = [
  [/\b(?:tsx|ts-node(?:-esm)?)\b/, 'typescript'],
  [/\b(?:ba|z|da|k)?sh\b/, 'shell'],
  [/\bpython[\d.]*\b/, 'python'],
  [/\bbun\b/, 'bun'],
  [/\bdeno\b/, 'deno'],
];
const IN_STDERR: readonly [RegExp, string][] = [
  [/\bERR_UNKNOWN_FILE_EXTENSION\b|Unknown file extension "\.(?:[cm]?ts|tsx)"/, 'typescript'],
  [/\bBun is not defined\b|\bbun: (?:command )?not found\b/, 'bun'],
  [/\bDeno is not defined\b/, 'deno'],
  [
    /\bpython\.org\/downloads\b|\bpython3?(?:\.\d+)?\b[^\n]{0,60}\b(?:not found|is required|not installed|is not available)\b|\bspawn python3? ENOENT\b|\b(?:uvx?|pipx) ENOENT\b/i,
    'python',
  ],
];
/** The line is only a link to install something (`https://docs.flutter.dev/get-started/install`): a tool it needs. */
const INSTALL_LINK = /^\s*(?:\S+:\s*)?https?:\/\/([\w.-]{1,100})\/\S*\b(?:install(?:ation|ing)?|downloads?|get-started|setup)\b\S*\s*$/i;
/** Node says a module it does not have (`node:sqlite` before 22.5) or the package says which Node it wants. */
const NEWER_NODE = /\bNo such built-in module: (node:[\w/]+)|\b(?:requires?|needs?) Node(?:\.js)?(?: version)? v?(?:>=\s*)?(\d{2})\b/i;

/** The smallest major version a simple `engines.node` range allows (`>=22`, `^22.1`, `22.x`, `>= 20.18 <21 || >=22`); null when unread. */
export function minimumNodeMajor(range: string): number | null {
  const first = range.slice(0, 200).split('||')[0] ?? '';
  const match = /^\s*(?:>=?|\^|~|=)?\s*v?(\d{1,3})\b/.exec(first);
  return match === null ? null : Number(match[1]);
}

function majorOf(version: string | undefined): number | null {
  const match = /^v?(\d{1,3})\./.exec(version ?? '');
  return match === null ? null : Number(match[1]);
}

/** What the bin alone says: its extension or its `#!` line. */
export function runtimeOfBin(bin: { file?: string; shebang?: string } | undefined): RuntimeNeed | null {
  const file = (bin?.file ?? '').slice(-200);
  const name = file.split('/').at(-1) ?? '';
  for (const [pattern, runtime] of BY_EXTENSION) if (pattern.test(name)) return { runtime, evidence: `its bin is ${name}` };
  const shebang = (bin?.shebang ?? '').slice(0, 200);
  if (!shebang.startsWith('#!') || /\bnode\b/.test(shebang)) return null;
  for (const [pattern, runtime] of BY_SHEBANG) if (pattern.test(shebang)) return { runtime, evidence: `its bin starts with ${shebang}` };
  return null;
}

/** What the server printed, and its engines against the Node that ran it. */
export function runtimeOfFailure(text: string, engines: string | undefined, nodeVersion: string | undefined): RuntimeNeed | null {
  for (const [pattern, runtime] of IN_STDERR) {
    const line = lineMatching(text, pattern);
    if (line !== null) return { runtime, evidence: line };
  }
  const link = lineMatching(text, INSTALL_LINK);
  if (link !== null) return { runtime: (INSTALL_LINK.exec(link)?.[1] as string).replace(/^(?:www|docs)\./, ''), evidence: link };
  const newer = NEWER_NODE.exec(text);
  const wanted = engines === undefined ? null : minimumNodeMajor(engines);
  const running = majorOf(nodeVersion);
  if (wanted !== null && running !== null && wanted > running) {
    return {
      runtime: `node >=${wanted}`,
      evidence: `engines.node is ${JSON.stringify(engines?.slice(0, 60))}, it ran on ${nodeVersion ?? ''}`,
    };
  }
  if (newer !== null) {
    const line = lineMatching(text, NEWER_NODE) ?? newer[0];
    return { runtime: newer[2] !== undefined ? `node >=${newer[2]}` : `node with ${newer[1] as string}`, evidence: line };
  }
  return null;
}

/** The first line of `text` that `pattern` matches, trimmed; null if none. */
export function lineMatching(text: string, pattern: RegExp): string | null {
  for (const line of text.split('\n')) if (pattern.test(line)) return line.trim();
  return null;
}
