/**
 * The guard over streamable HTTP: clients connect to the guard's `/mcp` endpoint as they would to
 * the server; each client session gets its own session with the upstream server (streamable HTTP
 * or legacy SSE) and its own relay with the policy applied (see relay.ts).
 *
 * With grants (see grants.ts) every request must carry `Authorization: Bearer <token>` of a
 * grant: no token or an unknown one is 401. The grant's label is the identity (audit events,
 * rate limits shared by all of its sessions) and its policy decides its calls. A session answers
 * only to the identity that opened it. Without grants everyone who can reach the address is one
 * identity, `anonymous`, under --policy; the guard listens on 127.0.0.1 by default and then
 * checks the Host header (DNS rebinding).
 *
 * A POST to a session is read here first (bounded): when a request in it reuses the id of a
 * request still in flight in that session, the guard answers it (see GuardRelay.refuseReusedIds)
 * and the SDK transport, which routes one answer per id, never sees it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { errorMessage } from '../errors.js';
import type { ApprovalBroker } from './approvals.js';
import type { AuditSink } from './audit-log.js';
import { bearerToken, findGrant, type Grants } from './grants.js';
import { HttpUpstream, type UpstreamKind, type UpstreamTransportMode } from './http-upstream.js';
import type { WatchedPolicy } from './policy-watcher.js';
import { GuardRelay } from './relay.js';

export const ANONYMOUS_IDENTITY = 'anonymous';
export const GUARD_PATH = '/mcp';
export const DEFAULT_MAX_SESSIONS = 256;
/** A session nobody used for this long is closed (its upstream session too). */
export const DEFAULT_SESSION_IDLE_MS = 30 * 60 * 1000;
/** The largest POST body read (the SDK transport's own bound). */
export const MAX_POST_BODY_BYTES = 4 * 1024 * 1024;

export type HttpAccess =
  | { kind: 'open'; policy: WatchedPolicy }
  /** `policies` maps each grant's policy file to its watched policy. */
  | { kind: 'grants'; grants: Grants; policies: ReadonlyMap<string, WatchedPolicy> };

export interface HttpGuardOptions {
  upstreamUrl: URL;
  upstreamHeaders: Record<string, string>;
  upstreamTransport: UpstreamTransportMode;
  host: string;
  /** 0 for any free port. */
  port: number;
  access: HttpAccess;
  approvals: ApprovalBroker;
  audit: AuditSink;
  serverName?: string;
  /** One line for the operator (stderr). */
  log: (line: string) => void;
  maxSessions?: number;
  sessionIdleMs?: number;
}

interface Session {
  identity: string;
  downstream: StreamableHTTPServerTransport;
  upstream: HttpUpstream;
  relay: GuardRelay;
  lastSeen: number;
  ending: Promise<void> | null;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}

function jsonError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

type JsonBody = { kind: 'json'; value: unknown } | { kind: 'too-large' } | { kind: 'invalid' };

/** The body of a POST, parsed, kept up to MAX_POST_BODY_BYTES (a longer one is drained, not kept). */
function readJsonBody(req: IncomingMessage): Promise<JsonBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = Number(req.headers['content-length']) > MAX_POST_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      received += chunk.length;
      if (received > MAX_POST_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    req.once('error', reject);
    req.once('end', () => {
      if (tooLarge) {
        resolve({ kind: 'too-large' });
        return;
      }
      try {
        resolve({ kind: 'json', value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        resolve({ kind: 'invalid' });
      }
    });
  });
}

export class HttpGuard {
  private readonly sessions = new Map<string, Session>();
  private readonly starting = new Set<Session>();
  private upstreamKind: UpstreamKind | null = null;
  private readonly sweeper: NodeJS.Timeout;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly server: Server,
    private readonly options: HttpGuardOptions,
  ) {
    const idle = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
    this.sweeper = setInterval(() => this.sweep(idle), Math.min(idle, 60_000));
    this.sweeper.unref();
  }

  /** Listens on host:port; resolves once listening. */
  static async start(options: HttpGuardOptions): Promise<HttpGuard> {
    const server = createServer();
    const guard = new HttpGuard(server, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      guard.handle(req, res).catch((error: unknown) => {
        options.log(`request failed: ${errorMessage(error)}`);
        jsonError(res, 500, -32603, 'mcp-risk guard: internal error');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return guard;
  }

  /** The endpoint clients connect to. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}${GUARD_PATH}`;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Stops listening and ends every session. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.sweeper);
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      await Promise.all([...this.sessions.values(), ...this.starting].map((session) => this.end(session)));
      await closed;
    })();
    return this.closing;
  }

  private identify(req: IncomingMessage): { identity: string; policy: WatchedPolicy } | undefined {
    const { access } = this.options;
    if (access.kind === 'open') return { identity: ANONYMOUS_IDENTITY, policy: access.policy };
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) return undefined;
    const grant = findGrant(access.grants, token);
    if (grant === undefined) return undefined;
    const policy = access.policies.get(grant.policyFile);
    return policy === undefined ? undefined : { identity: grant.label, policy };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== GUARD_PATH) {
      jsonError(res, 404, -32601, `mcp-risk guard: the MCP endpoint is ${GUARD_PATH}`);
      return;
    }
    if (this.closing !== null) {
      jsonError(res, 503, -32000, 'mcp-risk guard: shutting down');
      return;
    }
    const who = this.identify(req);
    if (who === undefined) {
      jsonError(res, 401, -32001, 'mcp-risk guard: a valid bearer token is required', {
        'www-authenticate': 'Bearer realm="mcp-risk guard"',
      });
      return;
    }
    const sessionHeader = req.headers['mcp-session-id'];
    if (sessionHeader !== undefined) {
      const session = typeof sessionHeader === 'string' ? this.sessions.get(sessionHeader) : undefined;
      // Another identity's session is as unknown as one that never existed.
      if (session === undefined || session.identity !== who.identity) {
        jsonError(res, 404, -32001, 'mcp-risk guard: session not found');
        return;
      }
      session.lastSeen = Date.now();
      if (req.method !== 'POST') {
        await session.downstream.handleRequest(req, res);
        return;
      }
      const body = await readJsonBody(req);
      if (body.kind === 'too-large') {
        jsonError(res, 413, -32000, `mcp-risk guard: the request body must not exceed ${MAX_POST_BODY_BYTES} bytes`);
        return;
      }
      if (body.kind === 'invalid') {
        jsonError(res, 400, -32700, 'mcp-risk guard: parse error: the body is not JSON');
        return;
      }
      const refused = session.relay.refuseReusedIds(Array.isArray(body.value) ? body.value : [body.value]);
      if (refused !== undefined) {
        res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': sessionHeader });
        res.end(JSON.stringify(Array.isArray(body.value) ? refused : refused[0]));
        return;
      }
      await session.downstream.handleRequest(req, res, body.value);
      return;
    }
    if (req.method !== 'POST') {
      jsonError(res, 400, -32000, 'mcp-risk guard: no session; start one with an initialize request');
      return;
    }
    if (this.sessions.size + this.starting.size >= (this.options.maxSessions ?? DEFAULT_MAX_SESSIONS)) {
      jsonError(res, 503, -32000, 'mcp-risk guard: too many sessions');
      return;
    }
    await this.openSession(who.identity, who.policy, req, res);
  }

  private async openSession(identity: string, policy: WatchedPolicy, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { options } = this;
    const address = this.server.address() as AddressInfo;
    const protectHost = isLoopback(options.host);
    let session: Session | undefined;
    const downstream = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // Registered before the initialize answer leaves: the client's next request may come at once.
      onsessioninitialized: (id) => {
        if (session !== undefined) this.sessions.set(id, session);
      },
      onsessionclosed: () => {
        if (session !== undefined) void this.end(session);
      },
      ...(protectHost
        ? {
            enableDnsRebindingProtection: true,
            allowedHosts: [`127.0.0.1:${address.port}`, `localhost:${address.port}`, `[::1]:${address.port}`],
          }
        : {}),
    });
    const upstream = new HttpUpstream(
      options.upstreamUrl,
      options.upstreamHeaders,
      this.upstreamKind ?? options.upstreamTransport,
      (kind) => {
        if (this.upstreamKind === null) options.log(`upstream speaks ${kind === 'http' ? 'streamable HTTP' : 'legacy SSE'}`);
        this.upstreamKind = kind;
      },
    );
    const relay = new GuardRelay({
      downstream,
      upstream,
      identity,
      policy,
      approvals: options.approvals,
      audit: options.audit,
      ...(options.serverName === undefined ? {} : { serverName: options.serverName }),
      fallbackServerName: options.upstreamUrl.host,
      log: options.log,
      relateToRequests: true,
    });
    session = { identity, downstream, upstream, relay, lastSeen: Date.now(), ending: null };
    const opened = session;
    this.starting.add(opened);
    downstream.onclose = () => void this.end(opened);
    upstream.onclose = () => void this.end(opened);
    try {
      await upstream.start();
      await downstream.handleRequest(req, res);
    } finally {
      this.starting.delete(opened);
    }
    // Not an initialize request (the transport answered 400): nothing to keep.
    if (downstream.sessionId === undefined) await this.end(opened);
  }

  private end(session: Session): Promise<void> {
    session.ending ??= (async () => {
      const id = session.downstream.sessionId;
      if (id !== undefined && this.sessions.get(id) === session) this.sessions.delete(id);
      await session.relay.close('the session ended before the server answered');
      await session.upstream.close().catch((error: unknown) => this.options.log(`closing the upstream session: ${errorMessage(error)}`));
      await session.downstream.close().catch((error: unknown) => this.options.log(`closing the client session: ${errorMessage(error)}`));
    })();
    return session.ending;
  }

  private sweep(idleMs: number): void {
    const now = Date.now();
    for (const session of this.sessions.values()) if (now - session.lastSeen > idleMs) void this.end(session);
  }
}
