import { ServerError } from '../errors.js';

/** How much longer than the deadline the SDK's own request timer may run (a backstop only). */
const SDK_TIMEOUT_BACKSTOP_MS = 1000;

/** What the SDK's request/connect calls accept to bound one request. */
export interface RequestBounds {
  signal: AbortSignal;
  timeout: number;
}

/**
 * One time budget shared by every step of talking to a server (spawn or
 * connect, initialize, every list request), plus an optional caller signal.
 *
 * `signal` aborts when the budget runs out or the caller aborts; `race`
 * turns that into a rejection even when the awaited step never settles.
 */
export class Deadline {
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly startedAt = Date.now();
  private readonly timer: NodeJS.Timeout;
  private readonly parent: AbortSignal | undefined;
  private readonly onParentAbort = (): void => {
    this.controller.abort(this.parent?.reason);
  };
  private expired = false;

  constructor(timeoutMs: number, parent?: AbortSignal) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`timeoutMs must be a positive number, got ${String(timeoutMs)}`);
    }
    this.timeoutMs = timeoutMs;
    this.signal = this.controller.signal;
    this.parent = parent;
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new ServerError('server-timeout', `no answer within ${this.timeoutMs} ms`));
    }, timeoutMs);
    if (parent?.aborted) {
      this.onParentAbort();
    } else {
      parent?.addEventListener('abort', this.onParentAbort, { once: true });
    }
  }

  /** True once the time budget ran out (not when the caller aborted). */
  get timedOut(): boolean {
    return this.expired;
  }

  /** True when the caller's own signal aborted the work. */
  get cancelled(): boolean {
    return this.signal.aborted && !this.expired;
  }

  /** Milliseconds left, at least 1 so it can always be passed as a timeout. */
  remaining(): number {
    return Math.max(1, this.timeoutMs - (Date.now() - this.startedAt));
  }

  /** A ServerError('server-timeout') naming what we were waiting for. */
  timeoutError(step: string): ServerError {
    return new ServerError('server-timeout', `no answer to ${step} within ${this.timeoutMs} ms`);
  }

  /**
   * Settles like `promise`, or rejects as soon as the deadline passes or the
   * caller aborts: with `timeoutError(step)` on timeout, with the caller's
   * abort reason on cancellation.
   */
  race<T>(promise: Promise<T>, step: string): Promise<T> {
    // Once we stop waiting, a late rejection of `promise` is a consequence of
    // our own teardown; it has already been accounted for by the race below.
    promise.catch(() => undefined);
    if (this.signal.aborted) {
      return Promise.reject(this.abortError(step));
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(this.abortError(step));
      this.signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          this.signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /**
   * Runs one SDK request within the deadline: `send` gets a signal of its own
   * (see `link`) and a backstop timeout; the result is raced against the
   * deadline, so the step ends on time even if the SDK never settles.
   */
  async run<T>(step: string, send: (bounds: RequestBounds) => Promise<T>): Promise<T> {
    if (this.signal.aborted) throw this.abortError(step);
    const link = this.link();
    try {
      return await this.race(send({ signal: link.signal, timeout: this.remaining() + SDK_TIMEOUT_BACKSTOP_MS }), step);
    } finally {
      link.release();
    }
  }

  /**
   * A signal for one request: aborts with the deadline, and `release()`
   * detaches it afterwards, so the many listeners the SDK leaves on a
   * request's signal never pile up on the shared one.
   */
  link(): { signal: AbortSignal; release: () => void } {
    const child = new AbortController();
    const forward = (): void => child.abort(this.signal.reason);
    if (this.signal.aborted) {
      forward();
    } else {
      this.signal.addEventListener('abort', forward, { once: true });
    }
    return { signal: child.signal, release: () => this.signal.removeEventListener('abort', forward) };
  }

  /** The error to surface after `signal` aborted. */
  abortError(step: string): unknown {
    return this.expired ? this.timeoutError(step) : this.signal.reason;
  }

  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void {
    clearTimeout(this.timer);
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}
