import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ServerError } from '../errors.js';
import { createBoundedFetch } from './bounded-fetch.js';
import { CLIENT_INFO } from './client-info.js';
import { toServerError } from './connect-error.js';
import type { Connection } from './connection.js';
import type { Deadline } from './deadline.js';
import { TransportObserver } from './transport-observer.js';

export type HttpTransportKind = 'http' | 'sse';

/**
 * Initializes an MCP session over streamable HTTP or legacy SSE.
 *
 * Rejects with the raw error of the SDK or fetch (so `connect` can tell a
 * 404/405 that calls for the SSE fallback from other failures); the caller
 * turns it into a ServerError with `toServerError`. Cleans up on failure.
 */
export async function connectHttp(
  url: URL,
  headers: Record<string, string>,
  kind: HttpTransportKind,
  deadline: Deadline,
): Promise<Connection> {
  const options = { requestInit: { headers }, fetch: createBoundedFetch() };
  const transport = kind === 'http' ? new StreamableHTTPClientTransport(url, options) : new SSEClientTransport(url, options);
  const observer = new TransportObserver();
  observer.attach(transport);
  const client = new Client({ ...CLIENT_INFO }, { capabilities: {} });
  const where = describeUrl(url);
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= transport.close();
    return closing;
  };

  try {
    await deadline.run('initialize', (bounds) => client.connect(transport, bounds));
  } catch (error) {
    await close();
    throw deadline.timedOut ? deadline.timeoutError('initialize') : error;
  }
  if (observer.protocolVersion === null) {
    await close();
    throw new Error('initialize succeeded but no protocol version was observed');
  }
  return {
    client,
    transport: kind,
    protocolVersion: observer.protocolVersion,
    stderrTail: () => '',
    describeFailure: (error: unknown, step: string): Promise<ServerError | null> => Promise.resolve(toServerError(error, step, where)),
    close,
  };
}

/** A URL as we may show it: no credentials, no query string, no fragment. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
