import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { searchTokens, shardKey } from '../../src/site/search-index.js';
import { launchBrowser, openPage, pageState, type PageProblems, type TestBrowser } from './fixtures/browser.js';
import { publishTo, removeDirectory, temporaryDirectory } from './fixtures/published-site.js';
import { siteCatalogue, XSS } from './fixtures/site-catalogue.js';
import { serveDirectory, type StaticServer } from './fixtures/static-server.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');
const CANCEL_RUN = 'servers/npm-flowforge-mcp-server/tools/flowforge-cancel-run.html';
const EVIL = 'servers/npm-evil-mcp/';
const EVIL_TOOLS = [
  'img-id-xss-injected-src-x-onerror-window-xss-1-alert-1',
  'evil-tool-svg-onload-alert-1',
  'etc-passwd',
  'delete-file',
  'delete-file-87b5c6b2',
];

let outDir = '';
let browser: TestBrowser;
let server: StaticServer;

before(async () => {
  outDir = await temporaryDirectory();
  await publishTo(await siteCatalogue(), outDir);
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await serveDirectory(outDir);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await removeDirectory(outDir);
});

/** Asserts nothing went wrong on the page: no console error or warning, no page error, no dialog, no CSP violation, no payload ran. */
async function assertClean(page: Page, problems: PageProblems, where: string): Promise<void> {
  const state = await pageState(page);
  assert.deepEqual(problems, { console: [], errors: [], dialogs: [] }, where);
  assert.deepEqual(state, { violations: [], xss: undefined, injected: 0 }, where);
}

async function search(page: Page, query: string): Promise<string[]> {
  await page.fill('#search-input', query);
  // Polled from here: waitForFunction evaluates a string in the page, which the CSP (rightly) refuses.
  const deadline = Date.now() + SAFETY_NET_MS;
  while (!((await page.textContent('#search-status')) ?? '').includes(`\u201c${query}\u201d`)) {
    if (Date.now() > deadline) assert.fail(`no answer to the search for ${query}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return page.$$eval('#search-results li a', (links) => links.map((link) => link.textContent ?? ''));
}

for (const mode of ['file', 'http'] as const) {
  describe(`the published site over ${mode}:`, () => {
    const urlOf = (path: string): string => (mode === 'file' ? pathToFileURL(join(outDir, path)).href : new URL(path, server.url).href);

    test('home → server → tool, with charts drawn and nothing blocked', async () => {
      const { page, problems } = await openPage(browser);
      try {
        await page.goto(urlOf('index.html'));
        assert.equal(await page.textContent('h1'), '7 MCP servers and 59 tools scanned and risk-classified');
        const charts = await page.$$('svg.chart');
        assert.equal(charts.length, 2);
        for (const chart of charts) {
          const box = await chart.boundingBox();
          assert.ok(box !== null && box.width > 100 && box.height > 50, JSON.stringify(box));
        }
        const bar = await page.$('svg.chart rect.sev-critical');
        const barBox = await bar?.boundingBox();
        assert.ok(barBox !== null && barBox !== undefined && barBox.width > 0);
        assert.equal(
          await page.evaluate("getComputedStyle(document.querySelector('svg.chart rect.sev-critical')).fill"),
          'rgb(164, 14, 38)',
        );
        assert.equal(await page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor"), 'rgb(20, 33, 61)');
        await page.screenshot({ path: join(SCREENSHOTS, `home-${mode}.png`), fullPage: true });
        await assertClean(page, problems, 'home');

        await page.click('#dangerous-heading ~ table a:text-is("Flowforge")');
        await page.waitForURL(/servers\/npm-flowforge-mcp-server\/index\.html$/);
        assert.equal(await page.textContent('h1'), 'Flowforge');
        assert.equal(await page.textContent('p.verdict'), '32 of its 45 tools can change or destroy data.');
        await page.screenshot({ path: join(SCREENSHOTS, `server-${mode}.png`), fullPage: true });
        await assertClean(page, problems, 'server');

        await page.click('ul.tools a:text-is("flowforge_cancel_run")');
        await page.waitForURL(/tools\/flowforge-cancel-run\.html$/);
        assert.equal(await page.textContent('p.verdict'), 'flowforge_cancel_run is a Destructive tool with critical risk.');
        await page.screenshot({ path: join(SCREENSHOTS, `tool-${mode}.png`), fullPage: true });
        await assertClean(page, problems, 'tool');

        await page.click('a:text-is("All destructive tools")');
        await page.waitForURL(/category\/destructive\/index\.html$/);
        assert.equal(await page.textContent('h1'), 'Destructive tools');
        await page.screenshot({ path: join(SCREENSHOTS, `listing-${mode}.png`), fullPage: true });
        await assertClean(page, problems, 'listing');
      } finally {
        await page.close();
      }
    });

    test('search finds a tool by name and by words of its description', async () => {
      const { page, problems } = await openPage(browser);
      try {
        await page.goto(urlOf('index.html'));
        const byName = await search(page, 'flowforge_cancel_run');
        assert.equal(byName[0], 'flowforge_cancel_run');
        assert.equal(await page.textContent('#search-status'), '1 result for \u201cflowforge_cancel_run\u201d.');
        const byWords = await search(page, 'stuck misfiring');
        assert.deepEqual(byWords, ['flowforge_cancel_run']);
        const byPrefix = await search(page, 'refund');
        assert.deepEqual(byPrefix, ['flowforge_refund_payment', 'refund_charge']);
        assert.deepEqual(await search(page, 'zzzz nothing'), []);
        assert.equal(await page.textContent('#search-status'), 'No server or tool matches \u201czzzz nothing\u201d.');
        const servers = await search(page, 'payments');
        assert.equal(servers[0], 'Payments');
        await page.screenshot({ path: join(SCREENSHOTS, `search-${mode}.png`) });
        await search(page, 'stuck misfiring');
        await page.click('#search-results a:text-is("flowforge_cancel_run")');
        await page.waitForURL(/tools\/flowforge-cancel-run\.html$/);
        assert.equal(page.url(), urlOf(CANCEL_RUN));
        await assertClean(page, problems, 'search');
      } finally {
        await page.close();
      }
    });

    test('XSS payloads stay inert on pages and in search results', async () => {
      const { page, problems } = await openPage(browser);
      try {
        await page.goto(urlOf('index.html'));
        const found = await search(page, 'xss');
        assert.ok(found.includes(XSS.toolName), JSON.stringify(found));
        assert.ok(found.includes(XSS.serverName), JSON.stringify(found));
        await assertClean(page, problems, 'search for xss');
        for (const path of [
          `${EVIL}index.html`,
          ...EVIL_TOOLS.map((slug) => `${EVIL}tools/${slug}.html`),
          'servers/npm-broken-mcp/index.html',
          'category/destructive/index.html',
          'servers/index.html',
        ]) {
          await page.goto(urlOf(path));
          await assertClean(page, problems, path);
        }
        await page.goto(urlOf(`${EVIL}index.html`));
        assert.equal(await page.textContent('h1'), XSS.serverName);
        await page.screenshot({ path: join(SCREENSHOTS, `hostile-${mode}.png`), fullPage: true });
        await page.goto(urlOf(`${EVIL}tools/${EVIL_TOOLS[0]}.html`));
        assert.equal(await page.textContent('h1'), XSS.toolName);
        assert.equal(await page.$$eval('a[href^="javascript:"]', (links) => links.length), 0);
        await assertClean(page, problems, 'hostile tool');
      } finally {
        await page.close();
      }
    });

    test('the Content-Security-Policy is enforced: an inline script added to the page does not run', async () => {
      const { page, problems } = await openPage(browser);
      try {
        await page.goto(urlOf('index.html'));
        const ran = await page.evaluate(`(async () => {
          const script = document.createElement('script');
          script.textContent = 'window.__inline = 1';
          document.body.appendChild(script);
          const div = document.createElement('div');
          div.setAttribute('style', 'color: red');
          document.body.appendChild(div);
          await new Promise((resolve) => setTimeout(resolve, 50));
          return { inline: window.__inline, color: getComputedStyle(div).color };
        })()`);
        assert.deepEqual(ran, { inline: undefined, color: 'rgb(27, 31, 36)' });
        const state = await pageState(page);
        assert.deepEqual(state.violations.map((violation) => violation.split(' ')[0]).sort(), ['script-src-elem', 'style-src-attr']);
        assert.equal(problems.console.length, 2);
      } finally {
        await page.close();
      }
    });
  });
}

test("the browser's tokenizer and shard keys are the index's", async () => {
  const { page, problems } = await openPage(browser);
  try {
    await page.goto(pathToFileURL(join(outDir, 'index.html')).href);
    const samples = [
      'flowforgeCancelRun',
      'delete_file',
      'Ünïcödé Straße 東京 run-SQL v2.0',
      'XMLHttpRequest getURL',
      'the a of an is',
      XSS.description,
    ];
    for (const sample of samples) {
      const browserTokens = await page.evaluate<string[]>(`mcpRiskSearch.tokens(${JSON.stringify(sample)})`);
      assert.deepEqual(browserTokens, searchTokens(sample), sample);
      for (const token of browserTokens) {
        const key = await page.evaluate<string>(`mcpRiskSearch.shardKey(${JSON.stringify(token)})`);
        assert.equal(key, shardKey(token), token);
      }
    }
    assert.deepEqual(problems, { console: [], errors: [], dialogs: [] });
  } finally {
    await page.close();
  }
});
