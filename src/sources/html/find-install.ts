/**
 * How a catalogue page says to run a server, read from text the page shows (code blocks,
 * copy boxes) and the links it carries — never by running anything:
 *   - npm: `npx [-y] <pkg>`, `bunx <pkg>`, `pnpm|yarn|bun dlx <pkg>`, `npm|pnpm install|i|add [-g] <pkg>`,
 *     `yarn [global] add <pkg>`, a client config `"command": "npx", "args": ["-y", "<pkg>", ...]`,
 *     a link to npmjs.com/package/<pkg>;
 *   - a remote: an http(s) URL whose path ends in /mcp or /sse, or a `"url"`/`"serverUrl"` in a
 *     config snippet, on a public host (see public-url.ts).
 * Installers, inspectors and proxies (@smithery/cli, mcp-remote, ...) are not the server: for
 * `npx mcp-remote <url>` the URL is what counts.
 */
import { isPublicHttpUrl } from '../http/public-url.js';
import { parsePackageSpec } from '../../npm-registry/npm-package-name.js';

/** Packages a catalogue shows in commands that are tools around a server, not the server. */
const NOT_SERVERS = new Set([
  '@smithery/cli',
  '@modelcontextprotocol/inspector',
  'mcp-remote',
  'supergateway',
  'npm',
  'npx',
  'pnpm',
  'yarn',
  'tsx',
  'ts-node',
  'typescript',
  'node',
]);

const MAX_SCANNED_CHARS = 200_000;

const COMMAND_PATTERNS: readonly RegExp[] = [
  /(?:^|[\s"'`;&|(])(?:npx|bunx)((?:\s+-{1,2}(?:y|yes|q|quiet))*)\s+([^\s"'`;&|()<>]+)/g,
  /(?:^|[\s"'`;&|(])(?:pnpm|yarn|bun)\s+dlx((?:\s+-{1,2}[a-z-]+)*)\s+([^\s"'`;&|()<>]+)/g,
  /(?:^|[\s"'`;&|(])(?:npm|pnpm)\s+(?:install|i|add)((?:\s+-{1,2}[a-z-]+)*)\s+([^\s"'`;&|()<>]+)/g,
  /(?:^|[\s"'`;&|(])yarn\s+(?:global\s+)?add((?:\s+-{1,2}[a-z-]+)*)\s+([^\s"'`;&|()<>]+)/g,
];

const CONFIG_ARGS = /"command"\s*:\s*"(?:npx|bunx)"[\s\S]{0,300}?"args"\s*:\s*\[([^\]]{0,4000})\]/g;
const NPM_LINK = /^https?:\/\/(?:www\.)?npmjs\.(?:com|org)\/package\/((?:@[^/]+\/)?[^/?#]+)/i;

/** The first npm package the texts (in page order) or the links name. */
export function findNpmPackage(texts: readonly string[], links: readonly string[]): string | undefined {
  for (const raw of texts) {
    const found = packageInText(raw.slice(0, MAX_SCANNED_CHARS));
    if (found !== undefined) return found;
  }
  for (const href of links) {
    const found = npmPackageFromLink(href);
    if (found !== undefined) return found;
  }
  return undefined;
}

function packageInText(text: string): string | undefined {
  let best: { index: number; name: string } | undefined;
  const consider = (index: number, candidate: string | undefined): void => {
    const name = candidate === undefined ? undefined : serverPackage(candidate);
    if (name !== undefined && (best === undefined || index < best.index)) best = { index, name };
  };
  for (const pattern of COMMAND_PATTERNS) {
    for (const match of text.matchAll(pattern)) consider(match.index, match[2]);
  }
  for (const match of text.matchAll(CONFIG_ARGS)) {
    const args = [...(match[1] ?? '').matchAll(/"((?:[^"\\]|\\.){0,300})"/g)].map((m) => m[1] ?? '');
    consider(
      match.index,
      args.find((arg) => !arg.startsWith('-')),
    );
  }
  return best?.name;
}

function serverPackage(token: string): string | undefined {
  const spec = parsePackageSpec(token.replace(/[.,:;]+$/, ''));
  if (spec === undefined || NOT_SERVERS.has(spec.name)) return undefined;
  return spec.name;
}

/** The package an npmjs.com package page link is about. */
export function npmPackageFromLink(href: string): string | undefined {
  const match = NPM_LINK.exec(href);
  if (match?.[1] === undefined) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  const spec = parsePackageSpec(name);
  return spec === undefined || NOT_SERVERS.has(spec.name) ? undefined : spec.name;
}

const URL_IN_TEXT = /https?:\/\/[^\s"'`<>()[\]{}\\]{1,2000}/g;
const CONFIG_URL = /"(?:url|serverUrl|server_url)"\s*:\s*"(https?:\/\/[^"\s]{1,2000})"/g;

/** The first public MCP endpoint URL in the texts, then in the links. */
export function findMcpUrl(texts: readonly string[], links: readonly string[]): string | undefined {
  for (const raw of texts) {
    const text = raw.slice(0, MAX_SCANNED_CHARS);
    const candidates: { index: number; url: string }[] = [];
    for (const match of text.matchAll(CONFIG_URL)) if (match[1] !== undefined) candidates.push({ index: match.index, url: match[1] });
    for (const match of text.matchAll(URL_IN_TEXT)) if (looksLikeEndpoint(match[0])) candidates.push({ index: match.index, url: match[0] });
    candidates.sort((a, b) => a.index - b.index);
    for (const candidate of candidates) {
      const url = publicUrl(candidate.url);
      if (url !== undefined) return url;
    }
  }
  for (const href of links) {
    if (!looksLikeEndpoint(href)) continue;
    const url = publicUrl(href);
    if (url !== undefined) return url;
  }
  return undefined;
}

function looksLikeEndpoint(candidate: string): boolean {
  try {
    return /\/(?:mcp|sse)\/?$/i.test(new URL(candidate.replace(/[.,:;]+$/, '')).pathname);
  } catch {
    return false;
  }
}

function publicUrl(candidate: string): string | undefined {
  try {
    const url = new URL(candidate.replace(/[.,:;]+$/, ''));
    url.hash = '';
    return isPublicHttpUrl(url) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
