import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { searchIndexFiles, searchTokens, shardKey, STOP_WORDS } from '../../src/site/search-index.js';
import { searchScript } from '../../src/site/search-script.js';
import { buildSiteModel } from '../../src/site/site-model.js';
import { siteCatalogue } from './fixtures/site-catalogue.js';

/** Reads a search data file back: `mcpRiskSearch.<kind>(<key>,<json>);` */
function dataOf(content: string): { kind: string; key: unknown; data: unknown } {
  const match = /^mcpRiskSearch\.(manifest|terms|docs)\((.*)\);\n$/s.exec(content);
  assert.ok(match !== null, content.slice(0, 80));
  if (match[1] === 'manifest') return { kind: 'manifest', key: null, data: JSON.parse(match[2] ?? '') };
  const parsed = JSON.parse(`[${match[2] ?? ''}]`) as [unknown, unknown];
  return { kind: match[1] ?? '', key: parsed[0], data: parsed[1] };
}

describe('search tokens', () => {
  test('split camelCase and every non-letter, lowercase, two characters or more, no stop words', () => {
    assert.deepEqual(searchTokens('flowforge_cancel_run'), ['flowforge', 'cancel', 'run']);
    assert.deepEqual(searchTokens('getRunOutput v2 of the API'), ['get', 'run', 'output', 'v2', 'api']);
    assert.deepEqual(searchTokens('Ünïcödé Straße 東京'), ['ünïcödé', 'straße', '東京']);
    assert.deepEqual(searchTokens('__proto__ constructor'), ['proto', 'constructor']);
  });

  test('shard keys are file-name safe', () => {
    assert.equal(shardKey('cancel'), 'ca');
    assert.equal(shardKey('v2'), 'v2');
    assert.equal(shardKey('ünïcödé'), 'ufc-6e');
    assert.equal(shardKey('東京'), 'u6771-4eac');
  });
});

describe('the search index files', () => {
  test('a manifest, term shards pointing at documents, and document chunks with page paths', async () => {
    const model = buildSiteModel(await siteCatalogue());
    const files = [...searchIndexFiles(model)];
    const manifest = dataOf(files[0]?.content as string).data as { version: number; docs: number; chunk: number; shards: string[] };
    assert.equal(files[0]?.path, 'search/index.js');
    assert.equal(manifest.docs, 7 + 59);
    assert.equal(manifest.chunk, 500);
    assert.deepEqual(
      files.filter((file) => file.path.startsWith('search/t-')).map((file) => file.path),
      manifest.shards.map((key) => `search/t-${key}.js`),
    );
    const docs = dataOf(files.find((file) => file.path === 'search/d-0.js')?.content as string).data as [
      string,
      string,
      string,
      string,
      string,
      string,
    ][];
    assert.equal(docs.length, 66);
    const cancelId = docs.findIndex((doc) => doc[1] === 'flowforge_cancel_run');
    assert.deepEqual(docs[cancelId], [
      't',
      'flowforge_cancel_run',
      'Flowforge',
      'servers/npm-flowforge-mcp-server/tools/flowforge-cancel-run.html',
      'destructive',
      'critical',
    ]);
    const ca = dataOf(files.find((file) => file.path === 'search/t-ca.js')?.content as string);
    assert.equal(ca.key, 'ca');
    const postings = (ca.data as Record<string, [number[], number[]]>)['cancel'];
    assert.ok(postings?.[0].includes(cancelId), 'cancel is in its name');
    const st = dataOf(files.find((file) => file.path === 'search/t-st.js')?.content as string).data as Record<string, [number[], number[]]>;
    assert.deepEqual(st['stuck'], [[], [cancelId]]);
  });

  test('the search script is plain, self-contained JavaScript that builds results without HTML parsing', () => {
    const script = searchScript();
    assert.equal(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|fetch\(|XMLHttpRequest/.test(script), false);
    assert.ok(script.includes('textContent'));
    assert.ok(script.length < 8000, `${script.length} characters`);
  });

  test('the search script is the type-checked asset file, and drops the stop words the index drops', () => {
    const script = searchScript();
    assert.ok(script.startsWith('// @ts-check\n'));
    const stopWords = /^(\[.*\])\.forEach\(function \(word\) \{ STOP\[word\] = true; \}\);$/m.exec(script);
    assert.deepEqual(JSON.parse(stopWords?.[1] ?? 'null'), STOP_WORDS);
  });
});
