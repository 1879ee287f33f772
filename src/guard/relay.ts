/**
 * The guard's core: JSON-RPC messages relayed between an MCP client (downstream) and a server
 * (upstream), each side through the SDK's own transport, with two interceptions:
 *
 *  - `tools/call` from the client is decided by the policy first. Allowed calls go on unchanged;
 *    a hidden, denied or rate-limited call is answered here with a tool error result and never
 *    reaches the server; a call that needs approval waits (other traffic does not) and then goes
 *    on or is answered with an error.
 *  - the answer to `tools/list` loses the tools the agent may not see (on every page, and on the
 *    refreshes a client makes after `notifications/tools/list_changed`).
 *
 * Only the methods of client-methods.ts pass: a request for another method (`Tools/Call`, a
 * vendor method) is answered with JSON-RPC error -32601, a notification for one (a `tools/call`
 * without an id) is dropped, both audited as `refused`. A request whose id is still in flight (at
 * the server, or held for approval) is answered with error -32600 and not relayed, so an answer
 * can never be taken for another request's (a tool list for a call's result, or the reverse).
 *
 * The guard announces `tools.listChanged` to the client when the server has tools, and sends
 * `notifications/tools/list_changed` when a policy reload changes whether a tool the server listed
 * is visible.
 *
 * Everything else (initialize, resources, prompts, completions, progress, cancellation, and the
 * server's own requests such as sampling, elicitation and roots, with their answers) passes
 * through unchanged, in order, with ids preserved. The guard never sends requests of its own, so
 * the server's request ids cannot collide with any. Every decision is one audit event.
 */
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { excerptLine, sanitizeTerminalText } from '../hostile-text/terminal-text.js';
import { errorMessage } from '../errors.js';
import type { ApprovalBroker } from './approvals.js';
import type { AuditDecision, AuditSink, CallAuditEvent, RefusalReason, RefusedAuditEvent } from './audit-log.js';
import { approvalDeniedText, approvalTimeoutText, approvalUnavailableText, blockedText, toolErrorResult } from './blocked-call.js';
import { summarizeArguments, type ArgumentSummary } from './call-arguments.js';
import { clientRequestHandling, isRelayedClientNotification } from './client-methods.js';
import { decideOrDeny, type PolicyEngine } from './policy-engine.js';
import type { WatchedPolicy } from './policy-watcher.js';

/** JSON-RPC: the request's parameters are invalid. */
const INVALID_PARAMS = -32602;
/** JSON-RPC: the method does not exist (here: the guard does not relay it). */
const METHOD_NOT_FOUND = -32601;
/** JSON-RPC: not a valid request (here: its id is already in flight). */
const INVALID_REQUEST = -32600;
/** Client requests in flight at once (at the server, or held); more are refused until some are answered. */
export const MAX_IN_FLIGHT = 4096;
/** Tool names remembered from the server's lists, to tell whether a reload changes what the agent sees. */
const MAX_REMEMBERED_TOOLS = 10_000;
/** JSON-RPC implementation-defined server error: the server could not be reached. */
const UPSTREAM_UNREACHABLE = -32000;
/** Lines of garbage reported per side before the guard stops repeating itself. */
const MAX_REPORTED_GARBAGE = 5;
const MAX_SERVER_NAME_CHARS = 200;

export interface RelayOptions {
  /** The agent's side: StdioServerTransport or StreamableHTTPServerTransport. */
  downstream: Transport;
  /** The server's side: StdioClientTransport, StreamableHTTPClientTransport or SSEClientTransport. */
  upstream: Transport;
  /** Who is calling: `stdio` for a stdio guard, the grant's label over HTTP. */
  identity: string;
  policy: WatchedPolicy;
  approvals: ApprovalBroker;
  audit: AuditSink;
  /** The server's name in audit events; otherwise the policy's `metadata.server`, then the name the server gives. */
  serverName?: string;
  /** The name when nothing better is known (the command's base name, the URL's host). */
  fallbackServerName: string;
  /** One line for the operator (stderr). */
  log: (line: string) => void;
  /**
   * Over streamable HTTP the client reads a server's notification or request on the response
   * stream of the request it belongs to; the relay then tells the downstream transport which.
   */
  relateToRequests?: boolean;
}

interface ForwardedCall {
  tool: string;
  decision: AuditDecision;
  rule: string;
  reason: string;
  summary: ArgumentSummary;
  argumentsHmac: string | null;
  started: number;
  approvalId?: string;
  /** How and by whom a person decided a held call. */
  approvalVia?: string;
  approvalBy?: string;
}

type Side = 'client' | 'server';

/** Map key of a request id: 1 and "1" are different ids. */
function idKey(id: RequestId): string {
  return typeof id === 'number' ? `n${id}` : `s${id}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A method name as the client sent it (a trailing space shows), quoted, bounded and safe for a terminal. */
function shownMethod(method: string): string {
  return JSON.stringify(sanitizeTerminalText(method.slice(0, 100)));
}

function latencySince(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

export class GuardRelay {
  /**
   * The client's requests the guard has not answered yet: at the server (cancelled ones too, until
   * the server answers: it still may) or held for approval. Their ids may not be reused meanwhile.
   */
  private readonly inFlight = new Map<string, RequestId>();
  private readonly calls = new Map<string, ForwardedCall>();
  private readonly listRequests = new Set<string>();
  private readonly held = new Map<string, AbortController>();
  private readonly waiting = new Set<Promise<void>>();
  /** Requests from the client still open (HTTP only), oldest first, and their progress tokens. */
  private readonly openRequests = new Map<string, RequestId>();
  private readonly progressTokens = new Map<string, RequestId>();
  private initializeKey: string | null = null;
  private discoveredName: string | null = null;
  /** The server has tools: the client was told the list may change (see onInitialized). */
  private toolsDeclared = false;
  /** Names of the tools the server listed so far (unfiltered), until there are too many to keep. */
  private readonly listedTools = new Set<string>();
  private listedOverflow = false;
  private closed = false;
  private readonly garbage: Record<Side, number> = { client: 0, server: 0 };
  private refusedReported = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: RelayOptions) {
    const { downstream, upstream } = options;
    downstream.onmessage = (message) => this.fromClient(message);
    upstream.onmessage = (message) => this.fromServer(message);
    downstream.onerror = (error) => this.reportError('client', error);
    upstream.onerror = (error) => this.reportError('server', error);
    this.unsubscribe = options.policy.onChange((previous, next) => this.policyChanged(previous, next));
  }

  /** The server's name as audit events give it. */
  get serverName(): string {
    return this.options.serverName ?? this.options.policy.serverName ?? this.discoveredName ?? this.options.fallbackServerName;
  }

  /**
   * Stops relaying: approvals still waiting are withdrawn (audited as cancelled), calls the server
   * never answered are audited as errors. The transports are closed by their owner.
   */
  async close(why: string): Promise<void> {
    if (this.closed) return;
    for (const controller of this.held.values()) controller.abort();
    await Promise.all([...this.waiting]);
    this.closed = true;
    this.unsubscribe();
    for (const call of this.calls.values()) this.auditCall(call, 'error', why);
    this.calls.clear();
    this.inFlight.clear();
  }

  /**
   * Over HTTP, before a POST's messages reach the transport (which can route only one answer per
   * request id): when a request in it reuses an id in flight, or another request's id in the same
   * batch, every request of the POST is answered here with an error (audited) and none of its
   * messages is relayed; the answers are returned. Otherwise undefined: the POST may proceed.
   */
  refuseReusedIds(messages: readonly unknown[]): JSONRPCMessage[] | undefined {
    const requests = messages.filter(
      (message): message is { method: string; id: RequestId; params?: unknown } =>
        isRecord(message) &&
        typeof message['method'] === 'string' &&
        (typeof message['id'] === 'string' || typeof message['id'] === 'number'),
    );
    const seen = new Set<string>();
    let reused = false;
    for (const request of requests) {
      const key = idKey(request.id);
      if (this.inFlight.has(key) || seen.has(key)) {
        reused = true;
        this.auditRefused(request.method, 'request', 'id-in-flight', isRecord(request.params) ? request.params['name'] : undefined);
      }
      seen.add(key);
    }
    if (!reused) return undefined;
    return requests.map((request) => ({
      jsonrpc: '2.0' as const,
      id: request.id,
      error: {
        code: INVALID_REQUEST,
        message: 'mcp-risk guard: a request id in this message is already in flight; nothing in it was relayed: use new ids',
      },
    }));
  }

  // ---- from the client -------------------------------------------------------------------

  private fromClient(message: JSONRPCMessage): void {
    if (this.closed) return;
    if (!('method' in message)) {
      // The client's answer to one of the server's requests.
      this.toServer(message);
      return;
    }
    if ('id' in message) this.onRequest(message);
    else this.onNotification(message);
  }

  private onRequest(request: JSONRPCRequest): void {
    const handling = clientRequestHandling(request.method);
    if (handling === undefined) {
      this.refuse(request, 'unknown-method', METHOD_NOT_FOUND, `mcp-risk guard: the method ${shownMethod(request.method)} is not relayed`);
      return;
    }
    const key = idKey(request.id);
    if (this.inFlight.has(key)) {
      // Relaying it would pair the server's answers with the wrong requests.
      this.refuse(
        request,
        'id-in-flight',
        INVALID_REQUEST,
        `mcp-risk guard: request id ${excerptLine(JSON.stringify(request.id), 100)} is already in flight; the request was not relayed: use a new id`,
      );
      return;
    }
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      this.refuse(
        request,
        'too-many-in-flight',
        UPSTREAM_UNREACHABLE,
        `mcp-risk guard: ${MAX_IN_FLIGHT} requests are already in flight; the request was not relayed`,
      );
      return;
    }
    this.inFlight.set(key, request.id);
    switch (handling) {
      case 'police-call':
        this.onCall(request);
        return;
      case 'filter-list':
        this.listRequests.add(key);
        break;
      case 'initialize':
        this.initializeKey = key;
        break;
      case 'relay':
        break;
    }
    this.forwardRequest(request);
  }

  private onNotification(notification: JSONRPCNotification): void {
    if (!isRelayedClientNotification(notification.method)) {
      this.auditRefused(notification.method, 'notification', 'unknown-method', notification.params?.['name']);
      this.reportRefused(`dropped a notification ${shownMethod(notification.method)} from the client: the guard does not relay it`);
      return;
    }
    if (notification.method === 'notifications/cancelled') {
      const requestId: unknown = notification.params?.['requestId'];
      const key = typeof requestId === 'string' || typeof requestId === 'number' ? idKey(requestId) : undefined;
      const held = key === undefined ? undefined : this.held.get(key);
      if (held !== undefined) {
        // The server never saw that call: the cancellation is ours to act on.
        held.abort();
        return;
      }
      const call = key === undefined ? undefined : this.calls.get(key);
      if (key !== undefined && call !== undefined) {
        // The server may never answer a cancelled call: its audit event is written now. Its id
        // stays in flight until the server answers (it may still do so).
        this.calls.delete(key);
        this.auditCall(call, 'error', 'cancelled by the client');
      }
    }
    this.toServer(notification);
  }

  /** Answers a request the guard does not relay with a JSON-RPC error; the request's id is not taken. */
  private refuse(request: JSONRPCRequest, reason: RefusalReason, code: number, message: string): void {
    this.auditRefused(request.method, 'request', reason, request.params?.['name']);
    this.reportRefused(`refused a request ${shownMethod(request.method)} from the client: ${message.replace(/^mcp-risk guard: /, '')}`);
    this.toClient({ jsonrpc: '2.0', id: request.id, error: { code, message } });
  }

  /** Answers a request the guard took (in flight) itself: its id is free again. */
  private answerClient(id: RequestId, message: JSONRPCMessage): void {
    this.inFlight.delete(idKey(id));
    this.toClient(message);
  }

  private onCall(request: JSONRPCRequest): void {
    const started = performance.now();
    const name: unknown = request.params?.['name'];
    if (typeof name !== 'string') {
      this.answerClient(request.id, {
        jsonrpc: '2.0',
        id: request.id,
        error: { code: INVALID_PARAMS, message: 'mcp-risk guard: tools/call needs params.name, a string' },
      });
      return;
    }
    const args: unknown = request.params?.['arguments'];
    const summary = summarizeArguments(args);
    const argumentsHmac = this.options.audit.argumentsHmac?.(args) ?? null;
    const { decision, failure } = decideOrDeny(this.options.policy.engine, name, this.options.identity, Date.now());
    if (failure !== undefined)
      this.options.log(`the policy engine failed on ${excerptLine(name, 80)}: ${errorMessage(failure)}; the call is denied`);
    switch (decision.kind) {
      case 'allow':
        this.forwardCall(request, {
          tool: name,
          decision: 'allow',
          rule: decision.rule,
          reason: decision.reason,
          summary,
          argumentsHmac,
          started,
        });
        return;
      case 'needs-approval':
        this.holdForApproval(
          request,
          { tool: name, decision: 'approved', rule: decision.rule, reason: decision.reason, summary, argumentsHmac, started },
          args,
        );
        return;
      default: {
        // Audited before the answer leaves: whoever reads the answer finds the event written.
        const call: ForwardedCall = {
          tool: name,
          decision: decision.kind,
          rule: decision.rule,
          reason: decision.reason,
          summary,
          argumentsHmac,
          started,
        };
        this.auditCall(call, 'not-sent', undefined, decision.kind === 'rate-limited' ? decision.retryAfterMs : undefined);
        this.answerClient(request.id, { jsonrpc: '2.0', id: request.id, result: toolErrorResult(blockedText(name, decision, Date.now())) });
      }
    }
  }

  private forwardCall(request: JSONRPCRequest, call: ForwardedCall): void {
    this.calls.set(idKey(request.id), call);
    this.forwardRequest(request);
  }

  private holdForApproval(request: JSONRPCRequest, call: ForwardedCall, args: unknown): void {
    const key = idKey(request.id);
    const controller = new AbortController();
    this.held.set(key, controller);
    const waiting = this.options.approvals
      .request(
        {
          identity: this.options.identity,
          server: this.serverName,
          tool: call.tool,
          rule: call.rule,
          reason: call.reason,
          arguments: args,
          summary: call.summary,
        },
        controller.signal,
      )
      .then((outcome) => {
        this.held.delete(key);
        const decided = { ...call, approvalId: outcome.approvalId };
        switch (outcome.decision) {
          case 'approved':
            if (!this.closed) this.forwardCall(request, { ...decided, approvalVia: outcome.via, approvalBy: outcome.by });
            return;
          case 'cancelled':
            // Cancelled by the client or by shutdown: no answer is due (the client gave up on it),
            // and the server never saw the id.
            this.inFlight.delete(key);
            this.auditCall({ ...decided, decision: 'approval-cancelled' }, 'not-sent');
            return;
          case 'denied':
            this.auditCall(
              {
                ...decided,
                decision: 'approval-denied',
                reason: outcome.note ?? `denied at the ${outcome.via === 'terminal' ? 'terminal' : 'approvals command'}`,
                approvalVia: outcome.via,
                approvalBy: outcome.by,
              },
              'not-sent',
            );
            this.answerBlocked(request, approvalDeniedText(call.tool, call.rule, call.reason, outcome.note));
            return;
          case 'timed-out':
            this.auditCall({ ...decided, decision: 'approval-timeout', reason: `no decision within ${outcome.timeoutMs} ms` }, 'not-sent');
            this.answerBlocked(request, approvalTimeoutText(call.tool, call.rule, call.reason, outcome.timeoutMs));
            return;
          case 'unavailable':
            this.auditCall({ ...decided, decision: 'approval-denied', reason: outcome.message }, 'not-sent');
            this.answerBlocked(request, approvalUnavailableText(call.tool, call.rule, outcome.message));
            return;
        }
      })
      .catch((error: unknown) => {
        this.held.delete(key);
        this.options.log(`approval of a call to ${excerptLine(call.tool, 80)} failed: ${errorMessage(error)}; the call is denied`);
        this.auditCall({ ...call, decision: 'approval-denied', reason: 'the approval step failed' }, 'not-sent');
        this.answerBlocked(request, approvalUnavailableText(call.tool, call.rule, errorMessage(error)));
      })
      .finally(() => this.waiting.delete(waiting));
    this.waiting.add(waiting);
  }

  private answerBlocked(request: JSONRPCRequest, text: string): void {
    if (!this.closed) this.answerClient(request.id, { jsonrpc: '2.0', id: request.id, result: toolErrorResult(text) });
  }

  private forwardRequest(request: JSONRPCRequest): void {
    if (this.options.relateToRequests === true) {
      const key = idKey(request.id);
      this.openRequests.set(key, request.id);
      const token: unknown = request.params?._meta?.progressToken;
      if (typeof token === 'string' || typeof token === 'number') this.progressTokens.set(idKey(token), request.id);
    }
    this.toServer(request);
  }

  private toServer(message: JSONRPCMessage): void {
    this.options.upstream.send(message).catch((error: unknown) => this.upstreamSendFailed(message, error));
  }

  private upstreamSendFailed(message: JSONRPCMessage, error: unknown): void {
    if (this.closed) return;
    const why = `the server could not be reached: ${errorMessage(error)}`;
    if (!('method' in message) || !('id' in message)) {
      this.options.log(`a message to the server was lost: ${why}`);
      return;
    }
    const key = idKey(message.id);
    const call = this.calls.get(key);
    if (call !== undefined) {
      this.calls.delete(key);
      this.auditCall(call, 'error', why);
    }
    this.listRequests.delete(key);
    this.answered(key);
    this.answerClient(message.id, {
      jsonrpc: '2.0',
      id: message.id,
      error: { code: UPSTREAM_UNREACHABLE, message: `mcp-risk guard: ${excerptLine(why, 300)}` },
    });
  }

  // ---- from the server -------------------------------------------------------------------

  private fromServer(message: JSONRPCMessage): void {
    if (this.closed) return;
    if ('method' in message) {
      this.toClient(message, this.relatedRequest(message.params?._meta?.progressToken ?? message.params?.['progressToken']));
      return;
    }
    if (message.id === undefined) {
      this.toClient(message);
      return;
    }
    const key = idKey(message.id);
    const call = this.calls.get(key);
    let outgoing: JSONRPCMessage = message;
    if (call !== undefined) {
      this.calls.delete(key);
      if ('error' in message) this.auditCall(call, 'error', `JSON-RPC error ${message.error.code}`);
      else if (message.result['isError'] === true) this.auditCall(call, 'error', 'the tool returned an error result');
      else this.auditCall(call, 'ok');
    } else if (this.listRequests.delete(key)) {
      if ('result' in message && Array.isArray(message.result['tools'])) {
        this.rememberListed(message.result['tools']);
        outgoing = { ...message, result: { ...message.result, tools: this.options.policy.engine.filterToolList(message.result['tools']) } };
      }
    } else if (key === this.initializeKey && 'result' in message) {
      this.initializeKey = null;
      outgoing = { ...message, result: this.onInitialized(message.result) };
    }
    this.answered(key);
    this.answerClient(message.id, outgoing);
  }

  /** The initialize result the client gets: with `tools.listChanged`, since a policy reload can change the list. */
  private onInitialized(result: Record<string, unknown>): Record<string, unknown> {
    const info = result['serverInfo'];
    if (isRecord(info) && typeof info['name'] === 'string' && info['name'].trim() !== '') {
      this.discoveredName = excerptLine(info['name'], MAX_SERVER_NAME_CHARS);
    }
    const version = result['protocolVersion'];
    if (typeof version === 'string' && version.length <= 64) this.options.upstream.setProtocolVersion?.(version);
    const capabilities = result['capabilities'];
    const tools = isRecord(capabilities) ? capabilities['tools'] : undefined;
    this.toolsDeclared = isRecord(tools);
    if (!isRecord(capabilities) || !isRecord(tools) || tools['listChanged'] === true) return result;
    return { ...result, capabilities: { ...capabilities, tools: { ...tools, listChanged: true } } };
  }

  private rememberListed(tools: readonly unknown[]): void {
    if (this.listedOverflow) return;
    for (const tool of tools) {
      const name: unknown = isRecord(tool) ? tool['name'] : undefined;
      if (typeof name !== 'string') continue;
      this.listedTools.add(name);
      if (this.listedTools.size > MAX_REMEMBERED_TOOLS) {
        // Too many to compare: every reload is announced from now on.
        this.listedOverflow = true;
        this.listedTools.clear();
        return;
      }
    }
  }

  /** A reload that hides or shows a tool the client was shown (or not shown) is announced to it. */
  private policyChanged(previous: PolicyEngine, next: PolicyEngine): void {
    if (this.closed || !this.toolsDeclared) return;
    let changed = this.listedOverflow;
    for (const name of this.listedTools) {
      if (changed) break;
      changed = previous.isVisible(name) !== next.isVisible(name);
    }
    if (changed) this.toClient({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
  }

  private relatedRequest(progressToken: unknown): RequestId | undefined {
    if (this.options.relateToRequests !== true) return undefined;
    if (typeof progressToken === 'string' || typeof progressToken === 'number') {
      const owner = this.progressTokens.get(idKey(progressToken));
      if (owner !== undefined) return owner;
    }
    // The most recent open request: a server's request or notification during a call belongs to one.
    let latest: RequestId | undefined;
    for (const id of this.openRequests.values()) latest = id;
    return latest;
  }

  private answered(key: string): void {
    if (this.options.relateToRequests !== true) return;
    const id = this.openRequests.get(key);
    if (id === undefined) return;
    this.openRequests.delete(key);
    for (const [token, owner] of this.progressTokens) if (owner === id) this.progressTokens.delete(token);
  }

  private toClient(message: JSONRPCMessage, relatedRequestId?: RequestId): void {
    const options: TransportSendOptions | undefined = relatedRequestId === undefined ? undefined : { relatedRequestId };
    this.options.downstream.send(message, options).catch((error: unknown) => {
      if (!this.closed) this.options.log(`a message to the client was lost: ${errorMessage(error)}`);
    });
  }

  // ---- bookkeeping -----------------------------------------------------------------------

  private auditCall(call: ForwardedCall, upstream: CallAuditEvent['upstream'], upstreamError?: string, retryAfterMs?: number): void {
    const event: CallAuditEvent = {
      event: 'call',
      identity: this.options.identity,
      server: this.serverName,
      tool: call.tool,
      decision: call.decision,
      rule: call.rule,
      reason: call.reason,
      argumentKeys: call.summary.keys,
      argumentsHmac: call.argumentsHmac,
      upstream,
      latencyMs: latencySince(call.started),
    };
    if (upstreamError !== undefined) event.upstreamError = upstreamError;
    if (call.approvalId !== undefined) event.approvalId = call.approvalId;
    if (call.approvalVia !== undefined) event.approvalVia = call.approvalVia;
    if (call.approvalBy !== undefined) event.approvalBy = call.approvalBy;
    if (retryAfterMs !== undefined) event.retryAfterMs = retryAfterMs;
    this.options.audit.write(event);
  }

  private auditRefused(method: string, kind: RefusedAuditEvent['kind'], reason: RefusalReason, name: unknown): void {
    const event: RefusedAuditEvent = { event: 'refused', identity: this.options.identity, server: this.serverName, method, kind, reason };
    if (typeof name === 'string') event.tool = name;
    this.options.audit.write(event);
  }

  private reportRefused(line: string): void {
    this.refusedReported += 1;
    if (this.refusedReported > MAX_REPORTED_GARBAGE) return;
    const suffix =
      this.refusedReported === MAX_REPORTED_GARBAGE ? ' (further refusals are not reported here; the audit log has them all)' : '';
    this.options.log(`${line}${suffix}`);
  }

  private reportError(side: Side, error: Error): void {
    if (this.closed) return;
    this.garbage[side] += 1;
    if (this.garbage[side] > MAX_REPORTED_GARBAGE) return;
    const suffix = this.garbage[side] === MAX_REPORTED_GARBAGE ? ' (further such errors are not reported)' : '';
    this.options.log(`${side === 'server' ? 'from the server' : 'from the client'}: ${excerptLine(error.message, 200)}${suffix}`);
  }
}
