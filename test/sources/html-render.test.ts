import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { htmlSource } from '../../src/sources/html-source.js';
import type { CrawlEntry } from '../../src/crawl-entry.js';
import { startFakeSite } from './fake-site.js';
import type { FakeSite } from './fake-site.js';
import { collect, testContext } from './source-context.js';

const FIXTURES = new URL('./fixtures/js-catalogue/', import.meta.url);

/** A directory whose server cards exist only once its script has fetched them and built the DOM. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/robots.txt': { file: 'robots.txt', type: 'text/plain' },
  '/static/app.js': { file: 'app.js', type: 'text/javascript' },
  '/static/app.css': { file: 'app.css', type: 'text/css' },
  '/api/servers.json': { file: 'servers.json', type: 'application/json' },
  '/private/telemetry.json': { file: 'servers.json', type: 'application/json' },
};

function expected(origin: string): CrawlEntry[] {
  return [
    {
      id: 'npm:@toolbox/calendar-mcp',
      name: 'Calendar Sync',
      source: { kind: 'html', location: `${origin}/` },
      launch: { kind: 'npm', package: '@toolbox/calendar-mcp' },
      metadata: { name: '@toolbox/calendar-mcp', description: 'Read and create calendar events.' },
      listedTools: [
        { name: 'list_events', description: 'List events between two dates.' },
        { name: 'create_event', description: 'Create a calendar event.' },
      ],
    },
    {
      id: 'npm:shell-runner-mcp',
      name: 'Shell Runner',
      source: { kind: 'html', location: `${origin}/` },
      launch: { kind: 'npm', package: 'shell-runner-mcp' },
      metadata: { name: 'shell-runner-mcp', description: 'Run shell commands on the host.' },
      listedTools: [{ name: 'run_command', description: 'Execute a shell command and return its output.' }],
    },
  ];
}

describe('html source on a catalogue built by JavaScript', () => {
  let site: FakeSite;
  before(async () => {
    site = await startFakeSite((path) => {
      const route = FILES[path];
      return route === undefined ? undefined : { body: readFileSync(new URL(route.file, FIXTURES)), type: route.type };
    });
  });
  after(async () => {
    await site.close();
  });

  test('without --render the page shows no servers', async () => {
    site.requests.length = 0;
    const entries = await collect(htmlSource, `${site.origin}/`, testContext());
    assert.deepEqual(entries, []);
    assert.deepEqual(site.paths(), ['/robots.txt', '/']);
  });

  test('with --render, Chromium runs the page and its cards are read; robots.txt still binds its scripts', async () => {
    site.requests.length = 0;
    const context = testContext({ render: true });
    const entries = await collect(htmlSource, `${site.origin}/`, context);

    assert.deepEqual(entries, expected(site.origin));
    const paths = site.paths();
    assert.deepEqual(paths.slice(0, 2), ['/robots.txt', '/']);
    assert.ok(paths.includes('/static/app.js'));
    assert.ok(paths.includes('/api/servers.json'));
    assert.ok(!paths.includes('/private/telemetry.json'), 'a URL disallowed by robots.txt was requested by the page');
    assert.ok(!paths.includes('/static/app.css'), 'stylesheets are not loaded');
    assert.ok(site.requests.every((request) => request.userAgent.startsWith('mcp-risk/')));
    assert.deepEqual(context.lines, [
      `html ${site.origin}: a page requested ${site.origin}/private/telemetry.json, refused (disallowed by robots.txt)`,
      `html ${site.origin}: 1 pages fetched, 2 servers`,
    ]);
  });
});
