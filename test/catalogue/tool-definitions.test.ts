/**
 * The catalogue keeps each tool's full definition, from the crawl to what is published: a real
 * fixture server (a real stdio process) crawled into the lowdb store, the store reopened, the
 * catalogue published as catalogue.json — and classifying that catalogue again gives the same
 * classification. (The runner here scans without the sandbox, which test/crawler covers, so that
 * the test reads the same wherever node_modules lives.)
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openLowdbStore } from '../../src/catalogue/lowdb-store.js';
import { run } from '../../src/cli/run.js';
import { crawl, type ServerRunner } from '../../src/crawler/crawl.js';
import { scanServer } from '../../src/scanner/scan-server.js';
import { listSource } from '../../src/sources/list-source.js';
import type { ClassifiedTool, ScanReport } from '../../src/model.js';
import { memoryIo } from '../cli/cli-io.js';

const FROM_FILE = 'test/fixtures/servers/tools-from-file.mjs';

const TOOLS = [
  {
    name: 'query',
    title: 'Query',
    description: 'Query the analytics warehouse.',
    inputSchema: { type: 'object', properties: { sql: { type: 'string', description: 'The statement to run.' } }, required: ['sql'] },
    outputSchema: { type: 'object', properties: { rows: { type: 'array', items: { type: 'object' } } } },
    annotations: { title: 'Run a query', readOnlyHint: false, destructiveHint: true, openWorldHint: false },
  },
  {
    name: 'get_table',
    description: 'Get the columns of a table.',
    inputSchema: { type: 'object', properties: { table: { type: 'string' } }, required: ['table'] },
    annotations: { readOnlyHint: true },
  },
];

let dir: string;
let db: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-risk-definitions-'));
  const toolsFile = join(dir, 'tools.json');
  await writeFile(toolsFile, JSON.stringify(TOOLS));
  const list = join(dir, 'servers.json');
  await writeFile(list, JSON.stringify({ mcpServers: { warehouse: { command: process.execPath, args: [FROM_FILE, toolsFile] } } }));
  db = join(dir, 'catalogue.json');
  const runner: ServerRunner = async (entry, { timeoutMs, signal }) => {
    const snapshot = await scanServer(
      { kind: 'stdio', command: process.execPath, args: [FROM_FILE, toolsFile] },
      { timeoutMs, signal, name: entry.name },
    );
    return snapshot.error ? { status: 'failed', snapshot, error: snapshot.error } : { status: 'ok', snapshot };
  };
  const store = await openLowdbStore(db, { write: true });
  try {
    const context = {
      npmRegistry: 'http://127.0.0.1:9/',
      cwd: process.cwd(),
      render: false,
      pageCap: 10,
      politeDelayMs: 0,
      timeoutMs: 5_000,
    };
    const summary = await crawl({
      store,
      sources: [{ source: listSource, location: list }],
      sourceContext: context,
      runner,
      concurrency: 1,
      timeoutMs: 10_000,
      maxAgeMs: 0,
    });
    assert.equal(summary.byStatus.ok, 1);
  } finally {
    await store.close();
  }
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function byName(tools: readonly ClassifiedTool[]): Map<string, ClassifiedTool> {
  return new Map(tools.map((tool) => [tool.name, tool]));
}

describe('the catalogue keeps full tool definitions', () => {
  test('the lowdb store record holds each definition as the server listed it', async () => {
    const store = await openLowdbStore(db, { write: false });
    try {
      const [record] = store.list();
      assert.ok(record);
      assert.equal(record.status, 'ok');
      assert.deepEqual(
        record.report.tools.map((tool) => tool.definition),
        TOOLS,
      );
    } finally {
      await store.close();
    }
  });

  test('published catalogue.json keeps them, and classifying the catalogue again gives the same result', async () => {
    const site = join(dir, 'site');
    assert.equal(await run(['publish', '--db', db, '--out', site], memoryIo()), 0);
    const published = JSON.parse(await readFile(join(site, 'catalogue.json'), 'utf8')) as ScanReport;
    const tools = byName(published.servers[0]?.tools ?? []);
    for (const definition of TOOLS) assert.deepEqual(tools.get(definition.name)?.definition, definition);

    const again = memoryIo();
    assert.equal(await run(['classify', '--format', 'json', join(site, 'catalogue.json')], again), 0, again.err());
    assert.equal(again.err(), '');
    const classified = byName((JSON.parse(again.out()) as ScanReport).servers[0]?.tools ?? []);
    assert.equal(classified.get('query')?.category, 'execute');
    assert.equal(classified.get('query')?.severity, 'critical');
    for (const [name, tool] of tools) assert.deepEqual(classified.get(name), tool, name);
  });
});
