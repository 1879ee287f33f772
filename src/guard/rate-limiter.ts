/**
 * A sliding-window rate limiter: at most `max` calls in any `windowMs` milliseconds, counted per
 * key (the guard keys by identity and tool). Time is passed in, so the limiter is deterministic.
 * Memory per key is at most `max` timestamps; keys come from policy rules, never from callers alone.
 */

export interface WindowLimit {
  max: number;
  windowMs: number;
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export class SlidingWindowLimiter {
  private readonly windows = new Map<string, number[]>();

  /** Counts one call for `key` at `now` if the window has room; otherwise says when it will. */
  take(key: string, limit: WindowLimit, now: number): TakeResult {
    let stamps = this.windows.get(key);
    if (stamps === undefined) {
      stamps = [];
      this.windows.set(key, stamps);
    }
    const windowStart = now - limit.windowMs;
    let expired = 0;
    while (expired < stamps.length && (stamps[expired] ?? 0) <= windowStart) expired += 1;
    if (expired > 0) stamps.splice(0, expired);
    if (stamps.length >= limit.max) {
      // The call may go once the oldest counted call leaves the window (a limit lowered by a
      // reload may leave more than `max` stamps: the one that must leave is `length - max` from the start).
      const leaving = stamps[stamps.length - limit.max] ?? now;
      return { ok: false, retryAfterMs: Math.max(1, Math.ceil(leaving + limit.windowMs - now)) };
    }
    stamps.push(now);
    return { ok: true, remaining: limit.max - stamps.length };
  }

  /** Calls counted for `key` in the window ending at `now`. */
  count(key: string, windowMs: number, now: number): number {
    const stamps = this.windows.get(key) ?? [];
    return stamps.filter((stamp) => stamp > now - windowMs).length;
  }
}
