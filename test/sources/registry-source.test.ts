import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, UsageError } from '../../src/errors.js';
import { MAX_REGISTRY_PAGES, registrySource } from '../../src/sources/registry-source.js';
import type { CrawlEntry } from '../../src/crawl-entry.js';
import { startFakeSite } from './fake-site.js';
import type { FakeSite } from './fake-site.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';
import { collect, testContext } from './source-context.js';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const active = { [OFFICIAL]: { status: 'active', isLatest: true, publishedAt: '2025-10-01T10:00:00Z' } };

/** Page 1: the current API shape, `{ server, _meta }`. */
const PAGE_1 = {
  servers: [
    {
      server: {
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json',
        name: 'io.github.acme/weather',
        description: 'Weather forecasts and alerts',
        version: '1.4.0',
        repository: { url: 'https://github.com/acme/weather-mcp', source: 'github' },
        websiteUrl: 'https://acme.example.com/weather',
        packages: [
          {
            registryType: 'npm',
            registryBaseUrl: 'https://registry.npmjs.org',
            identifier: '@acme/weather-mcp',
            version: '1.4.2',
            runtimeHint: 'npx',
            transport: { type: 'stdio' },
            runtimeArguments: [{ type: 'named', name: '--yes' }],
            packageArguments: [
              { type: 'positional', valueHint: 'config_path', isRequired: true, description: 'Path to the config file' },
              { type: 'named', name: '--units', default: 'metric' },
              { type: 'named', name: '--port', value: '8080' },
              { type: 'named', name: '--verbose' },
            ],
            environmentVariables: [
              { name: 'WEATHER_API_KEY', isSecret: true, isRequired: true, description: 'API key from the weather service' },
              { name: 'WEATHER_REGION', isRequired: true, default: 'us' },
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'WEATHER_CACHE_DIR', description: 'Optional cache folder' },
            ],
          },
        ],
      },
      _meta: active,
    },
    {
      server: {
        name: 'com.example/remote-docs',
        description: 'Hosted documentation search',
        version: '2.0.0',
        remotes: [
          { type: 'sse', url: 'https://docs.example.com/sse' },
          {
            type: 'streamable-http',
            url: 'https://{tenant}.docs.example.com/mcp',
            variables: { tenant: { description: 'Your tenant', default: 'public' } },
            headers: [
              { name: 'X-Client', value: 'mcp-risk' },
              {
                name: 'Authorization',
                value: 'Bearer {token}',
                isRequired: true,
                isSecret: true,
                variables: { token: { isSecret: true, isRequired: true } },
              },
            ],
          },
        ],
      },
      _meta: active,
    },
    {
      server: {
        name: 'io.github.py/analysis',
        description: 'Python data analysis',
        version: '1.0.0',
        packages: [{ registryType: 'pypi', identifier: 'mcp-analysis', version: '1.0.0', transport: { type: 'stdio' } }],
      },
      _meta: active,
    },
    {
      server: {
        name: 'io.github.acme/weather',
        description: 'An older version, listed again',
        version: '1.3.0',
        packages: [{ registryType: 'npm', identifier: '@acme/weather-mcp-old', version: '1.3.0', transport: { type: 'stdio' } }],
      },
      _meta: { [OFFICIAL]: { status: 'active', isLatest: false } },
    },
  ],
  metadata: { nextCursor: 'io.github.py/analysis:1.0.0', count: 4 },
};

/** Page 2: bare server.json objects with `_meta` inside, and the 2025-07 snake_case fields. */
const PAGE_2 = {
  servers: [
    {
      name: 'io.github.bare/files',
      description: 'Files in one folder',
      version: '0.9.0',
      packages: [
        {
          registryType: 'npm',
          identifier: '@bare/files-mcp',
          version: '0.9.0',
          transport: { type: 'stdio' },
          packageArguments: [{ type: 'positional', value: '/data' }],
        },
      ],
      _meta: active,
    },
    {
      name: 'com.example/events',
      description: 'Event stream',
      version: '1.0.0',
      remotes: [{ type: 'sse', url: 'https://events.example.com/sse' }],
    },
    {
      server: {
        name: 'io.github.gone/thing',
        description: 'Removed',
        version: '1.0.0',
        packages: [{ registryType: 'npm', identifier: 'gone-mcp', version: '1.0.0', transport: { type: 'stdio' } }],
      },
      _meta: { [OFFICIAL]: { status: 'deleted', isLatest: true } },
    },
    {
      server: {
        name: 'io.github.local/dev',
        description: 'Only for local use',
        version: '0.1.0',
        packages: [{ registryType: 'oci', identifier: 'ghcr.io/local/dev', version: '0.1.0', transport: { type: 'stdio' } }],
        remotes: [{ type: 'streamable-http', url: 'http://localhost:8080/mcp' }],
      },
      _meta: active,
    },
    {
      server: {
        name: 'io.github.mirror/weather',
        description: 'The same package again',
        version: '1.4.2',
        packages: [{ registryType: 'npm', identifier: '@acme/weather-mcp', version: '1.4.2', transport: { type: 'stdio' } }],
      },
      _meta: active,
    },
    {
      name: 'io.github.legacy/notes',
      description: 'Notes (2025-07 registry shape)',
      version_detail: { version: '2.0.0' },
      packages: [
        {
          registry_name: 'npm',
          name: 'legacy-notes-mcp',
          version: '2.0.0',
          environment_variables: [{ name: 'NOTES_DIR', is_required: true, description: 'Where notes live' }],
        },
      ],
    },
    {
      server: {
        name: 'io.github.http/pkg',
        description: 'An npm package that serves HTTP itself',
        version: '1.0.0',
        packages: [
          {
            registryType: 'npm',
            identifier: 'http-only-mcp',
            version: '1.0.0',
            transport: { type: 'streamable-http', url: 'http://localhost:{port}/mcp' },
          },
        ],
      },
      _meta: active,
    },
  ],
  metadata: { next_cursor: 'cursor-2', count: 7 },
};

const PAGE_3 = { servers: [], metadata: { count: 0 } };

function expectedEntries(origin: string): CrawlEntry[] {
  const source = { kind: 'registry' as const, location: origin };
  return [
    {
      id: 'npm:@acme/weather-mcp',
      name: 'io.github.acme/weather',
      source,
      launch: {
        kind: 'npm',
        package: '@acme/weather-mcp',
        version: '1.4.2',
        args: ['--units', 'metric', '--port', '8080'],
        env: { LOG_LEVEL: 'info' },
      },
      required: [
        { name: 'config_path', secret: false, description: 'Path to the config file', kind: 'arg' },
        { name: 'WEATHER_API_KEY', secret: true, description: 'API key from the weather service', kind: 'env' },
        { name: 'WEATHER_REGION', secret: false, default: 'us', kind: 'env' },
      ],
      metadata: {
        name: '@acme/weather-mcp',
        version: '1.4.2',
        description: 'Weather forecasts and alerts',
        repository: 'https://github.com/acme/weather-mcp',
        homepage: 'https://acme.example.com/weather',
      },
    },
    {
      id: 'url:https://public.docs.example.com/mcp',
      name: 'com.example/remote-docs',
      source,
      launch: { kind: 'url', url: 'https://public.docs.example.com/mcp', transport: 'http', headers: { 'X-Client': 'mcp-risk' } },
      metadata: { description: 'Hosted documentation search', version: '2.0.0' },
    },
    {
      id: 'npm:@bare/files-mcp',
      name: 'io.github.bare/files',
      source,
      launch: { kind: 'npm', package: '@bare/files-mcp', version: '0.9.0', args: ['/data'] },
      metadata: { name: '@bare/files-mcp', version: '0.9.0', description: 'Files in one folder' },
    },
    {
      id: 'url:https://events.example.com/sse',
      name: 'com.example/events',
      source,
      launch: { kind: 'url', url: 'https://events.example.com/sse', transport: 'sse' },
      metadata: { description: 'Event stream', version: '1.0.0' },
    },
    {
      id: 'npm:legacy-notes-mcp',
      name: 'io.github.legacy/notes',
      source,
      launch: { kind: 'npm', package: 'legacy-notes-mcp', version: '2.0.0' },
      required: [{ name: 'NOTES_DIR', secret: false, description: 'Where notes live', kind: 'env' }],
      metadata: { name: 'legacy-notes-mcp', version: '2.0.0', description: 'Notes (2025-07 registry shape)' },
    },
  ];
}

function json(body: unknown): { type: string; body: string } {
  return { type: 'application/json', body: JSON.stringify(body) };
}

describe('registry source', () => {
  const sites: FakeSite[] = [];
  after(async () => {
    await Promise.all(sites.map((site) => site.close()));
  });

  async function registry(
    pages: (cursor: string | null, path: string) => { status?: number; type?: string; body: string } | undefined,
  ): Promise<FakeSite> {
    const site = await startFakeSite((path) => {
      const url = new URL(path, 'http://registry.invalid');
      return pages(url.searchParams.get('cursor'), url.pathname);
    });
    sites.push(site);
    return site;
  }

  test('follows cursors through wrapped and bare entries, yielding npm packages and remotes', async () => {
    const site = await registry((cursor, path) => {
      if (path !== '/v0.1/servers') return undefined;
      if (cursor === null) return json(PAGE_1);
      if (cursor === 'io.github.py/analysis:1.0.0') return json(PAGE_2);
      if (cursor === 'cursor-2') return json(PAGE_3);
      return undefined;
    });
    const context = testContext();
    const entries = await collect(registrySource, site.origin, context);

    assert.deepEqual(entries, expectedEntries(site.origin));
    assert.deepEqual(site.paths(), [
      '/v0.1/servers?limit=100&version=latest',
      '/v0.1/servers?limit=100&version=latest&cursor=io.github.py%2Fanalysis%3A1.0.0',
      '/v0.1/servers?limit=100&version=latest&cursor=cursor-2',
    ]);
    assert.deepEqual(context.lines, [
      `registry ${site.origin}: "io.github.py/analysis" skipped: it offers only "pypi" package, nothing mcp-risk can run`,
      `registry ${site.origin}: "io.github.gone/thing" is deleted; skipped`,
      `registry ${site.origin}: "io.github.local/dev" skipped: it offers only "oci" package, a remote on a private or local address, nothing mcp-risk can run`,
      `registry ${site.origin}: "io.github.http/pkg" skipped: it offers only an npm package serving HTTP, nothing mcp-risk can run`,
    ]);
  });

  test('reads a registry mounted under a path, or a servers endpoint given directly', async () => {
    const site = await registry((_cursor, path) => (path === '/mirror/v0.1/servers' || path === '/v0/servers' ? json(PAGE_3) : undefined));
    assert.deepEqual(await collect(registrySource, `${site.origin}/mirror`, testContext()), []);
    assert.deepEqual(await collect(registrySource, `${site.origin}/v0/servers`, testContext()), []);
    assert.deepEqual(site.paths(), ['/mirror/v0.1/servers?limit=100&version=latest', '/v0/servers?limit=100&version=latest']);
  });

  test('stops when a cursor comes back, and after MAX_REGISTRY_PAGES pages', async () => {
    const looping = await registry(() => json({ servers: [], metadata: { nextCursor: 'again' } }));
    const loopContext = testContext();
    await collect(registrySource, looping.origin, loopContext);
    assert.equal(looping.requests.length, 2);
    assert.deepEqual(loopContext.lines, [`registry ${looping.origin}: the cursor "again" came back a second time; stopped`]);

    const endless = await registry((cursor) =>
      json({ servers: [], metadata: { nextCursor: `page-${Number(cursor?.slice(5) ?? '0') + 1}` } }),
    );
    const endlessContext = testContext();
    await collect(registrySource, endless.origin, endlessContext);
    assert.equal(endless.requests.length, MAX_REGISTRY_PAGES);
    assert.deepEqual(endlessContext.lines, [`registry ${endless.origin}: stopped after ${MAX_REGISTRY_PAGES} pages`]);
  });

  test('a registry whose first page fails is an InputError; a later failure keeps what was read', async () => {
    const broken = await registry(() => ({ status: 500, type: 'application/json', body: '{"error":"boom"}' }));
    await assert.rejects(collect(registrySource, broken.origin, testContext()), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, 'input-unreadable');
      assert.equal(error.message, `cannot read ${broken.origin}/v0.1/servers?limit=100&version=latest: HTTP 500`);
      return true;
    });

    const notJson = await registry(() => ({ type: 'text/html', body: '<html>maintenance</html>' }));
    await assert.rejects(
      collect(registrySource, notJson.origin, testContext()),
      (error: unknown) => error instanceof InputError && error.code === 'input-invalid',
    );

    const notAList = await registry(() => json({ items: [] }));
    await assert.rejects(
      collect(registrySource, notAList.origin, testContext()),
      (error: unknown) =>
        error instanceof InputError &&
        error.message === `${notAList.origin}/v0.1/servers?limit=100&version=latest did not answer a server list (no "servers" array)`,
    );

    const flaky = await registry((cursor) => (cursor === null ? json(PAGE_1) : { status: 502, type: 'text/plain', body: 'bad gateway' }));
    const context = testContext();
    const entries = await collect(registrySource, flaky.origin, context);
    assert.deepEqual(
      entries.map((entry) => entry.id),
      ['npm:@acme/weather-mcp', 'url:https://public.docs.example.com/mcp'],
    );
    assert.equal(
      context.lines.at(-1),
      `registry ${flaky.origin}: cannot read ${flaky.origin}/v0.1/servers?limit=100&version=latest&cursor=io.github.py%2Fanalysis%3A1.0.0: HTTP 502; stopped after 1 pages`,
    );
  });

  test('aborting the signal ends the listing, keeping what was read', async () => {
    // The second page is aborted while the registry sits on it: an answer that would come only after
    // the test's safety net, so only an abort that works ends the listing with the first page's two.
    const controller = new AbortController();
    const slow = await registry((cursor) => {
      if (cursor === null) return json(PAGE_1);
      setImmediate(() => controller.abort());
      return { ...json(PAGE_3), delayMs: SAFETY_NET_MS };
    });
    const context = testContext({ signal: controller.signal });
    const ids: string[] = [];
    for await (const entry of registrySource.entries(slow.origin, context)) ids.push(entry.id);
    assert.deepEqual(ids, ['npm:@acme/weather-mcp', 'url:https://public.docs.example.com/mcp']);
    assert.equal(slow.requests.length, 2);
  });

  test('a response over 5 MB is refused', async () => {
    const huge = await registry(() => json({ servers: [], padding: 'x'.repeat(5 * 1024 * 1024) }));
    await assert.rejects(
      collect(registrySource, huge.origin, testContext()),
      (error: unknown) => error instanceof InputError && /larger than 5120 KB/.test(error.message),
    );
  });

  test('a location that is not an http(s) URL is a UsageError', async () => {
    await assert.rejects(collect(registrySource, 'registry.modelcontextprotocol.io', testContext()), UsageError);
    await assert.rejects(collect(registrySource, 'file:///etc/passwd', testContext()), UsageError);
  });
});
