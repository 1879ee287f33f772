import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractPage } from '../../../src/sources/html/extract-page.js';
import type { PageExtract } from '../../../src/sources/html/extract-page.js';

const SITE = 'https://hub.example.com';

function read(html: string, path = '/servers'): PageExtract {
  const url = new URL(path, SITE);
  return extractPage(html, url, { origin: SITE, pathPrefix: '/servers/' });
}

describe('extractPage', () => {
  test('cards marked with data attributes, with their tools', () => {
    const page = read(`<!doctype html><h1>Directory</h1>
      <div class="grid">
        <div data-mcp-server data-server-name="Alpha" data-npm="alpha-mcp" data-description="First server">
          <h2>Alpha</h2>
          <ul><li data-tool="alpha_read" data-tool-description="Read alpha records">alpha_read</li></ul>
        </div>
        <div data-mcp-server="Beta" data-mcp-url="https://beta.example.com/mcp"><span>Beta</span></div>
        <div data-mcp-server="Gamma" data-mcp-url="http://192.168.1.20/mcp"></div>
      </div>`);
    assert.deepEqual(page, {
      cards: [
        {
          name: 'Alpha',
          description: 'First server',
          npmPackage: 'alpha-mcp',
          tools: [{ name: 'alpha_read', description: 'Read alpha records' }],
        },
        { name: 'Beta', mcpUrl: 'https://beta.example.com/mcp', tools: [] },
        { name: 'Gamma', tools: [] },
      ],
      links: { pagination: [], detail: [], within: [] },
    });
  });

  test('a card that is a link, and a card whose heading alone is the link', () => {
    const page = read(`<main><h1>Servers</h1>
      <div class="list">
        <a class="card" href="/servers/one"><h3>One</h3><p>The first one.</p></a>
        <div class="card"><h3><a href="two">Two</a></h3><p>The second one.</p><a href="https://www.npmjs.com/package/%40two%2Fserver">npm</a></div>
      </div>
      <a href="/servers?page=2" aria-label="Next page">→</a></main>`);
    assert.deepEqual(page.cards, [
      { name: 'One', description: 'The first one.', tools: [], detailUrl: `${SITE}/servers/one` },
      { name: 'Two', description: 'The second one.', npmPackage: '@two/server', tools: [], detailUrl: `${SITE}/two` },
    ]);
    assert.deepEqual(page.links, {
      pagination: [`${SITE}/servers?page=2`],
      detail: [`${SITE}/servers/one`, `${SITE}/two`],
      within: [],
    });
  });

  test('a detail page: sections are not cards, tools given as headings, related servers are cards', () => {
    const page = read(
      `<html><head><meta name="description" content="Talks to the kitchen."></head><body>
      <article><h1>Kitchen</h1>
        <section><h2>Installation</h2><pre><code>pnpm dlx kitchen-mcp@2.0.0 --stdio</code></pre></section>
        <section><h2>Usage</h2><pre><code>kitchen-mcp --help</code></pre></section>
        <h2>Tools</h2>
        <div class="tool"><h3>start_oven</h3><p>Preheat the oven.</p></div>
        <div class="tool"><h3><code>order.groceries</code></h3><p>Order groceries for delivery.</p></div>
        <h3>Prompts</h3><p>None.</p>
      </article>
      <h2>More like this</h2>
      <ul><li><a href="/servers/pantry"><h4>Pantry</h4></a><p>Tracks the pantry.</p></li></ul>
      </body></html>`,
      '/servers/kitchen',
    );
    assert.deepEqual(page, {
      server: {
        name: 'Kitchen',
        description: 'Talks to the kitchen.',
        npmPackage: 'kitchen-mcp',
        tools: [
          { name: 'start_oven', description: 'Preheat the oven.' },
          { name: 'order.groceries', description: 'Order groceries for delivery.' },
        ],
      },
      cards: [{ name: 'Pantry', description: 'Tracks the pantry.', tools: [], detailUrl: `${SITE}/servers/pantry` }],
      links: { pagination: [], detail: [`${SITE}/servers/pantry`], within: [] },
    });
  });

  test('a table of servers is not a table of tools; a headerless table in a tools section is', () => {
    const listing = read(
      `<h1>Compare</h1><table><tr><th>Name</th><th>Description</th></tr><tr><td>alpha</td><td>A server</td></tr></table>`,
    );
    assert.equal(listing.server, undefined);
    const detail = read(
      `<h1>Alpha</h1><pre>npx alpha-mcp</pre><div id="server-tools"><table><tr><td>ping</td><td>Check it is up.</td></tr></table></div>`,
      '/servers/alpha',
    );
    assert.deepEqual(detail.server, { name: 'Alpha', npmPackage: 'alpha-mcp', tools: [{ name: 'ping', description: 'Check it is up.' }] });
  });

  test('scripts, styles and page furniture are not read', () => {
    const page = read(`<h1>Nothing here</h1>
      <script>document.write('<pre>npx -y evil-mcp</pre>')</script>
      <style>.x::after { content: "npx -y styled-mcp" }</style>
      <nav><div class="card"><h3>Menu</h3><a href="/servers/menu">menu</a><code>npx -y menu-mcp</code></div></nav>
      <footer><pre>npx -y footer-mcp</pre></footer>`);
    assert.equal(page.server, undefined);
    assert.deepEqual(page.cards, []);
    assert.deepEqual(page.links.within, [`${SITE}/servers/menu`]);
  });

  test('only same-origin page links are followed, without fragments or file links', () => {
    const page = read(`<h1>Servers</h1>
      <a href="/servers/a#tools">a</a> <a href="/servers/a">a again</a> <a href="https://other.example.com/servers/b">b</a>
      <a href="/servers/logo.png">logo</a> <a href="javascript:alert(1)">js</a> <a href="/about">about</a>
      <a href="/servers/page/2">2</a> <a href="/blog?page=2">blog</a> <a rel="next" href="/servers?page=2">next</a>`);
    assert.deepEqual(page.links, {
      pagination: [`${SITE}/servers?page=2`, `${SITE}/servers/page/2`],
      detail: [],
      within: [`${SITE}/servers/a`],
    });
  });
});
