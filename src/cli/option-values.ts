/**
 * What declaring options needs and nothing more (commands import it at start-up, before any
 * command runs): the collector of a repeatable option and the default time allowed for a server.
 */

export const DEFAULT_TIMEOUT_MS = 30_000;

/** For a repeatable option: each value is added to the list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
