/**
 * A policy file the guard enforces while it may change: loaded once at start (invalid → the guard
 * refuses to start), then watched. An edit that leaves a valid policy replaces the rules at once
 * (rate-limit counts carry over); an edit that does not is ignored, with one line on stderr and a
 * `policy-rejected` audit event, and the last valid policy stays in force.
 */
import { stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { AuditSink } from './audit-log.js';
import { loadGuardPolicy } from './load-guard-policy.js';
import { PolicyEngine } from './policy-engine.js';
import { SlidingWindowLimiter } from './rate-limiter.js';

/** How often the file's status is checked (a stat call; cheap). */
export const DEFAULT_POLICY_POLL_MS = 250;

export interface WatchedPolicyOptions {
  /** For files with rules for several servers (Claude Code, Codex). */
  serverName?: string;
  limiter?: SlidingWindowLimiter;
  pollMs?: number;
  audit: AuditSink;
  /** One line for the operator (stderr). */
  log: (line: string) => void;
}

export class WatchedPolicy {
  private listeners = new Set<(previous: PolicyEngine, next: PolicyEngine) => void>();
  private reloading: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private checking = false;
  private readonly poller: NodeJS.Timeout;

  private constructor(
    readonly file: string,
    public engine: PolicyEngine,
    private readonly options: WatchedPolicyOptions,
    /** The file's identity when it was last read: a change of any part means an edit. */
    private seen: string,
  ) {
    this.poller = setInterval(() => void this.check(), options.pollMs ?? DEFAULT_POLICY_POLL_MS);
    this.poller.unref();
  }

  /** Loads `file` (absolute) and starts watching it. Throws InputError (exit 2) when it is not a policy the guard can enforce. */
  static async open(file: string, options: WatchedPolicyOptions): Promise<WatchedPolicy> {
    // Taken before reading: an edit made while the file is read is seen by the first check.
    const seen = await fileIdentity(file);
    const loaded = await loadGuardPolicy(file, options.serverName);
    if (!loaded.ok) throw new InputError('input-invalid', `refusing to start: ${loaded.message}`);
    options.audit.write({ event: 'policy-loaded', file });
    const watched = new WatchedPolicy(file, new PolicyEngine(loaded.policy, options.limiter ?? new SlidingWindowLimiter()), options, seen);
    watched.serverName = loaded.server;
    return watched;
  }

  /** The server the policy file names (native `metadata.server`, or the server picked in a Claude Code or Codex file). */
  serverName: string | undefined;

  /** Called after every successful reload with the engines before and after it; returns an unsubscribe function. */
  onChange(listener: (previous: PolicyEngine, next: PolicyEngine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads the file now (the watcher calls this; tests may too). Reloads never overlap. */
  reload(): Promise<void> {
    if (this.reloading !== null) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.again = false;
        await this.reloadOnce();
      } while (this.again && !this.closed);
      this.reloading = null;
    })();
    return this.reloading;
  }

  private async check(): Promise<void> {
    if (this.checking || this.closed) return;
    this.checking = true;
    try {
      const now = await fileIdentity(this.file);
      if (now === this.seen) return;
      this.seen = now;
      await this.reload();
    } finally {
      this.checking = false;
    }
  }

  private async reloadOnce(): Promise<void> {
    const loaded = await loadGuardPolicy(this.file, this.options.serverName);
    if (this.closed) return;
    if (!loaded.ok) {
      this.options.log(`policy not reloaded, the previous one stays in force: ${loaded.message}`);
      this.options.audit.write({ event: 'policy-rejected', file: this.file, message: loaded.message });
      return;
    }
    const previous = this.engine;
    this.engine = previous.withPolicy(loaded.policy);
    this.serverName = loaded.server;
    this.options.log(`policy reloaded from ${this.file}`);
    this.options.audit.write({ event: 'policy-reloaded', file: this.file });
    for (const listener of this.listeners) listener(previous, this.engine);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.poller);
    this.listeners.clear();
  }
}

/** Inode, size and modification time, or "missing". */
async function fileIdentity(file: string): Promise<string> {
  try {
    const stats = await stat(file);
    return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `missing:${code ?? 'error'}`;
  }
}
