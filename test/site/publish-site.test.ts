import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { buildRecord } from '../../src/crawler/crawl.js';
import type { ToolDefinition } from '../../src/model.js';
import { readPolicy } from '../../src/policy/read-policy.js';
import { MANIFEST_FILE } from '../../src/site/publish-manifest.js';
import { normalizeBaseUrl } from '../../src/site/publish-site.js';
import { sitemapFiles } from '../../src/site/render-sitemap.js';
import { allRecords, SECOND_CRAWL, siteCatalogue, smallRecords } from './fixtures/site-catalogue.js';
import { listFiles, publishTo, readPage, removeDirectory, temporaryDirectory } from './fixtures/published-site.js';

const FLOWFORGE = 'servers/npm-flowforge-mcp-server/';

let dir = '';
before(async () => {
  dir = await temporaryDirectory();
});
after(async () => {
  await removeDirectory(dir);
});

/** The Files server crawled again, with a new description for write_file. */
function filesRecrawled(): ReturnType<typeof smallRecords>[number] {
  const previous = smallRecords()[0];
  assert.ok(previous !== undefined && previous.id === 'npm:files-mcp');
  const tools: ToolDefinition[] = [
    {
      name: 'read_file',
      description: 'Read a text file and return its contents.',
      inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
      annotations: { readOnlyHint: true },
    },
    {
      name: 'write_file',
      description: 'Create or overwrite a file with the given content; missing folders are created.',
      inputSchema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } } },
    },
    {
      name: 'delete_file',
      description: 'Delete a file from disk. It cannot be recovered.',
      inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
    },
  ];
  return buildRecord(
    {
      id: previous.id,
      name: previous.name,
      source: previous.source,
      launch: previous.launch,
      metadata: { ...previous.metadata, version: '0.3.1' },
    },
    { status: 'ok', snapshot: { ...previous.report, promptCount: 0, resourceCount: 0, tools } },
    previous,
    SECOND_CRAWL,
    210,
  );
}

describe('re-publishing', () => {
  test('writes everything once, then nothing; after one server changes, only what shows it', async () => {
    const out = join(dir, 'incremental');
    const records = allRecords();
    const first = await publishTo(await siteCatalogue(records), out);
    assert.equal(first.written, first.files);
    assert.equal(first.unchanged, 0);
    assert.deepEqual(await listFiles(out), [...first.writtenPaths, MANIFEST_FILE].sort());
    const flowforgeBefore = await readFile(join(out, FLOWFORGE, 'index.html'));

    const second = await publishTo(await siteCatalogue(records), out);
    assert.equal(second.written, 0);
    assert.equal(second.unchanged, first.files);
    assert.equal(second.deleted, 0);

    const changed = records.map((record) => (record.id === 'npm:files-mcp' ? filesRecrawled() : record));
    const third = await publishTo(await siteCatalogue(changed), out);
    // Its pages, the listings that show its changed tool, the data files and the search terms of
    // the new words; its policy files are unchanged (same decisions, same reasons), and so is
    // every page of every other server.
    assert.deepEqual([...third.writtenPaths].sort(), [
      'catalogue.json',
      'category/write/index.html',
      'llms-full.txt',
      'search/t-cr.js',
      'search/t-fo.js',
      'search/t-mi.js',
      'servers/index.html',
      'servers/npm-files-mcp/index.html',
      'servers/npm-files-mcp/tools/delete-file.html',
      'servers/npm-files-mcp/tools/read-file.html',
      'servers/npm-files-mcp/tools/write-file.html',
      'severity/high/index.html',
    ]);
    assert.equal(third.deleted, 0);
    assert.equal(third.unchanged, third.files - 12);
    assert.deepEqual(await readFile(join(out, FLOWFORGE, 'index.html')), flowforgeBefore);
    const $ = await readPage(out, 'servers/npm-files-mcp/tools/write-file.html');
    assert.equal($('p.description').text(), 'Create or overwrite a file with the given content; missing folders are created.');
  });

  test('a server that is gone takes its pages and folders with it; a file deleted by hand is written again', async () => {
    const out = join(dir, 'removal');
    const records = allRecords();
    await publishTo(await siteCatalogue(records), out);
    await rm(join(out, FLOWFORGE, 'tools/flowforge-get-run.html'));
    const result = await publishTo(await siteCatalogue(records.filter((record) => record.id !== 'npm:shell-mcp')), out);
    assert.deepEqual(result.deletedPaths.sort(), [
      'servers/npm-shell-mcp/claude-code-settings.json',
      'servers/npm-shell-mcp/codex-config.toml',
      'servers/npm-shell-mcp/index.html',
      'servers/npm-shell-mcp/intercept-policy.yaml',
      'servers/npm-shell-mcp/mcp-risk-policy.json',
      'servers/npm-shell-mcp/mcp-risk-policy.yaml',
      'servers/npm-shell-mcp/tools/run-command.html',
    ]);
    await assert.rejects(stat(join(out, 'servers/npm-shell-mcp')), { code: 'ENOENT' });
    assert.ok(result.writtenPaths.includes(`${FLOWFORGE}tools/flowforge-get-run.html`));
    await stat(join(out, FLOWFORGE, 'tools/flowforge-get-run.html'));
  });

  test('without a manifest everything is written again; a manifest never leads outside the site', async () => {
    const out = join(dir, 'manifest');
    const view = await siteCatalogue();
    const first = await publishTo(view, out);
    await rm(join(out, MANIFEST_FILE));
    const again = await publishTo(view, out);
    assert.equal(again.written, first.files);

    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'keep me');
    const manifest = JSON.parse(await readFile(join(out, MANIFEST_FILE), 'utf8')) as {
      version: number;
      files: Record<string, [string, number]>;
    };
    const entry: [string, number] = ['0'.repeat(64), 7];
    manifest.files['../victim.txt'] = entry;
    manifest.files['/etc/hostname'] = entry;
    manifest.files['servers/../../victim.txt'] = entry;
    await writeFile(join(out, MANIFEST_FILE), JSON.stringify(manifest));
    const third = await publishTo(view, out);
    assert.equal(third.deleted, 0);
    assert.equal(third.written, 0);
    assert.equal(await readFile(victim, 'utf8'), 'keep me');
  });

  test('the output is deterministic: two folders, byte-identical files', async () => {
    const a = join(dir, 'det-a');
    const b = join(dir, 'det-b');
    await publishTo(await siteCatalogue(), a, { baseUrl: 'https://mcp.example/catalogue' });
    await publishTo(await siteCatalogue(), b, { baseUrl: 'https://mcp.example/catalogue' });
    const files = await listFiles(a);
    assert.deepEqual(await listFiles(b), files);
    for (const path of files) assert.deepEqual(await readFile(join(b, path)), await readFile(join(a, path)), path);
  });
});

describe('sitemap and llms.txt', () => {
  test('sitemap.xml and robots.txt only with --base-url, with absolute URLs', async () => {
    const without = join(dir, 'no-base');
    await publishTo(await siteCatalogue(), without);
    const plain = await listFiles(without);
    assert.equal(plain.includes('sitemap.xml'), false);
    assert.equal(plain.includes('robots.txt'), false);
    const home = await readPage(without, 'index.html');
    assert.equal(home('link[rel="canonical"]').length, 0);

    const withBase = join(dir, 'base');
    await publishTo(await siteCatalogue(), withBase, { baseUrl: 'https://mcp.example/catalogue' });
    const sitemap = await readFile(join(withBase, 'sitemap.xml'), 'utf8');
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1] ?? '');
    const htmlPages = (await listFiles(withBase)).filter((path) => path.endsWith('.html'));
    assert.equal(locs.length, htmlPages.length);
    assert.ok(locs.every((loc) => loc.startsWith('https://mcp.example/catalogue/')));
    assert.ok(locs.includes('https://mcp.example/catalogue/servers/npm-flowforge-mcp-server/tools/flowforge-cancel-run.html'));
    assert.match(
      sitemap,
      /<loc>https:\/\/mcp\.example\/catalogue\/servers\/npm-flowforge-mcp-server\/index\.html<\/loc><lastmod>2026-03-01<\/lastmod>/,
    );
    assert.equal(
      await readFile(join(withBase, 'robots.txt'), 'utf8'),
      'User-agent: *\nAllow: /\n\nSitemap: https://mcp.example/catalogue/sitemap.xml\n',
    );
    const tool = await readPage(withBase, `${FLOWFORGE}tools/flowforge-cancel-run.html`);
    assert.equal(
      tool('link[rel="canonical"]').attr('href'),
      'https://mcp.example/catalogue/servers/npm-flowforge-mcp-server/tools/flowforge-cancel-run.html',
    );
    assert.equal(tool('a[href="../../../index.html"]').length > 0, true);
  });

  test('--base-url must be an absolute http(s) URL', () => {
    assert.equal(normalizeBaseUrl('https://mcp.example/catalogue'), 'https://mcp.example/catalogue/');
    assert.equal(normalizeBaseUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080/');
    for (const bad of ['javascript:alert(1)', 'catalogue/', 'ftp://x.example/', 'https://user:pw@x.example/', 'https://x.example/?q=1']) {
      assert.throws(() => normalizeBaseUrl(bad), { name: 'UsageError' }, bad);
    }
  });

  test('llms.txt: title, summary, browse links, data and most dangerous servers; llms-full.txt: every tool', async () => {
    const out = join(dir, 'llms');
    await publishTo(await siteCatalogue(), out);
    const llms = await readFile(join(out, 'llms.txt'), 'utf8');
    const lines = llms.split('\n');
    assert.equal(lines[0], '# mcp-risk catalogue');
    assert.equal(
      lines[2],
      '> 7 MCP servers and 59 tools scanned and risk-classified: each tool rated read, write, execute, destructive or financial, with a severity, the evidence quoted from its own definition, and a recommended policy (allow, rate-limit, require approval, deny or hide).',
    );
    assert.ok(
      lines.includes(
        '- [critical tools](severity/critical/index.html): 26 tools; harm that is hard or impossible to undo if an agent misuses it',
      ),
    );
    assert.ok(
      lines.includes('- [Destructive tools](category/destructive/index.html): 15 tools that delete or irreversibly end data or work'),
    );
    assert.ok(
      lines.includes(
        '- [catalogue.json](catalogue.json): every server and tool as JSON (mcp-risk schemaVersion 1: the scan report shape with crawl metadata and change history)',
      ),
    );
    assert.ok(
      lines.includes(
        '- [Flowforge](servers/npm-flowforge-mcp-server/index.html): 45 tools; critical 18, high 6, medium 8, low 13; read 13, write 10, execute 7, destructive 9, financial 6; 4 findings',
      ),
    );
    // The hostile server's name, Markdown-safe: no raw <, no emphasis, no link of its own.
    assert.ok(
      lines.includes(
        '- [&lt;script&gt;window.\\_\\_xss=1&lt;/script&gt;Evil "server"](servers/npm-evil-mcp/index.html): 5 tools; critical 4, low 1; read 1, destructive 4; 1 finding',
      ),
    );
    const full = await readFile(join(out, 'llms-full.txt'), 'utf8');
    assert.match(
      full,
      /^- flowforge\\_cancel\\_run: Destructive, critical; recommended hide\. Cancel a run that is currently pending or running\. Irreversible/m,
    );
    assert.equal((full.match(/^- [^:]+: (Read|Write|Execute|Destructive|Financial), /gm) ?? []).length, 59);
    assert.equal(full.includes('<script>'), false);
  });

  test('past the limit of URLs per file, sitemap.xml is an index of parts', () => {
    const files = sitemapFiles(
      'https://mcp.example/',
      [{ path: 'a.html' }, { path: 'b.html', lastModified: '2026-03-01T10:00:00.000Z' }, { path: 'c.html' }],
      2,
    );
    assert.deepEqual(
      files.map((file) => file.path),
      ['sitemap-1.xml', 'sitemap-2.xml', 'sitemap.xml'],
    );
    assert.equal(
      files[0]?.content,
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n<url><loc>https://mcp.example/a.html</loc></url>\n<url><loc>https://mcp.example/b.html</loc><lastmod>2026-03-01</lastmod></url>\n</urlset>\n',
    );
    assert.equal(
      files[2]?.content,
      '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n<sitemap><loc>https://mcp.example/sitemap-1.xml</loc></sitemap>\n<sitemap><loc>https://mcp.example/sitemap-2.xml</loc></sitemap>\n</sitemapindex>\n',
    );
  });

  test('catalogue.json is the catalogue view', async () => {
    const out = join(dir, 'json');
    const view = await siteCatalogue();
    await publishTo(view, out);
    assert.deepEqual(JSON.parse(await readFile(join(out, 'catalogue.json'), 'utf8')), view);
  });
});

describe('policy downloads', () => {
  test('every format parses back and reads as a valid policy for all 45 Flowforge tools', async () => {
    const out = join(dir, 'downloads');
    await publishTo(await siteCatalogue(), out);
    const file = (name: string): Promise<string> => readFile(join(out, FLOWFORGE, name), 'utf8');
    const native = JSON.parse(await file('mcp-risk-policy.json')) as { hide: string[]; tools: Record<string, { action: string }> };
    assert.deepEqual(parseYaml(await file('mcp-risk-policy.yaml')), native);
    assert.ok(native.hide.includes('flowforge_cancel_run'));
    assert.equal(native.tools['flowforge_charge_customer']?.action, 'require_approval');
    const intercept = parseYaml(await file('intercept-policy.yaml')) as { default: string; hide: string[]; tools: Record<string, unknown> };
    assert.equal(intercept.default, 'deny');
    assert.equal(intercept.hide.length + Object.keys(intercept.tools).length, 45);
    const claude = JSON.parse(await file('claude-code-settings.json')) as {
      permissions: { deny: string[]; ask: string[]; allow: string[] };
    };
    assert.ok(claude.permissions.deny.includes('mcp__Flowforge__flowforge_cancel_run'));
    assert.equal(claude.permissions.deny.length + claude.permissions.ask.length + claude.permissions.allow.length, 45);
    const codex = parseToml(await file('codex-config.toml')) as {
      mcp_servers: Record<string, { disabled_tools: string[]; enabled_tools: string[] }>;
    };
    assert.ok(codex.mcp_servers['Flowforge']?.disabled_tools.includes('flowforge_cancel_run'));
    for (const [name, format] of [
      ['mcp-risk-policy.json', 'json'],
      ['mcp-risk-policy.yaml', 'yaml'],
      ['intercept-policy.yaml', 'intercept'],
      ['claude-code-settings.json', 'claude-code'],
      ['codex-config.toml', 'codex'],
    ] as const) {
      const read = readPolicy(await file(name), name);
      assert.equal(read.format, format, name);
      assert.deepEqual(read.problems, [], name);
      assert.equal(read.policies.length, 1, name);
    }
  });

  test("a hostile server's downloads still parse, with its names as data", async () => {
    const out = join(dir, 'hostile-downloads');
    await publishTo(await siteCatalogue(), out);
    const text = await readFile(join(out, 'servers/npm-evil-mcp/mcp-risk-policy.json'), 'utf8');
    const policy = JSON.parse(text) as { hide: string[] };
    assert.ok(policy.hide.includes('<img id="xss-injected" src=x onerror="window.__xss=1;alert(1)">'));
    assert.deepEqual(readPolicy(text, 'mcp-risk-policy.json').problems, []);
    const codex = parseToml(await readFile(join(out, 'servers/npm-evil-mcp/codex-config.toml'), 'utf8')) as {
      mcp_servers: Record<string, { disabled_tools: string[] }>;
    };
    assert.ok(Object.values(codex.mcp_servers)[0]?.disabled_tools.includes('evil_tool"><svg onload=alert(1)>'));
  });
});
