import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SERVER_ERROR_CODES, ServerError, type ServerErrorCode } from '../errors.js';
import { toServerError } from './connect-error.js';
import type { ConnectOptions, ConnectTarget, Connection } from './connection.js';
import { Deadline } from './deadline.js';
import { connectHttp, describeUrl, type HttpTransportKind } from './http-connection.js';
import { connectStdio } from './stdio-connection.js';
import { moveUrlCredentials } from './url-credentials.js';

/**
 * Reaches a server and completes initialize within `options.timeoutMs`.
 * Throws a ServerError for anything the server (or the way to it) got wrong;
 * rejects with the signal's reason when `options.signal` aborts.
 */
export async function connect(target: ConnectTarget, options: ConnectOptions): Promise<Connection> {
  const deadline = new Deadline(options.timeoutMs, options.signal);
  try {
    return await connectWithin(target, deadline);
  } finally {
    deadline.dispose();
  }
}

/** `connect`, sharing a deadline the caller also uses for later requests. */
export async function connectWithin(target: ConnectTarget, deadline: Deadline): Promise<Connection> {
  if (deadline.signal.aborted) throw deadline.abortError('initialize');
  if (target.kind === 'stdio') return connectStdio(target, deadline);
  const { url, headers } = moveUrlCredentials(parseServerUrl(target.url), target.headers ?? {});
  const mode = target.transport ?? 'auto';
  if (mode !== 'auto') return connectHttpOrThrow(url, headers, mode, deadline);
  try {
    return await connectHttp(url, headers, 'http', deadline);
  } catch (error) {
    if (!callsForSseFallback(error) || deadline.signal.aborted) throw mapHttpError(error, url, deadline);
    try {
      return await connectHttp(url, headers, 'sse', deadline);
    } catch (sseError) {
      const failure = mapHttpError(sseError, url, deadline);
      if (!(failure instanceof ServerError)) throw failure;
      const status = error instanceof StreamableHTTPError ? String(error.code) : 'an error';
      throw new ServerError(serverErrorCode(failure), `streamable HTTP answered ${status}, legacy SSE failed too: ${failure.message}`, {
        cause: sseError,
      });
    }
  }
}

async function connectHttpOrThrow(
  url: URL,
  headers: Record<string, string>,
  kind: HttpTransportKind,
  deadline: Deadline,
): Promise<Connection> {
  try {
    return await connectHttp(url, headers, kind, deadline);
  } catch (error) {
    throw mapHttpError(error, url, deadline);
  }
}

/**
 * The backwards-compatibility procedure of the MCP spec: a 4xx answer to the
 * streamable-HTTP POST (typically 404 or 405) means "try the legacy SSE
 * transport". 401/403 are about credentials, which SSE would not fix.
 */
function callsForSseFallback(error: unknown): boolean {
  return (
    error instanceof StreamableHTTPError &&
    typeof error.code === 'number' &&
    error.code >= 400 &&
    error.code < 500 &&
    error.code !== 401 &&
    error.code !== 403
  );
}

function mapHttpError(error: unknown, url: URL, deadline: Deadline): unknown {
  if (deadline.cancelled) return deadline.signal.reason;
  return toServerError(error, 'initialize', describeUrl(url)) ?? error;
}

function parseServerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Neither the text nor the parser's error (which quotes it) is kept: an unparsable URL may still carry a token.
    throw new ServerError('connection-failed', 'the server URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServerError('connection-failed', `unsupported URL scheme ${JSON.stringify(url.protocol)} (use http: or https:)`);
  }
  return url;
}

function serverErrorCode(error: ServerError): ServerErrorCode {
  return SERVER_ERROR_CODES.find((code) => code === error.code) ?? 'connection-failed';
}
