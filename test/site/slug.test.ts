import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assignSlugs, shortHash, SLUG_MAX_LENGTH, slugify } from '../../src/site/slug.js';

describe('slugify', () => {
  test('lowercase letters, digits and single dashes; accents folded', () => {
    assert.equal(slugify('npm:@Scope/Pkg'), 'npm-scope-pkg');
    assert.equal(slugify('url:https://mcp.example.com/v1/mcp'), 'url-https-mcp-example-com-v1-mcp');
    assert.equal(slugify('list:servers.json#GitHub Tools'), 'list-servers-json-github-tools');
    assert.equal(slugify('Café_Déjà-vu'), 'cafe-deja-vu');
    assert.equal(slugify('flowforge_cancel_run'), 'flowforge-cancel-run');
  });

  test('traversal, markup and nothing-left inputs', () => {
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('<script>alert(1)</script>'), 'script-alert-1-script');
    assert.equal(slugify('東京'), 'item');
    assert.equal(slugify(''), 'item');
    assert.equal(slugify('---'), 'item');
  });

  test('bounded, never ending with a dash', () => {
    const long = slugify('a-'.repeat(200));
    assert.ok(long.length <= SLUG_MAX_LENGTH);
    assert.match(long, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(slugify('x'.repeat(10_000)).length, SLUG_MAX_LENGTH);
    assert.equal(slugify('abc-def', 4), 'abc');
  });
});

describe('assignSlugs', () => {
  test('colliding keys: the first in code-unit order keeps the slug, the others get a short hash', () => {
    const slugs = assignSlugs(['delete_file', 'Delete-File', 'delete file', 'read_file']);
    assert.equal(slugs.get('Delete-File'), 'delete-file');
    assert.equal(slugs.get('delete file'), `delete-file-${shortHash('delete file')}`);
    assert.equal(slugs.get('delete_file'), `delete-file-${shortHash('delete_file')}`);
    assert.equal(slugs.get('read_file'), 'read-file');
    assert.equal(new Set(slugs.values()).size, 4);
    assert.equal(shortHash('delete_file'), '87b5c6b2');
  });

  test('the same keys in any order get the same slugs; long colliding keys stay bounded', () => {
    const keys = ['npm:a/b', 'npm:a-b', 'npm:A.B', `npm:${'x'.repeat(100)}1`, `npm:${'x'.repeat(100)}2`];
    const forward = assignSlugs(keys);
    const backward = assignSlugs([...keys].reverse());
    assert.deepEqual([...forward.entries()].sort(), [...backward.entries()].sort());
    assert.equal(new Set(forward.values()).size, keys.length);
    for (const slug of forward.values()) {
      assert.ok(slug.length <= SLUG_MAX_LENGTH, slug);
      assert.match(slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  test('a hashed slug never takes a slug another key has', () => {
    const colliding = `delete-file-${shortHash('delete_file')}`;
    const slugs = assignSlugs(['Delete-File', 'delete_file', colliding]);
    assert.equal(slugs.get(colliding), colliding);
    assert.notEqual(slugs.get('delete_file'), colliding);
    assert.equal(new Set(slugs.values()).size, 3);
  });
});
