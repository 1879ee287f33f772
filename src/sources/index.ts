/**
 * The catalogue sources `crawl --source <kind>:<location>` can read, and the parser of that
 * option's value.
 */
import { UsageError } from '../errors.js';
import { SOURCE_KINDS } from '../crawl-entry.js';
import type { SourceKind } from '../crawl-entry.js';
import { htmlSource } from './html-source.js';
import { listSource } from './list-source.js';
import { npmSource } from './npm-source.js';
import { registrySource } from './registry-source.js';
import type { CatalogueSource } from './source.js';

/** Every source, by kind. */
export const SOURCES: Readonly<Record<SourceKind, CatalogueSource>> = {
  list: listSource,
  npm: npmSource,
  registry: registrySource,
  html: htmlSource,
};

export interface SourceSpec {
  source: CatalogueSource;
  /** What follows `<kind>:`, as given. */
  location: string;
}

/** Reads `<kind>:<location>`; UsageError for an unknown kind or an empty location. */
export function parseSourceSpec(spec: string): SourceSpec {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec.trim() : spec.slice(0, colon).trim();
  const location = colon < 0 ? '' : spec.slice(colon + 1).trim();
  const known = Object.keys(SOURCES).join(', ');
  const source = (SOURCE_KINDS as readonly string[]).includes(kind) ? SOURCES[kind as SourceKind] : undefined;
  if (source === undefined) {
    throw new UsageError(
      `unknown source kind ${JSON.stringify(kind.slice(0, 40))} in --source ${JSON.stringify(spec.slice(0, 200))}; expected one of ${known}, as <kind>:<location>`,
    );
  }
  if (location === '') throw new UsageError(`--source ${JSON.stringify(spec.slice(0, 200))} has no location; expected ${kind}:<location>`);
  return { source, location };
}
