/**
 * The guard's audit log: JSON Lines, appended, one event per decision. A call event says who
 * (identity), which server and tool, what was decided by which rule and why, the argument keys and
 * a keyed hash of the canonical arguments (HMAC-SHA256 under the log's own key, see audit-key.ts;
 * never their values), whether the call reached the server and how it went (ok / error /
 * not-sent), and the latency in ms. A message the guard refused (a method it does not relay, a
 * request id already in flight) is a `refused` event. Policy loads, reloads and rejected reloads
 * are events too. Every field is bounded, so every line is.
 *
 * Lines are written synchronously on one append-mode descriptor: each event is one write, in
 * order, visible to a reader as soon as the decision is made.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, errorMessage } from '../errors.js';
import { shortenText } from '../hostile-text/bounded-text.js';
import { argumentsHmac, openAuditKey } from './audit-key.js';

export const AUDIT_DECISIONS = [
  'allow',
  'deny',
  'hide',
  'rate-limited',
  'approved',
  'approval-denied',
  'approval-timeout',
  'approval-cancelled',
] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

export type UpstreamStatus = 'ok' | 'error' | 'not-sent';

export interface CallAuditEvent {
  event: 'call';
  identity: string;
  server: string;
  tool: string;
  decision: AuditDecision;
  rule: string;
  reason: string;
  argumentKeys: string[];
  /** Hex HMAC-SHA256 of the canonical arguments under the log's key; null when there is no log key or they nest too deeply. */
  argumentsHmac: string | null;
  upstream: UpstreamStatus;
  /** From the call reaching the guard to its answer leaving it (approval wait included). */
  latencyMs: number;
  /** What went wrong upstream, when `upstream` is `error`. */
  upstreamError?: string;
  approvalId?: string;
  /** How a person decided a held call: `terminal` (the code typed back at the guard's terminal) or `approvals-command` (with the terminal's one-time code). */
  approvalVia?: string;
  /** Who decided: user and terminal; a denial from the approvals command is marked "(claimed)" (denying needs no code). */
  approvalBy?: string;
  retryAfterMs?: number;
}

export interface PolicyAuditEvent {
  event: 'policy-loaded' | 'policy-reloaded' | 'policy-rejected';
  file: string;
  /** For a rejected reload: the first problem, one line. */
  message?: string;
}

/** Why the guard refused a message from the client. */
export type RefusalReason = 'unknown-method' | 'id-in-flight' | 'too-many-in-flight';

export interface RefusedAuditEvent {
  event: 'refused';
  identity: string;
  server: string;
  /** The method as the client sent it. */
  method: string;
  /** A request is answered with a JSON-RPC error; a notification is dropped. */
  kind: 'request' | 'notification';
  reason: RefusalReason;
  /** `params.name` when it is a string (a `tools/call` in disguise names its tool). */
  tool?: string;
}

export type AuditEvent = CallAuditEvent | PolicyAuditEvent | RefusedAuditEvent;

/** No audit line is longer than this many characters. */
export const MAX_AUDIT_LINE_CHARS = 8192;

const FIELD_LIMITS: Record<string, number> = {
  identity: 100,
  server: 200,
  tool: 200,
  method: 200,
  rule: 300,
  reason: 500,
  file: 1000,
  message: 500,
  upstreamError: 200,
  approvalId: 64,
  approvalVia: 40,
  approvalBy: 200,
};

function cut(text: string, max: number): string {
  return shortenText(text, max, '…');
}

/** The event as one line of JSON, every string field within its bound. */
export function formatAuditLine(event: AuditEvent, time: Date): string {
  const record: Record<string, unknown> = { time: time.toISOString() };
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined) continue;
    const limit = FIELD_LIMITS[key];
    record[key] = typeof value === 'string' && limit !== undefined ? cut(value, limit) : value;
  }
  let line = JSON.stringify(record);
  if (line.length > MAX_AUDIT_LINE_CHARS && Array.isArray(record['argumentKeys'])) {
    const keys = record['argumentKeys'] as string[];
    record['argumentKeys'] = keys.slice(0, 8);
    record['argumentKeysTruncated'] = true;
    line = JSON.stringify(record);
  }
  return `${line}\n`;
}

export interface AuditSink {
  write(event: AuditEvent): void;
  close(): void;
  /** The keyed hash of a call's arguments for its event; a sink without a key gives null. */
  argumentsHmac?(args: unknown): string | null;
}

/** No audit log: events are dropped. */
export const NO_AUDIT: AuditSink = { write: () => undefined, close: () => undefined };

export class AuditLog implements AuditSink {
  private fd: number | null;
  private failed = false;

  private constructor(
    readonly file: string,
    fd: number,
    private readonly key: Buffer,
    private readonly onFailure: (message: string) => void,
    private readonly now: () => Date,
  ) {
    this.fd = fd;
  }

  /**
   * Opens `file` (absolute) for appending, creating it (mode 0600) and its folder, and its key
   * `<file>.key` (created once, 0600). Throws InputError when either cannot be used.
   */
  static open(file: string, onFailure: (message: string) => void, now: () => Date = () => new Date()): AuditLog {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new InputError(
        'input-unreadable',
        `cannot open the audit log ${file}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`,
        { cause: error },
      );
    }
    const key = openAuditKey(file);
    try {
      return new AuditLog(file, openSync(file, 'a', 0o600), key, onFailure, now);
    } catch (error) {
      throw new InputError(
        'input-unreadable',
        `cannot open the audit log ${file}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`,
        { cause: error },
      );
    }
  }

  argumentsHmac(args: unknown): string | null {
    return argumentsHmac(this.key, args);
  }

  write(event: AuditEvent): void {
    if (this.fd === null) return;
    const line = formatAuditLine(event, this.now());
    try {
      writeSync(this.fd, line);
    } catch (error) {
      // The decision stands either way; say once that the log is losing lines.
      if (!this.failed)
        this.onFailure(`cannot write the audit log ${this.file}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
      this.failed = true;
    }
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    closeSync(fd);
  }
}
