import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, UsageError } from '../../src/errors.js';
import { htmlSource, pathPrefixOf } from '../../src/sources/html-source.js';
import type { CrawlEntry } from '../../src/crawl-entry.js';
import { startFakeSite } from './fake-site.js';
import type { FakeSite } from './fake-site.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';
import { collect, testContext } from './source-context.js';

const FIXTURES = new URL('./fixtures/catalogue/', import.meta.url);

/** The "MCP Hub" catalogue: 3 listing pages of server cards, detail pages, robots.txt. */
const CATALOGUE: Record<string, string> = {
  '/robots.txt': 'robots.txt',
  '/servers': 'servers-page-1.html',
  '/servers?page=2': 'servers-page-2.html',
  '/servers?page=3': 'servers-page-3.html',
  '/servers/weather-forecast': 'weather-forecast.html',
  '/servers/github-issues': 'github-issues.html',
  '/servers/docs-search': 'docs-search.html',
  '/servers/postgres-admin': 'postgres-admin.html',
  '/servers/shadow-exec': 'shadow-exec.html',
  '/servers/linear-remote': 'linear-remote.html',
  '/servers/stripe-payments': 'stripe-payments.html',
  '/servers/local-files': 'local-files.html',
  '/servers/submit.html': 'submit.html',
};

function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

async function startCatalogue(extra: Record<string, string> = {}): Promise<FakeSite> {
  return startFakeSite((path) => {
    const override = extra[path];
    if (override !== undefined) return { body: override, type: path.endsWith('.txt') ? 'text/plain' : 'text/html; charset=utf-8' };
    const file = CATALOGUE[path];
    if (file === undefined) return undefined;
    return { body: fixture(file), type: file.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8' };
  });
}

function gaps(site: FakeSite): number[] {
  return site.requests.slice(1).map((request, index) => request.at - (site.requests[index]?.at ?? 0));
}

function expectedEntries(origin: string): CrawlEntry[] {
  return [
    {
      id: 'npm:@notes/quick-mcp',
      name: 'Quick Notes',
      source: { kind: 'html', location: `${origin}/servers?page=3` },
      launch: { kind: 'npm', package: '@notes/quick-mcp' },
      metadata: { name: '@notes/quick-mcp', description: 'A tiny notes server (no detail page yet).' },
    },
    {
      id: 'npm:@acme/weather-mcp',
      name: 'Weather Forecast',
      source: { kind: 'html', location: `${origin}/servers/weather-forecast` },
      launch: { kind: 'npm', package: '@acme/weather-mcp' },
      metadata: {
        name: '@acme/weather-mcp',
        description: 'Forecasts and severe-weather alerts from the national weather service.',
        repository: 'https://github.com/acme/weather-mcp',
      },
      listedTools: [
        { name: 'get_forecast', description: 'Get the weather forecast for a latitude and longitude.' },
        { name: 'get_alerts', description: 'List active weather alerts for a US state.' },
      ],
    },
    {
      id: 'npm:@gh/issues-mcp',
      name: 'GitHub Issues',
      source: { kind: 'html', location: `${origin}/servers/github-issues` },
      launch: { kind: 'npm', package: '@gh/issues-mcp' },
      metadata: { name: '@gh/issues-mcp', description: 'Search, open and comment on GitHub issues. Needs a personal access token.' },
      listedTools: [
        { name: 'search_issues', description: 'Search issues across repositories.' },
        { name: 'create_issue', description: 'Open a new issue in a repository.' },
        { name: 'add_comment', description: 'Comment on an issue or pull request.' },
      ],
    },
    {
      id: 'url:https://docs.example.com/mcp',
      name: 'Docs Search',
      source: { kind: 'html', location: `${origin}/servers/docs-search` },
      launch: { kind: 'url', url: 'https://docs.example.com/mcp', transport: 'auto' },
      metadata: { description: 'Semantic search over product documentation, hosted by its authors.' },
      listedTools: [
        { name: 'search_docs', description: 'Find passages that answer a question.' },
        { name: 'get_page', description: 'Fetch one documentation page as markdown.' },
      ],
    },
    {
      id: 'npm:@pg/admin-mcp',
      name: 'Postgres Admin',
      source: { kind: 'html', location: `${origin}/servers/postgres-admin` },
      launch: { kind: 'npm', package: '@pg/admin-mcp' },
      metadata: {
        name: '@pg/admin-mcp',
        description: 'Query and administer PostgreSQL databases.',
        repository: 'https://github.com/pg-tools/admin-mcp',
      },
      listedTools: [
        { name: 'run_query', description: 'Run a read-only SQL query.' },
        { name: 'drop_table', description: 'Drop a table and all its data.' },
        { name: 'list_tables', description: 'List the tables of a schema.' },
      ],
    },
    {
      id: 'url:https://mcp.example.com/linear/sse',
      name: 'Linear (remote)',
      source: { kind: 'html', location: `${origin}/servers/linear-remote` },
      launch: { kind: 'url', url: 'https://mcp.example.com/linear/sse', transport: 'sse' },
      metadata: { description: 'Hosted by Linear. Sign in with OAuth when your client connects.' },
    },
    {
      id: `html:${origin}/servers/stripe-payments`,
      name: 'Stripe Payments',
      source: { kind: 'html', location: `${origin}/servers/stripe-payments` },
      launch: { kind: 'listed-only' },
      metadata: { description: 'Create payment links, refunds and invoices. Available to Stripe customers on request.' },
      listedTools: [
        { name: 'create_payment_link', description: 'Create a payment link for a product and price.' },
        { name: 'create_refund', description: 'Refund a charge, in full or in part.' },
        { name: 'list_invoices', description: 'List invoices of a customer.' },
      ],
    },
    {
      id: 'npm:@files/mcp-server',
      name: 'Local Files',
      source: { kind: 'html', location: `${origin}/servers/local-files` },
      launch: { kind: 'npm', package: '@files/mcp-server' },
      metadata: { name: '@files/mcp-server', description: 'Read and write files in folders you allow.' },
      listedTools: [
        { name: 'read_file', description: 'Read a file as text.' },
        { name: 'write_file', description: 'Create or overwrite a file.' },
        { name: 'delete_file', description: 'Delete a file.' },
      ],
    },
    {
      // Its detail page is disallowed by robots.txt: the listing card is all we know.
      id: 'npm:shadow-exec-mcp',
      name: 'Shadow Exec',
      source: { kind: 'html', location: `${origin}/servers?page=2` },
      launch: { kind: 'npm', package: 'shadow-exec-mcp' },
      metadata: { name: 'shadow-exec-mcp', description: 'Runs shell commands for you.' },
    },
  ];
}

describe('html source on a static catalogue', () => {
  const sites: FakeSite[] = [];
  after(async () => {
    await Promise.all(sites.map((site) => site.close()));
  });

  test('reads listings, pagination and detail pages into entries, and obeys robots.txt', async () => {
    const site = await startCatalogue();
    sites.push(site);
    const context = testContext();
    const entries = await collect(htmlSource, `${site.origin}/servers`, context);

    assert.deepEqual(entries, expectedEntries(site.origin));
    assert.deepEqual(site.paths(), [
      '/robots.txt',
      '/servers',
      '/servers?page=2',
      '/servers?page=3',
      '/servers/weather-forecast',
      '/servers/github-issues',
      '/servers/docs-search',
      '/servers/postgres-admin',
      '/servers/linear-remote',
      '/servers/stripe-payments',
      '/servers/local-files',
      '/servers/submit.html',
    ]);
    assert.ok(!site.paths().includes('/servers/shadow-exec'), 'the page disallowed by robots.txt was requested');
    assert.ok(site.requests.every((request) => request.userAgent.startsWith('mcp-risk/') && request.method === 'GET'));
    assert.deepEqual(context.lines, [`html ${site.origin}: 11 pages fetched, 9 servers, 1 pages disallowed by robots.txt`]);
  });

  test('stops at the page cap; cards whose detail page was not fetched stand on the listing alone', async () => {
    const site = await startCatalogue();
    sites.push(site);
    const context = testContext({ pageCap: 2 });
    const entries = await collect(htmlSource, `${site.origin}/servers`, context);

    assert.deepEqual(site.paths(), ['/robots.txt', '/servers', '/servers?page=2']);
    assert.deepEqual(entries, [expectedEntries(site.origin).at(-1)]);
    assert.deepEqual(context.lines, [
      `html ${site.origin}: page cap of 2 reached; 8 queued pages not fetched`,
      `html ${site.origin}: 2 pages fetched, 1 servers, 5 listed without a package, URL or tools (not crawled)`,
    ]);
  });

  test('waits politeDelayMs between two requests to the site', async () => {
    const site = await startCatalogue();
    sites.push(site);
    await collect(htmlSource, `${site.origin}/servers`, testContext({ pageCap: 4, politeDelayMs: 150 }));

    assert.deepEqual(site.paths(), ['/robots.txt', '/servers', '/servers?page=2', '/servers?page=3', '/servers/weather-forecast']);
    const measured = gaps(site);
    assert.equal(measured.length, 4);
    for (const gap of measured) assert.ok(gap >= 140, `requests ${gap.toFixed(1)} ms apart; expected at least 150 ms`);
  });

  test("honours the site's Crawl-delay when it is longer than the polite delay", async () => {
    const site = await startCatalogue({ '/robots.txt': 'User-agent: *\nCrawl-delay: 0.25\nDisallow: /servers/shadow-exec\n' });
    sites.push(site);
    await collect(htmlSource, `${site.origin}/servers`, testContext({ pageCap: 3, politeDelayMs: 10 }));

    assert.deepEqual(site.paths(), ['/robots.txt', '/servers', '/servers?page=2', '/servers?page=3']);
    for (const gap of gaps(site)) assert.ok(gap >= 240, `requests ${gap.toFixed(1)} ms apart; expected at least 250 ms`);
  });

  test('a robots.txt that cannot be read (HTTP 503) means nothing is crawled', async () => {
    const site = await startFakeSite((path) =>
      path === '/robots.txt' ? { status: 503, type: 'text/plain', body: 'busy' } : { body: fixture('servers-page-1.html') },
    );
    sites.push(site);
    const context = testContext();
    const entries = await collect(htmlSource, `${site.origin}/servers`, context);

    assert.deepEqual(entries, []);
    assert.deepEqual(site.paths(), ['/robots.txt']);
    assert.deepEqual(context.lines, [
      `${site.origin}/robots.txt answered HTTP 503; not crawling ${site.origin}`,
      `html ${site.origin}: robots.txt disallows ${site.origin}/servers for mcp-risk; nothing crawled`,
      `html ${site.origin}: 0 pages fetched, 0 servers, 1 pages disallowed by robots.txt`,
    ]);
  });

  test('a missing robots.txt (404) allows everything', async () => {
    const missing = await startFakeSite((path) =>
      path === '/robots.txt' ? undefined : CATALOGUE[path] === undefined ? undefined : { body: fixture(CATALOGUE[path] ?? '') },
    );
    sites.push(missing);
    const entries = await collect(htmlSource, `${missing.origin}/servers`, testContext());

    assert.equal(missing.paths()[0], '/robots.txt');
    assert.ok(missing.paths().includes('/servers/shadow-exec'));
    assert.deepEqual(
      entries.map((entry) => entry.id),
      [
        'npm:@notes/quick-mcp',
        'npm:@acme/weather-mcp',
        'npm:@gh/issues-mcp',
        'url:https://docs.example.com/mcp',
        'npm:@pg/admin-mcp',
        'npm:shadow-exec-mcp',
        'url:https://mcp.example.com/linear/sse',
        `html:${missing.origin}/servers/stripe-payments`,
        'npm:@files/mcp-server',
      ],
    );
  });

  test('does not follow a redirect off the site, and skips pages that are too large, too deep or not HTML', async () => {
    const listing = `<!doctype html><h1>Servers</h1><ul>
      <li class="server-card"><a href="/servers/moved"><h3>Moved</h3></a><p>Moved away.</p></li>
      <li class="server-card"><a href="/servers/huge"><h3>Huge</h3></a><p>A very long page.</p></li>
      <li class="server-card"><a href="/servers/data"><h3>Data</h3></a><p>Not a page.</p></li>
      <li class="server-card"><a href="/servers/deep"><h3>Deep</h3></a><p>Nested without end.</p></li>
    </ul>`;
    const site = await startFakeSite((path) => {
      if (path === '/robots.txt') return { type: 'text/plain', body: 'User-agent: *\nAllow: /\n' };
      if (path === '/servers') return { body: listing };
      if (path === '/servers/moved') return { status: 302, body: '', headers: { location: 'http://localhost:9/elsewhere' } };
      if (path === '/servers/huge') return { body: `<h1>Huge</h1><pre>npx -y huge-mcp</pre>${'x'.repeat(5 * 1024 * 1024)}` };
      if (path === '/servers/data') return { type: 'application/json', body: '{"npx -y data-mcp": true}' };
      if (path === '/servers/deep') return { body: `<h1>Deep</h1><pre>npx -y deep-mcp</pre>${'<div>'.repeat(100_000)}` };
      return undefined;
    });
    sites.push(site);
    const context = testContext();
    const entries = await collect(htmlSource, `${site.origin}/servers`, context);

    assert.deepEqual(entries, []);
    assert.deepEqual(site.paths(), ['/robots.txt', '/servers', '/servers/moved', '/servers/huge', '/servers/data', '/servers/deep']);
    assert.deepEqual(context.lines, [
      `html ${site.origin}: http://localhost:9/elsewhere is not on ${site.origin}; not followed`,
      `html ${site.origin}: cannot fetch ${site.origin}/servers/huge: the response is larger than 5120 KB`,
      `html ${site.origin}: ${site.origin}/servers/data skipped: not HTML ("application/json")`,
      `html ${site.origin}: ${site.origin}/servers/deep skipped: it nests elements more than 512 deep; not read`,
      `html ${site.origin}: 5 pages fetched, 0 servers, 4 listed without a package, URL or tools (not crawled)`,
    ]);
  });

  test('aborting the signal ends the listing at once, without an error', async () => {
    // Aborted once robots.txt is asked for, so during the polite delay before the first page: a
    // delay that would outlast the test's safety net, so only an abort that works lets it end.
    const controller = new AbortController();
    const site = await startFakeSite((path) => {
      if (path === '/robots.txt') setImmediate(() => controller.abort());
      return path === '/robots.txt' ? { type: 'text/plain', body: '' } : { body: fixture('servers-page-1.html') };
    });
    sites.push(site);
    const entries = await collect(
      htmlSource,
      `${site.origin}/servers`,
      testContext({ politeDelayMs: SAFETY_NET_MS, signal: controller.signal }),
    );

    assert.deepEqual(entries, []);
    assert.deepEqual(site.paths(), ['/robots.txt']);
  });

  test('a start page that cannot be read is an InputError naming it', async () => {
    const site = await startFakeSite((path) => (path === '/robots.txt' ? { type: 'text/plain', body: '' } : undefined));
    sites.push(site);
    await assert.rejects(collect(htmlSource, `${site.origin}/servers`, testContext()), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, 'input-unreadable');
      assert.equal(error.message, `cannot read catalogue page ${site.origin}/servers: HTTP 404`);
      return true;
    });
  });

  test('a location that is not an http(s) URL is a UsageError', async () => {
    await assert.rejects(collect(htmlSource, 'catalogue.example.com', testContext()), UsageError);
    await assert.rejects(collect(htmlSource, 'ftp://catalogue.example.com/', testContext()), UsageError);
  });

  test('the start path decides which plain links are part of the catalogue', () => {
    assert.equal(pathPrefixOf(new URL('https://hub.example.com/servers')), '/servers/');
    assert.equal(pathPrefixOf(new URL('https://hub.example.com/servers/')), '/servers/');
    assert.equal(pathPrefixOf(new URL('https://hub.example.com/list.html')), '/');
    assert.equal(pathPrefixOf(new URL('https://hub.example.com/')), '/');
  });
});
