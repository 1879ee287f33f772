/**
 * The options of `mcp-risk guard` as commander hands them over, and their checking: which server
 * (a command after `--`, or `--upstream <url>`), which policy or grants, where to listen.
 */
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import {
  DEFAULT_APPROVAL_TIMEOUT_MS,
  isUpstreamTransportMode,
  UPSTREAM_TRANSPORTS,
  type UpstreamTransportMode,
} from '../../guard/guard-settings.js';
import { quoteUntrusted } from '../../hostile-text/untrusted-value.js';
import type { CliIo } from '../io.js';

export const DEFAULT_LISTEN = '127.0.0.1:7331';
const MAX_APPROVAL_TIMEOUT_MS = 24 * 60 * 60 * 1000;

export interface RawGuardOptions {
  policy?: string;
  auditLog?: string;
  name?: string;
  upstream?: string;
  upstreamTransport?: string;
  header?: string[];
  listen?: string;
  grants?: string;
  approvalsDir?: string;
  approvalTimeout?: string;
  tty?: boolean;
}

export interface RawGuardInstallOptions {
  config?: string;
  server?: string;
  policy?: string;
  auditLog?: string;
  approvalsDir?: string;
  approvalTimeout?: string;
  tty?: boolean;
}

export interface Listen {
  host: string;
  port: number;
}

/** The server to guard, checked: a command to start (stdio), or an HTTP server to stand in front of. */
export type GuardTarget =
  | { kind: 'stdio'; command: string; args: string[]; policyFile: string }
  | {
      kind: 'http';
      url: URL;
      headers: Record<string, string>;
      transport: UpstreamTransportMode;
      listen: Listen;
      /** Who may use it: anyone, under one policy; or the holders of the grants' tokens, each under their grant's policy (by default --policy). */
      access: { kind: 'open'; policyFile: string } | { kind: 'grants'; grantsFile: string; policyFile: string | undefined };
    };

export function approvalTimeoutOption(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_APPROVAL_TIMEOUT_MS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 100 || value > MAX_APPROVAL_TIMEOUT_MS) {
    throw new UsageError(`--approval-timeout takes milliseconds from 100 to ${MAX_APPROVAL_TIMEOUT_MS} (got ${quoteUntrusted(raw, 40)})`);
  }
  return value;
}

function headersOption(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = line.slice(colon + 1).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\u0000]/.test(value)) throw new UsageError('--header takes "Name: value"');
    headers[name] = value;
  }
  return headers;
}

/** `--listen`: "host:port", "[v6]:port" or a port alone (on 127.0.0.1). */
function parseListen(raw: string): Listen {
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(raw);
  const port = Number(match?.[2]);
  if (match === null || !Number.isInteger(port) || port > 65535) {
    throw new UsageError(`--listen takes host:port, e.g. 127.0.0.1:7331 (got ${quoteUntrusted(raw, 60)})`);
  }
  const host = (match[1] ?? '127.0.0.1').replace(/^\[|\]$/g, '');
  return { host, port };
}

function upstreamUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError('--upstream is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--upstream must be an http(s) URL (got ${quoteUntrusted(url.protocol, 20)})`);
  return url;
}

/** Checks the guard's options together with the words after `--`: the first problem is a usage error. */
export function parseGuardTarget(commandWords: string[] | null, raw: RawGuardOptions, io: CliIo): GuardTarget {
  const stdio = commandWords !== null;
  if (stdio && commandWords.length === 0) throw new UsageError('give the server command after --');
  if (stdio && raw.upstream !== undefined)
    throw new UsageError('give either a command after -- (stdio) or --upstream <url> (HTTP), not both');
  if (!stdio && raw.upstream === undefined)
    throw new UsageError('guard needs the server: a command after -- (stdio) or --upstream <url> (HTTP)');
  if (stdio && (raw.grants !== undefined || raw.listen !== undefined))
    throw new UsageError('--grants and --listen are for an HTTP guard (--upstream <url>)');
  if (raw.policy === undefined && (stdio || raw.grants === undefined)) throw new UsageError('--policy <file> is required');
  const transport = raw.upstreamTransport ?? 'auto';
  if (!isUpstreamTransportMode(transport)) throw new UsageError(`--upstream-transport must be one of ${UPSTREAM_TRANSPORTS.join(', ')}`);
  const headers = headersOption(raw.header ?? []);
  const url = raw.upstream === undefined ? undefined : upstreamUrl(raw.upstream);
  const listen = parseListen(raw.listen ?? DEFAULT_LISTEN);
  const policyFile = raw.policy === undefined ? undefined : resolve(io.cwd, raw.policy);
  if (stdio) {
    const [command, ...args] = commandWords;
    if (command === undefined || policyFile === undefined) throw new UsageError('give the server command after --');
    return { kind: 'stdio', command, args, policyFile };
  }
  if (url === undefined) throw new UsageError('--upstream <url> is required');
  if (raw.grants !== undefined)
    return {
      kind: 'http',
      url,
      headers,
      transport,
      listen,
      access: { kind: 'grants', grantsFile: resolve(io.cwd, raw.grants), policyFile },
    };
  if (policyFile === undefined) throw new UsageError('--policy <file> is required');
  return { kind: 'http', url, headers, transport, listen, access: { kind: 'open', policyFile } };
}
