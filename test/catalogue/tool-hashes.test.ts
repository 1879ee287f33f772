import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/catalogue/canonical-json.js';
import type { CatalogueServer } from '../../src/catalogue/catalogue-model.js';
import { diffTools, hashTool, hashToolParts, hashTools } from '../../src/catalogue/tool-hashes.js';
import { InputError } from '../../src/errors.js';
import type { ToolDefinition } from '../../src/model.js';
import { makeServerRecord } from './fixtures/catalogue-records.js';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const SEARCH: ToolDefinition = {
  name: 'search',
  description: 'Search issues.',
  inputSchema: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer', minimum: 1 } }, required: ['query'] },
  annotations: { readOnlyHint: true, openWorldHint: false },
};

/** The same definition with every object's keys listed in another order. */
const SEARCH_REORDERED: ToolDefinition = {
  annotations: { openWorldHint: false, readOnlyHint: true },
  inputSchema: { required: ['query'], properties: { limit: { minimum: 1, type: 'integer' }, query: { type: 'string' } }, type: 'object' },
  description: 'Search issues.',
  name: 'search',
};

describe('canonicalJson', () => {
  test('sorts keys at every level, keeps array order, writes no spaces', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [3, 1, { z: true, y: null }], c: 'x' } }),
      '{"a":{"c":"x","d":[3,1,{"y":null,"z":true}]},"b":1}',
    );
  });

  test('drops undefined members, writes undefined items and non-finite numbers as null, like JSON', () => {
    assert.equal(canonicalJson({ a: undefined, b: [undefined, Number.NaN, Infinity, -0], c: () => 1 }), '{"b":[null,null,null,0]}');
    assert.equal(canonicalJson(undefined), 'null');
  });

  test('sorts keys in code-unit order and escapes like JSON', () => {
    assert.equal(canonicalJson({ b: 1, B: 2, é: 3, 'a"\n': 4 }), '{"B":2,"a\\"\\n":4,"b":1,"é":3}');
  });

  test('refuses nesting beyond 512 levels instead of exhausting the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 600; i += 1) deep = [deep];
    assert.throws(
      () => canonicalJson(deep),
      (error: unknown) => error instanceof InputError && error.code === 'input-invalid',
    );
  });
});

describe('hashTool', () => {
  test('is the sha256 of the canonical definition', () => {
    const tool: ToolDefinition = { name: 'n', description: 'd', annotations: { readOnlyHint: true } };
    assert.equal(hashTool(tool), sha256('{"annotations":{"readOnlyHint":true},"description":"d","name":"n"}'));
  });

  test('is stable across key order', () => {
    assert.equal(hashTool(SEARCH), hashTool(SEARCH_REORDERED));
    assert.deepEqual(hashToolParts(SEARCH), hashToolParts(SEARCH_REORDERED));
  });

  test('changes with any part', () => {
    const base = hashTool(SEARCH);
    assert.notEqual(hashTool({ ...SEARCH, description: 'Search issues. Also delete them.' }), base);
    assert.notEqual(hashTool({ ...SEARCH, title: 'Search' }), base);
    assert.notEqual(hashTool({ ...SEARCH, outputSchema: { type: 'object' } }), base);
    assert.notEqual(hashTool({ ...SEARCH, annotations: { readOnlyHint: false } }), base);
    assert.notEqual(hashTool({ ...SEARCH, name: 'find' }), base);
  });

  test('ignores fields that are not part of a definition', () => {
    assert.equal(hashTool({ ...SEARCH, extra: 'x' } as ToolDefinition), hashTool(SEARCH));
  });

  test('hashes each part present, and only those', () => {
    assert.deepEqual(hashToolParts(SEARCH), {
      description: sha256('"Search issues."'),
      inputSchema: sha256(
        '{"properties":{"limit":{"minimum":1,"type":"integer"},"query":{"type":"string"}},"required":["query"],"type":"object"}',
      ),
      annotations: sha256('{"openWorldHint":false,"readOnlyHint":true}'),
    });
  });
});

describe('hashTools', () => {
  test('hashes every tool by name; the first definition of a name listed twice counts', () => {
    const hashes = hashTools([SEARCH, { name: 'delete_issue', description: 'Delete an issue.' }, { ...SEARCH, description: 'other' }]);
    assert.deepEqual(hashes.toolHashes, {
      search: hashTool(SEARCH),
      delete_issue: hashTool({ name: 'delete_issue', description: 'Delete an issue.' }),
    });
    assert.deepEqual(Object.keys(hashes.toolPartHashes), ['search', 'delete_issue']);
    assert.deepEqual(hashes.toolPartHashes['delete_issue'], { description: sha256('"Delete an issue."') });
  });

  test('tools named after Object properties are own keys, and survive JSON', () => {
    const hashes = hashTools([{ name: '__proto__' }, { name: 'constructor' }]);
    assert.deepEqual(Object.keys(hashes.toolHashes), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(hashes.toolHashes), Object.prototype);
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(hashes.toolHashes)) as object), ['__proto__', 'constructor']);
  });
});

describe('diffTools', () => {
  const AT = '2026-03-01T00:00:00.000Z';
  function previousWith(tools: ToolDefinition[], status: CatalogueServer['status'] = 'ok'): CatalogueServer {
    return { ...makeServerRecord(1), status, ...hashTools(tools) };
  }

  test('no previous record: no change', () => {
    assert.equal(diffTools(undefined, hashTools([SEARCH]), AT), null);
  });

  test('the same tools, keys in another order: no change', () => {
    assert.equal(diffTools(previousWith([SEARCH]), hashTools([SEARCH_REORDERED]), AT), null);
  });

  test('says which tools were added, removed and changed, with the parts that changed', () => {
    const previous = previousWith([SEARCH, { name: 'old_tool' }, { name: 'b_tool', description: 'x' }]);
    const next = hashTools([
      { ...SEARCH, description: 'Search issues, then delete the ones you find.', inputSchema: { type: 'object' } },
      { name: 'b_tool', description: 'x', annotations: { destructiveHint: true } },
      { name: 'z_new' },
      { name: 'a_new' },
    ]);
    assert.deepEqual(diffTools(previous, next, AT, { from: '1.0.0', to: '1.1.0' }), {
      at: AT,
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      added: ['a_new', 'z_new'],
      removed: ['old_tool'],
      changed: [
        { tool: 'b_tool', fields: ['annotations'] },
        { tool: 'search', fields: ['description', 'inputSchema'] },
      ],
    });
  });

  test('a part removed counts as changed; versions are left out when not given', () => {
    const { description: _description, ...withoutDescription } = SEARCH;
    assert.deepEqual(diffTools(previousWith([SEARCH]), hashTools([withoutDescription]), AT), {
      at: AT,
      added: [],
      removed: [],
      changed: [{ tool: 'search', fields: ['description'] }],
    });
  });

  test('unknown versions are recorded as null', () => {
    const change = diffTools(previousWith([SEARCH]), hashTools([]), AT, { from: null, to: null });
    assert.deepEqual(change, { at: AT, fromVersion: null, toVersion: null, added: [], removed: ['search'], changed: [] });
  });

  test('a previous crawl that never listed tools is no baseline; one that kept earlier hashes is', () => {
    assert.equal(diffTools(previousWith([], 'failed'), hashTools([SEARCH]), AT), null);
    assert.equal(diffTools(previousWith([], 'needs-config'), hashTools([SEARCH]), AT), null);
    assert.deepEqual(diffTools(previousWith([], 'ok'), hashTools([SEARCH]), AT)?.added, ['search']);
    assert.deepEqual(diffTools(previousWith([{ name: 'old' }], 'failed'), hashTools([SEARCH]), AT)?.removed, ['old']);
  });

  test('tool names that are Object properties are compared as names', () => {
    const change = diffTools(previousWith([{ name: 'toString' }]), hashTools([{ name: 'constructor' }, { name: 'toString' }]), AT);
    assert.deepEqual(change, { at: AT, added: ['constructor'], removed: [], changed: [] });
  });
});
