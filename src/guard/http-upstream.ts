/**
 * The server's side of an HTTP guard session: the SDK's StreamableHTTPClientTransport, or its
 * SSEClientTransport for legacy servers. With `auto`, the first message (the client's initialize)
 * is tried over streamable HTTP and, when that answers 4xx other than 401/403 (the fallback the
 * MCP spec describes), sent again over legacy SSE. The transport found is reported, so later
 * sessions skip the probe.
 */
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import { createBoundedFetch } from '../connectors/bounded-fetch.js';

import type { UpstreamTransportMode } from './guard-settings.js';

export { isUpstreamTransportMode, UPSTREAM_TRANSPORTS, type UpstreamTransportMode } from './guard-settings.js';
export type UpstreamKind = Exclude<UpstreamTransportMode, 'auto'>;

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

export class HttpUpstream implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  private inner: StreamableHTTPClientTransport | SSEClientTransport;
  private kind: UpstreamKind;
  private probing: boolean;

  constructor(
    private readonly url: URL,
    private readonly headers: Record<string, string>,
    mode: UpstreamTransportMode,
    private readonly onResolved: (kind: UpstreamKind) => void = () => undefined,
  ) {
    this.kind = mode === 'sse' ? 'sse' : 'http';
    this.probing = mode === 'auto';
    this.inner = this.create(this.kind);
  }

  get sessionId(): string | undefined {
    return this.inner instanceof StreamableHTTPClientTransport ? this.inner.sessionId : undefined;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  /** Options of a server-side send (which response stream to use) mean nothing to a client transport. */
  async send(message: JSONRPCMessage, _options?: TransportSendOptions): Promise<void> {
    if (!this.probing) return this.inner.send(message);
    try {
      await this.inner.send(message);
    } catch (error) {
      if (!callsForSseFallback(error)) {
        this.probing = false;
        throw error;
      }
      const failed = this.inner;
      this.kind = 'sse';
      this.inner = this.create('sse');
      failed.onclose = undefined;
      await failed.close();
      await this.inner.start();
      this.probing = false;
      this.onResolved('sse');
      return this.inner.send(message);
    }
    this.probing = false;
    this.onResolved('http');
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  /** Ends the server-side session (streamable HTTP: DELETE with the session id), then closes. */
  async close(): Promise<void> {
    const inner = this.inner;
    if (inner instanceof StreamableHTTPClientTransport && inner.sessionId !== undefined) {
      await inner.terminateSession().catch(() => undefined);
    }
    await inner.close();
  }

  private create(kind: UpstreamKind): StreamableHTTPClientTransport | SSEClientTransport {
    const options = { requestInit: { headers: this.headers }, fetch: createBoundedFetch() };
    const transport = kind === 'http' ? new StreamableHTTPClientTransport(this.url, options) : new SSEClientTransport(this.url, options);
    transport.onmessage = (message: JSONRPCMessage) => this.onmessage?.(message);
    transport.onclose = () => {
      if (transport === this.inner) this.onclose?.();
    };
    transport.onerror = (error) => {
      // The failed probe of the streamable HTTP endpoint is expected, not news.
      if (transport === this.inner && !(this.probing && callsForSseFallback(error))) this.onerror?.(error);
    };
    return transport;
  }
}
