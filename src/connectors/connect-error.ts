import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ServerError, errorMessage } from '../errors.js';
import { isParseError } from './transport-observer.js';
import { excerptLine } from '../hostile-text/terminal-text.js';

const NETWORK_ERROR_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_CLOSED: 'connection closed',
};

/**
 * Turns what the SDK (or fetch, or the network) threw while talking to a
 * server into a ServerError with a stable code and a one-line message.
 * Returns null for errors that are not about the server (programming errors),
 * which the caller must rethrow as they are.
 *
 * `step` names the request (e.g. `initialize`, `tools/list`); `where` names
 * the server (a command name or a URL without secrets).
 */
export function toServerError(error: unknown, step: string, where: string): ServerError | null {
  if (error instanceof ServerError) return error;
  if (error instanceof McpError) return fromMcpError(error, step, where);
  if (error instanceof StreamableHTTPError) {
    if (typeof error.code === 'number' && error.code > 0) {
      return new ServerError('http-error', `HTTP ${error.code} from ${where}${detail(stripPrefix(error.message))}`, { cause: error });
    }
    return new ServerError('protocol-error', `${where} did not answer ${step} as MCP${detail(stripPrefix(error.message))}`, {
      cause: error,
    });
  }
  if (error instanceof SseError) {
    if (typeof error.code === 'number' && error.code > 0) {
      return new ServerError('http-error', `HTTP ${error.code} from ${where} (SSE stream)`, { cause: error });
    }
    const network = networkProblem(error) ?? networkProblemInText(error.message);
    return new ServerError('connection-failed', `cannot connect to ${where}: ${network ?? excerptLine(error.message)}`, { cause: error });
  }
  if (error instanceof UnauthorizedError) {
    return new ServerError('http-error', `HTTP 401 from ${where}: authorization required`, { cause: error });
  }
  const network = networkProblem(error);
  if (network !== null) {
    return new ServerError('connection-failed', `cannot connect to ${where}: ${network}`, { cause: error });
  }
  if (isParseError(error)) {
    return new ServerError('protocol-error', `invalid answer to ${step} from ${where}: ${excerptLine(errorMessage(error), 200)}`, {
      cause: error,
    });
  }
  if (!(error instanceof Error) || isProgrammingError(error)) return null;
  const status = /\(HTTP (\d{3})\)/.exec(error.message);
  if (status) {
    return new ServerError('http-error', `HTTP ${status[1]} from ${where}${detail(error.message.slice(status.index + status[0].length))}`, {
      cause: error,
    });
  }
  if (error.message.startsWith('ReadBuffer exceeded maximum size')) {
    return new ServerError('output-limit', `${where} sent a message larger than the limit: ${excerptLine(error.message)}`, {
      cause: error,
    });
  }
  return new ServerError('protocol-error', `${where} failed during ${step}: ${excerptLine(error.message)}`, { cause: error });
}

function fromMcpError(error: McpError, step: string, where: string): ServerError {
  if (error.code === ErrorCode.RequestTimeout) {
    return new ServerError('server-timeout', `no answer to ${step} from ${where} in time`, { cause: error });
  }
  if (error.code === ErrorCode.ConnectionClosed) {
    return new ServerError('connection-failed', `${where} closed the connection during ${step}`, { cause: error });
  }
  return new ServerError(
    'protocol-error',
    `${where} answered ${step} with error ${error.code}: ${excerptLine(stripPrefix(error.message))}`,
    { cause: error },
  );
}

/** The network failure behind a fetch error, as words; null if it is not one. */
function networkProblem(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code in NETWORK_ERROR_CODES) return `${NETWORK_ERROR_CODES[code]} (${code})`;
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return error.cause instanceof Error ? `request failed: ${excerptLine(error.cause.message, 120)}` : 'request failed';
  }
  return null;
}

function networkProblemInText(message: string): string | null {
  for (const [code, words] of Object.entries(NETWORK_ERROR_CODES)) {
    if (message.includes(code)) return `${words} (${code})`;
  }
  const failed = /fetch failed:?\s*(.*)$/is.exec(message);
  if (failed === null) return null;
  const reason = excerptLine(failed[1] ?? '', 120);
  return reason.length > 0 ? `request failed: ${reason}` : 'request failed';
}

function isProgrammingError(error: Error): boolean {
  return error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError;
}

function stripPrefix(message: string): string {
  return message.replace(/^(?:(?:MCP error -?\d+|Streamable HTTP error|SSE error):\s*)+/, '');
}

/** Server-provided detail for a message: HTML tags and our own SDK's prefixes removed, one short line. */
function detail(text: string): string {
  const plain = text
    .replace(/<(script|style)[^>]*>.*?<\/\1>/gis, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/^\s*Error POSTing to endpoint:?/, '');
  const line = excerptLine(plain, 200).replace(/^[:\s]+/, '');
  return line.length > 0 ? `: ${line}` : '';
}
