/**
 * When a catalogue entry is crawled again. In order:
 *  - never crawled: due (`new`);
 *  - its launch definition in the source changed since the stored crawl (command, args, env
 *    names, package, pinned version, bin, URL, header names, required settings — compared by the
 *    `launchHash` kept with the record, so the rule survives restarts): due at once (`changed`);
 *  - an npm package whose wanted version differs from the one stored: due (`version`);
 *  - its last crawl failed and is older than `failedMaxAgeMs` (default 6 h): due (`failed`);
 *  - its last crawl is older than `maxAgeMs` (default 168 h): due (`stale`).
 * With `retryFailed`, only entries whose last crawl failed are due, whatever their age.
 * `needs-config` is not a failure: it waits for `changed` (a fixed entry) or `stale`.
 */
import { canonicalJson } from '../catalogue/canonical-json.js';
import type { CatalogueServer } from '../catalogue/catalogue-model.js';
import { sha256Hex } from '../catalogue/tool-hashes.js';
import type { CrawlEntry } from '../crawl-entry.js';

export type DueReason = 'new' | 'changed' | 'version' | 'failed' | 'stale';

export interface DueRule {
  /** A record older than this is due again. */
  maxAgeMs: number;
  /** A failed record older than this is due again (never later than maxAgeMs). */
  failedMaxAgeMs: number;
  /** Re-crawl only the entries whose last crawl failed. */
  retryFailed: boolean;
}

/** Six hours: a failed server is tried again four times a day rather than once a week. */
export const DEFAULT_FAILED_MAX_AGE_MS = 6 * 3_600_000;

/**
 * sha256 of how an entry is launched, as the source defines it: names of env variables and
 * headers, never their values (they may be secrets, and dummy values are not a change).
 */
export function launchHash(entry: Pick<CrawlEntry, 'launch' | 'required'>): string {
  const { launch } = entry;
  const names = (map: Record<string, string> | undefined): string[] | undefined =>
    map === undefined ? undefined : Object.keys(map).sort();
  const shape =
    launch.kind === 'npm'
      ? { kind: launch.kind, package: launch.package, version: launch.version, bin: launch.bin, args: launch.args, env: names(launch.env) }
      : launch.kind === 'command'
        ? { kind: launch.kind, command: launch.command, args: launch.args, env: names(launch.env) }
        : launch.kind === 'url'
          ? { kind: launch.kind, url: launch.url, headers: names(launch.headers), transport: launch.transport }
          : { kind: launch.kind };
  const required = (entry.required ?? []).map((setting) => `${setting.kind}:${setting.name}:${setting.secret ? 'secret' : 'plain'}`).sort();
  return sha256Hex(canonicalJson({ launch: shape, required }));
}

/** Why `entry` is due for a crawl, or null when its stored record is fresh enough. */
export function dueReason(entry: CrawlEntry, previous: CatalogueServer | undefined, now: Date, rule: DueRule): DueReason | null {
  if (rule.retryFailed) return previous?.status === 'failed' ? 'failed' : null;
  if (!previous) return 'new';
  // Records written before launch hashes were kept carry their launch: hash that instead.
  const stored = previous.launchHash ?? launchHash({ launch: previous.launch, ...(entry.required ? { required: entry.required } : {}) });
  if (stored !== launchHash(entry)) return 'changed';
  const wanted = entry.launch.kind === 'npm' ? (entry.launch.version ?? entry.metadata?.version) : undefined;
  if (wanted !== undefined && previous.metadata.version !== undefined && wanted !== previous.metadata.version) return 'version';
  const age = now.getTime() - Date.parse(previous.lastCrawled);
  if (previous.status === 'failed' && !(age < Math.min(rule.failedMaxAgeMs, rule.maxAgeMs))) return 'failed';
  if (!(age < rule.maxAgeMs)) return 'stale';
  return null;
}
