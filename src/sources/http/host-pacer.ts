/**
 * Politeness: a request to a host starts at least `delayMs` (or the host's robots.txt
 * Crawl-delay, when longer) after the previous request to that host finished — so however slow
 * the site or the network, the site never sees two of our requests closer than the delay.
 * Slots are reserved before waiting, so concurrent callers queue up instead of bursting.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class HostPacer {
  private readonly nextSlot = new Map<string, number>();
  private readonly lastFinished = new Map<string, number>();
  private readonly hostDelay = new Map<string, number>();

  constructor(private readonly delayMs: number) {}

  /** Raises the gap for one host (never lowers it below the pacer's delay), from its last request on. */
  setHostDelay(host: string, delayMs: number): void {
    const delay = Math.max(this.delayMs, delayMs);
    this.hostDelay.set(host, delay);
    const finished = this.lastFinished.get(host);
    if (finished !== undefined) this.nextSlot.set(host, Math.max(this.nextSlot.get(host) ?? 0, finished + delay));
  }

  delayFor(host: string): number {
    return this.hostDelay.get(host) ?? this.delayMs;
  }

  /** Resolves when a request to `url`'s host may start. */
  async wait(url: URL, signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot.get(url.host) ?? now);
    this.nextSlot.set(url.host, slot + this.delayFor(url.host));
    const waitMs = slot - now;
    if (waitMs > 0) await sleep(waitMs, undefined, signal === undefined ? undefined : { signal });
  }

  /** Call when a request to `url`'s host has finished (answered or failed): the next waits from now. */
  finished(url: URL): void {
    const now = performance.now();
    this.lastFinished.set(url.host, now);
    const earliest = now + this.delayFor(url.host);
    this.nextSlot.set(url.host, Math.max(this.nextSlot.get(url.host) ?? 0, earliest));
  }
}
