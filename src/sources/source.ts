/**
 * The contract every catalogue source implements: given the location after `<kind>:`, yield
 * crawl entries. Sources only read catalogues (files, registries, web pages); they never run
 * a server.
 */
import type { CrawlEntry, SourceKind } from '../crawl-entry.js';

export interface SourceContext {
  /** Base URL of the npm registry (default: the npm config's registry). */
  npmRegistry: string;
  /** Working directory for relative file locations. */
  cwd: string;
  /** Stop early. */
  signal?: AbortSignal;
  /** One line of progress or a warning, for the user. */
  log(line: string): void;
  /** Load catalogue pages in Chromium (playwright-core) instead of plain HTTP. */
  render: boolean;
  /** The most pages an html source may fetch. */
  pageCap: number;
  /** Milliseconds between two requests to the same host. */
  politeDelayMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
}

export interface CatalogueSource {
  kind: SourceKind;
  /** One line for --help and the README. */
  summary: string;
  entries(location: string, context: SourceContext): AsyncIterable<CrawlEntry>;
}
