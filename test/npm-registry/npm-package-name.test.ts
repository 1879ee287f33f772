import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPackageName, isNpmPackageName, parsePackageSpec, unscopedName } from '../../src/npm-registry/npm-package-name.js';
import { InputError } from '../../src/errors.js';

test('package names npm accepts for new packages', () => {
  for (const name of ['a', 'left-pad', '@scope/pkg', '@modelcontextprotocol/server-filesystem', 'pkg.js', 'x_y~z'])
    assert.equal(isNpmPackageName(name), true, name);
  for (const name of [
    '',
    'Upper',
    '.hidden',
    '_under',
    '@scope',
    '@scope/',
    '../x',
    'a b',
    'a/b',
    '@s/a/b',
    'node_modules',
    'x'.repeat(215),
    'pkg.',
  ]) {
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

test('legacy package names the installer still accepts', () => {
  for (const name of ['a', '@scope/pkg', 'Upper', 'JSONStream', '@Scope/Pkg', '-dash', '~tilde', 'pkg.', 'node_modules', 'x'.repeat(214)]) {
    assert.equal(isNpmPackageName(name, { legacy: true }), true, name);
  }
  for (const name of ['', '.hidden', '_under', '@scope', '@scope/', '../x', 'a b', 'a/b', '@s/a/b', 'x'.repeat(215)]) {
    assert.equal(isNpmPackageName(name, { legacy: true }), false, name);
  }
});

test('checkPackageName returns the name or throws an InputError naming where it came from', () => {
  assert.equal(checkPackageName('JSONStream', 'list.json'), 'JSONStream');
  assert.throws(
    () => checkPackageName('a b', 'list.json'),
    (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, 'input-invalid');
      assert.equal(error.message, 'list.json: "a b" is not a valid npm package name');
      return true;
    },
  );
});

test('unscopedName is the last segment of a package name', () => {
  assert.equal(unscopedName('@scope/tool'), 'tool');
  assert.equal(unscopedName('tool'), 'tool');
});
