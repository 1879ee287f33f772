import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheerioAPI } from 'cheerio';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { policyVerdict, readPolicy } from '../../src/policy/read-policy.js';
import { SITE_CSP } from '../../src/site/page-layout.js';
import { FLOWFORGE_TOOLS } from '../fixtures/servers/flowforge-tools.mjs';
import { siteCatalogue, XSS } from './fixtures/site-catalogue.js';
import { listFiles, publishTo, readPage, removeDirectory, temporaryDirectory, textOf } from './fixtures/published-site.js';

const FLOWFORGE = 'servers/npm-flowforge-mcp-server/';
const CANCEL_RUN = `${FLOWFORGE}tools/flowforge-cancel-run.html`;
const EVIL = 'servers/npm-evil-mcp/';

let outDir = '';
let pages: string[] = [];

before(async () => {
  outDir = await temporaryDirectory();
  await publishTo(await siteCatalogue(), outDir);
  pages = (await listFiles(outDir)).filter((path) => path.endsWith('.html'));
});

after(async () => {
  await removeDirectory(outDir);
});

/** The server page's facts: each <dt> with the text of its <dd>. */
function factsOf($: CheerioAPI): Record<string, string> {
  const facts: Record<string, string> = {};
  $('dl.facts dt').each((_, dt) => {
    facts[$(dt).text()] = $(dt).next('dd').text().replace(/\s+/g, ' ').trim();
  });
  return facts;
}

function codeBlocks($: CheerioAPI): string[] {
  return $('pre code')
    .map((_, element) => $(element).text())
    .get();
}

describe('the tool page (the worked example: flowforge_cancel_run)', () => {
  test('says what it is, quotes its evidence and shows the hide snippet', async () => {
    const $ = await readPage(outDir, CANCEL_RUN);
    assert.equal($('h1').text(), 'flowforge_cancel_run');
    assert.equal(textOf($, 'p.verdict'), 'flowforge_cancel_run is a Destructive tool with critical risk.');
    assert.deepEqual(
      $('ul.evidence q')
        .map((_, q) => $(q).text())
        .get(),
      ['Irreversible', 'cancel', 'Cancel'],
    );
    assert.equal(textOf($, 'ul.evidence li:first-child'), 'its description says Irreversible (rule description-phrase/irreversible)');
    assert.equal(textOf($, 'ul.evidence li:nth-child(2)'), 'its name has cancel (rule name-verb/destroy)');
    const description = FLOWFORGE_TOOLS.find((tool) => tool.name === 'flowforge_cancel_run')?.description;
    assert.equal($('p.description').text(), description);
    const blocks = codeBlocks($);
    assert.equal(blocks[0], '{\n  "version": "1",\n  "default": "deny",\n  "hide": [\n    "flowforge_cancel_run"\n  ]\n}');
    assert.match(textOf($, '#policy-heading + p'), /^Destructive, critical: description says "Irreversible"; name has "cancel"/);
  });

  test('shows how to rate-limit and block it, in each format that can say it', async () => {
    const $ = await readPage(outDir, CANCEL_RUN);
    const blocks = codeBlocks($);
    const head = { version: '1', default: 'deny' };
    assert.deepEqual(JSON.parse(blocks[1] ?? ''), {
      ...head,
      tools: { flowforge_cancel_run: { action: 'allow', rate_limit: { max: 1, window: 3600 } } },
    });
    assert.equal(
      blocks[2],
      'version: "1"\ndefault: deny\ntools:\n  flowforge_cancel_run:\n    rules:\n      - name: rate limit\n        rate_limit: 1/hour',
    );
    assert.deepEqual(JSON.parse(blocks[3] ?? ''), { ...head, tools: { flowforge_cancel_run: { action: 'deny' } } });
    assert.deepEqual(JSON.parse(blocks[4] ?? ''), { ...head, hide: ['flowforge_cancel_run'] });
    assert.deepEqual(JSON.parse(blocks[5] ?? ''), { permissions: { deny: ['mcp__Flowforge__flowforge_cancel_run'] } });
    assert.equal(blocks[6], '[mcp_servers.Flowforge]\ndisabled_tools = [ "flowforge_cancel_run" ]');
    assert.match(textOf($, '#rate-heading + p'), /at most once an hour/);
  });

  test("links to its server's full policy, to other destructive tools of other servers, and has a FAQ", async () => {
    const $ = await readPage(outDir, CANCEL_RUN);
    const full = $('a').filter((_, a) => $(a).text().startsWith('See the full'));
    assert.equal(full.text(), 'See the full Flowforge policy for all 45 tools');
    assert.equal(full.attr('href'), `../../../${FLOWFORGE}index.html#policy`);
    const related = $('#related-heading + ul li');
    assert.equal(related.length, 6);
    assert.ok(related.toArray().every((li) => !($(li).find('a').attr('href') ?? '').includes('flowforge')));
    assert.ok(related.toArray().every((li) => $(li).find('.badge').text() === 'critical'));
    assert.deepEqual(
      $('.faq dt')
        .map((_, dt) => $(dt).text())
        .get(),
      [
        'What does flowforge_cancel_run do?',
        'Is flowforge_cancel_run safe to give to an AI agent?',
        'How do I block flowforge_cancel_run?',
        'How was it rated?',
      ],
    );
  });

  test('a rate-limited tool shows its own limit and the rule its policy has', async () => {
    const $ = await readPage(outDir, `${FLOWFORGE}tools/flowforge-run-sql.html`);
    assert.equal(textOf($, 'p.verdict'), 'flowforge_run_sql is an Execute tool with critical risk.');
    const rule = JSON.parse(codeBlocks($)[0] ?? '') as { tools: Record<string, { action: string; rate_limit: unknown; category: string }> };
    assert.equal(rule.tools['flowforge_run_sql']?.action, 'allow');
    assert.deepEqual(rule.tools['flowforge_run_sql']?.rate_limit, { max: 10, window: 60 });
    assert.equal(rule.tools['flowforge_run_sql']?.category, 'execute');
    assert.match(textOf($), /Recommended: allow it, at most 10 times a minute\./);
  });
});

describe('every policy snippet of the published site', () => {
  test('is a complete policy that policy check (and so the guard) accepts: every code block of every page, hostile names included', async () => {
    let snippets = 0;
    const toolPages = pages.filter((path) => path.includes('/tools/'));
    assert.ok(toolPages.length > 45, 'the fixture site has a page for every Flowforge tool and more');
    for (const path of pages) {
      const $ = await readPage(outDir, path);
      codeBlocks($).forEach((text, index) => {
        snippets += 1;
        const where = `${path} snippet ${index + 1}`;
        const read = readPolicy(text, 'snippet');
        const verdict = policyVerdict(read, where);
        assert.deepEqual(verdict, { ok: true }, `${where}:\n${text}`);
        assert.ok(read.policies.length > 0, where);
      });
    }
    // A tool page has seven snippets: its rule, rate-limit (native, Intercept), deny, hide, Claude Code, Codex.
    assert.ok(snippets >= toolPages.length * 7, `${snippets} snippets on ${toolPages.length} tool pages`);
    const hostile = pages.find((path) => path.startsWith(EVIL) && path.includes('/tools/'));
    assert.ok(hostile !== undefined, 'a tool page of the hostile server was checked');
  });
});

describe('the server page', () => {
  test('says what it is, counts the tools that can change or destroy data, and groups tools by category', async () => {
    const $ = await readPage(outDir, `${FLOWFORGE}index.html`);
    assert.equal($('h1').text(), 'Flowforge');
    assert.equal($('p.verdict').text(), '32 of its 45 tools can change or destroy data.');
    const facts = factsOf($);
    assert.equal(facts['Package'], '@flowforge/mcp-server');
    assert.equal(facts['Version'], '1.4.2');
    assert.equal(facts['Source'], 'npm: keywords:mcp');
    assert.equal(facts['Status'], 'scanned');
    assert.equal(facts['Last scanned'], '2026-03-01 10:00 UTC');
    assert.equal($('dl.facts a').attr('href'), 'https://github.com/flowforge/mcp-server.git');
    assert.equal($('dl.facts a').attr('rel'), 'nofollow noopener noreferrer');
    assert.deepEqual(
      $('#tools-heading ~ h3[id^="category-"]')
        .map((_, h3) => $(h3).text())
        .get(),
      ['Destructive (9)', 'Financial (6)', 'Execute (7)', 'Write (10)', 'Read (13)'],
    );
    const cancel = $('ul.tools li').filter((_, li) => $(li).find('a').text() === 'flowforge_cancel_run');
    assert.equal(cancel.find('.badge').text(), 'critical');
    assert.equal(cancel.find('a').attr('href'), '../../servers/npm-flowforge-mcp-server/tools/flowforge-cancel-run.html');
  });

  test('shows the full policy as native JSON and links a download per format', async () => {
    const $ = await readPage(outDir, `${FLOWFORGE}index.html`);
    const policy = JSON.parse($('#policy pre code').text()) as { default: string; hide: string[]; tools: Record<string, unknown> };
    const written = JSON.parse(await readFile(join(outDir, FLOWFORGE, 'mcp-risk-policy.json'), 'utf8')) as unknown;
    assert.deepEqual(policy, written);
    assert.equal(policy.default, 'deny');
    assert.equal(policy.hide.length + Object.keys(policy.tools).length, 45);
    assert.deepEqual(
      $('ul.downloads a')
        .map((_, a) => $(a).attr('href'))
        .get(),
      ['mcp-risk-policy.json', 'mcp-risk-policy.yaml', 'intercept-policy.yaml', 'claude-code-settings.json', 'codex-config.toml'].map(
        (file) => `../../${FLOWFORGE}${file}`,
      ),
    );
    assert.equal($('ul.downloads a').first().attr('download'), 'npm-flowforge-mcp-server-mcp-risk-policy.json');
  });

  test('says what changed since the previous crawl', async () => {
    const $ = await readPage(outDir, 'servers/npm-acme-notes-mcp/index.html');
    const section = $('#changes-heading').parent();
    assert.equal(
      textOf($, '#changes-heading + p'),
      'The latest crawl (2026-03-08 10:00 UTC) found its tools changed since the previous one:',
    );
    assert.deepEqual(
      section
        .find('li li')
        .map((_, li) => $(li).text())
        .get(),
      ['Added 1 tool: delete_notebook', 'Removed 1 tool: archive_note', 'Changed 1 tool: update_note (description)'],
    );
    assert.match(textOf($, '#changes-heading ~ ul > li'), /version 1\.0\.0 → 2\.0\.0/);
    assert.equal(
      section
        .find('a')
        .filter((_, a) => $(a).text() === 'delete_notebook')
        .attr('href'),
      '../../servers/npm-acme-notes-mcp/tools/delete-notebook.html',
    );
    const unchanged = await readPage(outDir, `${FLOWFORGE}index.html`);
    assert.equal(
      textOf(unchanged, '#changes-heading + p'),
      'No change to its tools has been recorded since it was first seen (2026-03-01 10:00 UTC).',
    );
  });

  test('a failed server shows its status and error, and has no tools or policy', async () => {
    const $ = await readPage(outDir, 'servers/npm-broken-mcp/index.html');
    assert.equal($('p.verdict').text(), 'Its tools could not be listed: the scan failed.');
    const facts = factsOf($);
    assert.equal(facts['Status'], 'scan failed');
    assert.equal(facts['Error'], "server-exited <script>alert('failed')</script>");
    assert.equal($('#policy').length, 0);
    assert.equal($('script').length, 0);
  });
});

describe('the home page and listings', () => {
  test('home: totals, charts with titles and tables, most dangerous servers, search box', async () => {
    const $ = await readPage(outDir, 'index.html');
    assert.equal($('h1').text(), '7 MCP servers and 59 tools scanned and risk-classified');
    assert.equal($('svg.chart').length, 2);
    assert.equal($('svg.chart title').first().text(), 'Tools by severity');
    assert.equal($('#chart-severity-desc').text(), 'critical: 26 tools; high: 8 tools; medium: 8 tools; low: 17 tools.');
    assert.equal($('svg.chart').first().attr('aria-labelledby'), 'chart-severity-title chart-severity-desc');
    assert.equal($('svg.chart rect').length, 9);
    const severityTable = $('caption')
      .filter((_, c) => $(c).text() === 'Tools by severity')
      .parent();
    assert.deepEqual(
      severityTable
        .find('tbody tr')
        .map((_, tr) => $(tr).text())
        .get(),
      ['critical2644.1%', 'high813.6%', 'medium813.6%', 'low1728.8%'],
    );
    assert.equal($('#dangerous-heading ~ table tbody tr th a').first().text(), 'Flowforge');
    assert.equal($('label[for="search-input"]').length, 1);
    assert.equal($('#search-input').attr('type'), 'search');
    assert.deepEqual(
      $('script')
        .map((_, s) => $(s).attr('src'))
        .get(),
      ['assets/search.js'],
    );
  });

  test('listings by severity and category are paginated and list every tool once', async () => {
    const small = await temporaryDirectory();
    try {
      await publishTo(await siteCatalogue(), small, { pageSize: 5 });
      const files = await listFiles(small);
      assert.deepEqual(
        files.filter((path) => path.startsWith('category/destructive/')),
        ['category/destructive/index.html', 'category/destructive/page-2.html', 'category/destructive/page-3.html'],
      );
      const names: string[] = [];
      for (const page of ['index.html', 'page-2.html', 'page-3.html']) {
        const $ = await readPage(small, `category/destructive/${page}`);
        names.push(
          ...$('tbody th a')
            .map((_, a) => $(a).text())
            .get(),
        );
        assert.equal($('h1').length, 1);
      }
      assert.equal(names.length, 15);
      assert.equal(new Set(names.map((name, index) => `${name}#${index}`)).size, 15);
      const second = await readPage(small, 'category/destructive/page-2.html');
      assert.equal(second('h1').text(), 'Destructive tools (page 2 of 3)');
      assert.equal(second('a[rel="prev"]').first().attr('href'), '../../category/destructive/index.html');
      assert.equal(second('a[rel="next"]').first().attr('href'), '../../category/destructive/page-3.html');
      assert.deepEqual(
        files.filter((path) => path.startsWith('servers/') && !path.includes('/', 'servers/'.length)),
        ['servers/index.html', 'servers/page-2.html'],
      );
    } finally {
      await removeDirectory(small);
    }
  });
});

describe('every page', () => {
  test('has the CSP, one h1, ordered headings, landmarks, and nothing inline', async () => {
    assert.ok(pages.length >= 70, `only ${pages.length} pages`);
    for (const path of pages) {
      const $ = await readPage(outDir, path);
      assert.equal($('meta[http-equiv="Content-Security-Policy"]').attr('content'), SITE_CSP, path);
      assert.equal($('h1').length, 1, path);
      const levels = $('h1, h2, h3, h4, h5, h6')
        .map((_, h) => Number(h.tagName.slice(1)))
        .get() as number[];
      assert.equal(levels[0], 1, path);
      levels.forEach((level, index) =>
        assert.ok(index === 0 || level <= (levels[index - 1] ?? 1) + 1, `${path}: heading h${level} after h${levels[index - 1]}`),
      );
      for (const landmark of ['header', 'nav[aria-label="Site"]', 'main#main', 'footer'])
        assert.equal($(landmark).length, 1, `${path}: ${landmark}`);
      assert.equal($('html').attr('lang'), 'en');
      assert.equal($('style, [style]').length, 0, path);
      assert.ok(
        $('script')
          .toArray()
          .every((script) => /^(\.\.\/)*assets\/search\.js$/.test($(script).attr('src') ?? '')),
        path,
      );
      const handlers = $('*')
        .toArray()
        .flatMap((element) =>
          Object.keys((element as { attribs?: Record<string, string> }).attribs ?? {}).filter((name) => name.startsWith('on')),
        );
      assert.deepEqual(handlers, [], path);
      for (const a of $('a[href]').toArray()) {
        const href = $(a).attr('href') ?? '';
        if (/^https?:/.test(href)) assert.equal($(a).attr('rel'), 'nofollow noopener noreferrer', `${path}: ${href}`);
        else assert.match(href, /^(\.\.\/)*[a-z0-9][a-z0-9./_-]*(#[a-z-]+)?$|^#main$/, `${path}: ${href}`);
      }
    }
  });
});

describe('hostile text', () => {
  test('names, titles, descriptions, metadata and errors render as inert text', async () => {
    const server = await readPage(outDir, `${EVIL}index.html`);
    assert.equal(server('h1').text(), XSS.serverName);
    assert.equal(server('title').text(), `${XSS.serverName} — MCP server risk report`);
    assert.equal(server('#xss-injected').length, 0);
    assert.equal(server('iframe, img, svg, b, script').length, 0);
    assert.equal(server('p.description').first().text(), XSS.packageDescription);
    const facts = factsOf(server);
    assert.equal(facts['Repository'], XSS.repository);
    assert.equal(facts['Homepage'], XSS.homepage);
    assert.equal(facts['License'], XSS.license);
    assert.equal(server('dl.facts a').filter((_, a) => (server(a).attr('href') ?? '').startsWith('javascript')).length, 0);
    assert.equal(server('dl.facts a').attr('href'), 'https://example.com/%22%3E%3Cscript%3Ewindow.__xss=1%3C/script%3E');
    const links = server('ul.tools a')
      .map((_, a) => server(a).text())
      .get();
    assert.ok(links.includes(XSS.toolName));
    assert.ok(links.includes(XSS.toolName2));

    const toolPath = `${EVIL}tools/${'img-id-xss-injected-src-x-onerror-window-xss-1-alert-1'}.html`;
    const tool = await readPage(outDir, toolPath);
    assert.equal(tool('h1').text(), XSS.toolName);
    assert.equal(tool('p.muted').first().text(), `Title: ${XSS.title}`);
    assert.equal(tool('#xss-injected, iframe, img, svg, script, a[href^="javascript"]').length, 0);
    const description = tool('p.description').text();
    assert.ok(description.startsWith('Deletes every record permanently. </code></pre><script>window.__xss=1;alert(1)</script>'));
    assert.ok(!description.includes('\u202E'), 'the bidi override is removed');
    assert.ok(description.endsWith('click</a> gnp.exe'));
    const blocks = codeBlocks(tool);
    assert.deepEqual(JSON.parse(blocks[0] ?? ''), { version: '1', default: 'deny', hide: [XSS.toolName] });
    assert.deepEqual(parseYaml(blocks[2] ?? ''), {
      version: '1',
      default: 'deny',
      tools: { [XSS.toolName]: { rules: [{ name: 'rate limit', rate_limit: '1/hour' }] } },
    });
    assert.deepEqual(JSON.parse(blocks[5] ?? '').permissions.deny, [
      'mcp___script_window___xss_1__script_Evil__server____img_id__xss-injected__src_x_onerror__window___xss_1_alert_1___',
    ]);
    assert.deepEqual(JSON.parse(JSON.stringify(parseToml(blocks[6] ?? ''))), {
      mcp_servers: { _script_window___xss_1__script_Evil__server_: { disabled_tools: [XSS.toolName] } },
    });
    const raw = await readFile(join(outDir, toolPath), 'utf8');
    assert.equal(raw.includes('<script>window.__xss'), false);
    assert.equal(raw.includes('<img id='), false);
  });

  test('file names come from slugs: traversal and collisions are harmless', async () => {
    const files = await listFiles(outDir);
    const evilTools = files.filter((path) => path.startsWith(`${EVIL}tools/`));
    assert.deepEqual(evilTools, [
      `${EVIL}tools/delete-file-87b5c6b2.html`,
      `${EVIL}tools/delete-file.html`,
      `${EVIL}tools/etc-passwd.html`,
      `${EVIL}tools/evil-tool-svg-onload-alert-1.html`,
      `${EVIL}tools/img-id-xss-injected-src-x-onerror-window-xss-1-alert-1.html`,
    ]);
    const $ = await readPage(outDir, `${EVIL}tools/delete-file.html`);
    assert.equal($('h1').text(), 'Delete-File');
  });
});
