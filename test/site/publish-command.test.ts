import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openLowdbStore } from '../../src/catalogue/lowdb-store.js';
import { readCatalogue } from '../../src/catalogue/read-catalogue.js';
import { run } from '../../src/cli/run.js';
import { listSource } from '../../src/sources/list-source.js';
import { memoryIo } from '../cli/cli-io.js';
import { collect, testContext } from '../sources/source-context.js';
import { allRecords, FIRST_CRAWL } from './fixtures/site-catalogue.js';
import { removeDirectory, temporaryDirectory } from './fixtures/published-site.js';

let dir = '';
before(async () => {
  dir = await temporaryDirectory();
});
after(async () => {
  await removeDirectory(dir);
});

describe('mcp-risk publish', () => {
  test('publishes a store, says where to open it, and writes nothing the second time', async () => {
    const work = join(dir, 'cli');
    await mkdir(work, { recursive: true });
    const store = await openLowdbStore(join(work, 'data/catalogue.json'), { write: true });
    for (const record of allRecords()) await store.put(record);
    await store.close();
    const io = memoryIo({ cwd: work });
    assert.equal(await run(['publish'], io), 0);
    const [published, open, ...rest] = io.out().split('\n');
    assert.match(
      published ?? '',
      /^Published 7 MCP servers and 59 tools to reports\/site: \d+ files, \d+ written, 0 unchanged, 0 deleted \(\d+ ms\)\.$/,
    );
    // A path and a file:// URL, not macOS's `open` command.
    assert.equal(open, `Open it in a browser: reports/site/index.html (${pathToFileURL(join(work, 'reports/site/index.html')).href})`);
    assert.deepEqual(rest, ['']);
    assert.equal(io.err(), '');
    const again = memoryIo({ cwd: work });
    assert.equal(await run(['publish', '--out', 'reports/site', '--db', 'data/catalogue.json'], again), 0);
    assert.match(again.out(), /, 0 written, \d+ unchanged, 0 deleted/);
    const reader = await openLowdbStore(join(work, 'data/catalogue.json'), { write: false });
    const view = readCatalogue(reader);
    await reader.close();
    assert.deepEqual(JSON.parse(await readFile(join(work, 'reports/site/catalogue.json'), 'utf8')), view);
    assert.equal(view.servers.find((server) => server.id === 'npm:@acme/notes-mcp')?.firstSeen, FIRST_CRAWL.toISOString());
  });

  test('a server crawled from a local list file: the site and its catalogue.json name the file, never its folder', async () => {
    const work = join(dir, 'cli-list');
    await mkdir(work, { recursive: true });
    const listFile = join(work, 'private', 'lists', 'servers.json');
    await mkdir(join(work, 'private', 'lists'), { recursive: true });
    await writeFile(listFile, JSON.stringify({ mcpServers: { flowforge: { command: 'node', args: ['flowforge.mjs'] } } }));
    // The source as the list source gives it to the crawler: the list file's full path.
    const [listed] = await collect(listSource, listFile, testContext({ cwd: work }));
    assert.deepEqual(listed?.source, { kind: 'list', location: listFile });
    const record = allRecords()[0] ?? assert.fail();
    const store = await openLowdbStore(join(work, 'c.json'), { write: true });
    await store.put({ ...record, source: listed.source });
    await store.close();
    const io = memoryIo({ cwd: work });
    assert.equal(await run(['publish', '--db', 'c.json', '--out', 'site'], io), 0, io.err());
    const catalogue = JSON.parse(await readFile(join(work, 'site', 'catalogue.json'), 'utf8')) as { servers: { source: unknown }[] };
    assert.deepEqual(catalogue.servers[0]?.source, { kind: 'list', location: 'servers.json' });
    const files = (await readdir(join(work, 'site'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    assert.ok(files.length > 10);
    for (const file of files) {
      const text = await readFile(join(file.parentPath, file.name), 'utf8');
      assert.equal(text.includes(work), false, `${file.name} shows the local folder ${work}`);
    }
    const servers = join(work, 'site', 'servers');
    const serverPage = files.find(
      (file) => file.name === 'index.html' && file.parentPath.startsWith(`${servers}/`) && !file.parentPath.includes('/tools'),
    );
    assert.ok(serverPage);
    assert.match(await readFile(join(serverPage.parentPath, serverPage.name), 'utf8'), /<dt>Source<\/dt><dd>list: servers\.json<\/dd>/);
  });

  test('exit 2 for a missing store, a bad --base-url, or a command after --', async () => {
    const work = join(dir, 'cli-bad');
    await mkdir(work, { recursive: true });
    const missing = memoryIo({ cwd: work });
    assert.equal(await run(['publish', '--db', 'nothing.json'], missing), 2);
    assert.match(missing.err(), /^mcp-risk: there is no catalogue at .*nothing\.json \(mcp-risk crawl creates it\)\n$/);
    const store = await openLowdbStore(join(work, 'c.json'), { write: true });
    await store.put(allRecords()[0] ?? assert.fail());
    await store.close();
    const badUrl = memoryIo({ cwd: work });
    assert.equal(await run(['publish', '--db', 'c.json', '--base-url', 'javascript:alert(1)'], badUrl), 2);
    assert.equal(badUrl.err(), 'mcp-risk: --base-url must be an http or https URL (got javascript:)\n');
    const extra = memoryIo({ cwd: work });
    assert.equal(await run(['publish', '--db', 'c.json', '--', 'node'], extra), 2);
    await writeFile(join(work, 'not-a-folder'), 'x');
    const notFolder = memoryIo({ cwd: work });
    assert.equal(await run(['publish', '--db', 'c.json', '--out', 'not-a-folder'], notFolder), 2);
    assert.match(notFolder.err(), /^mcp-risk: cannot write the site in .*not-a-folder: EEXIST/);
  });
});
