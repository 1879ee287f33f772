import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNpmPackageName, parsePackageSpec } from '../../src/sources/npm-package-name.js';

test('package names npm accepts for new packages', () => {
  for (const name of ['a', 'left-pad', '@scope/pkg', '@modelcontextprotocol/server-filesystem', 'pkg.js', 'x_y~z']) assert.equal(isNpmPackageName(name), true, name);
  for (const name of ['', 'Upper', '.hidden', '_under', '@scope', '@scope/', '../x', 'a b', 'a/b', '@s/a/b', 'node_modules', 'x'.repeat(215), 'pkg.']) {
    assert.equal(isNpmPackageName(name), false, name);
  }
});

test('package specs split into name and version', () => {
  assert.deepEqual(parsePackageSpec('pkg'), { name: 'pkg' });
  assert.deepEqual(parsePackageSpec('pkg@1.2.3'), { name: 'pkg', version: '1.2.3' });
  assert.deepEqual(parsePackageSpec('@s/pkg@^2.0.0'), { name: '@s/pkg', version: '^2.0.0' });
  assert.deepEqual(parsePackageSpec('@s/pkg@latest'), { name: '@s/pkg' });
  assert.deepEqual(parsePackageSpec('@s/pkg@next'), { name: '@s/pkg', version: 'next' });
  assert.equal(parsePackageSpec('pkg@$(id)'), undefined);
  assert.equal(parsePackageSpec('pkg@'), undefined);
  assert.equal(parsePackageSpec('@s/pkg@1 || rm'), undefined);
});
