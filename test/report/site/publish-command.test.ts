import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openLowdbStore } from '../../../src/catalogue/lowdb-store.js';
import { readCatalogue } from '../../../src/catalogue/read-catalogue.js';
import { run } from '../../../src/cli/run.js';
import { memoryIo } from '../../cli/cli-io.js';
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
    assert.match(published ?? '', /^Published 7 MCP servers and 59 tools to reports\/site: \d+ files, \d+ written, 0 unchanged, 0 deleted \(\d+ ms\)\.$/);
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
