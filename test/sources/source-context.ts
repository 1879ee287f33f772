/** A SourceContext for tests, with its log lines kept. */
import type { CrawlEntry } from '../../src/crawl-entry.js';
import type { CatalogueSource, SourceContext } from '../../src/sources/source.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

export interface TestContext extends SourceContext {
  lines: string[];
}

export function testContext(overrides: Partial<SourceContext> = {}): TestContext {
  const lines: string[] = [];
  return {
    npmRegistry: 'http://127.0.0.1:9/',
    cwd: process.cwd(),
    render: false,
    pageCap: 100,
    politeDelayMs: 0,
    // Requests go to sites on 127.0.0.1 that answer at once: the budget is a safety net only.
    timeoutMs: SAFETY_NET_MS,
    ...overrides,
    lines,
    log: (line: string) => {
      lines.push(line);
    },
  };
}

export async function collect(source: CatalogueSource, location: string, context: SourceContext): Promise<CrawlEntry[]> {
  const entries: CrawlEntry[] = [];
  for await (const entry of source.entries(location, context)) entries.push(entry);
  return entries;
}
