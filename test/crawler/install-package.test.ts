import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InstallError } from '../../src/npm-registry/install-errors.js';
import { INSTALL_MARKER, installPackage, pickBin, type InstallOptions } from '../../src/crawler/install/install-package.js';
import { startFakeRegistry, type FakeRegistry } from '../fixtures/npm-registry/fake-registry.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

let registry: FakeRegistry;
let markerDir: string;
let scratch: string;

function options(cacheDir: string, extra: Partial<InstallOptions> = {}): InstallOptions {
  return { registry: registry.url, cacheDir, timeoutMs: SAFETY_NET_MS, ...extra };
}

function freshCache(): string {
  return mkdtempSync(join(scratch, 'cache-'));
}

async function rejection(promise: Promise<unknown>): Promise<InstallError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InstallError) return error;
    throw error;
  }
  assert.fail('expected an InstallError');
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'mcp-risk-install-test-'));
  markerDir = mkdtempSync(join(scratch, 'markers-'));
  // The slow packages' tarballs never arrive within a test's safety net: an install that returns
  // at all was stopped by its budget or its caller.
  registry = await startFakeRegistry({ markerDir, slowMs: 2 * SAFETY_NET_MS });
});

after(async () => {
  await registry.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('installPackage', () => {
  test('installs the latest version and its dependency from the registry, without dev dependencies or install scripts', async () => {
    const cache = freshCache();
    const installed = await installPackage({ package: 'mcp-fixture-echo' }, options(cache));
    const dir = join(cache, 'mcp-fixture-echo@1.1.0', 'package');
    assert.equal(installed.name, 'mcp-fixture-echo');
    assert.equal(installed.version, '1.1.0');
    assert.equal(installed.dir, dir);
    assert.deepEqual(installed.bins, { 'mcp-fixture-echo': join(dir, 'bin', 'echo.js') });
    assert.equal(existsSync(join(dir, 'node_modules', 'mcp-fixture-jsonrpc', 'index.js')), true);
    assert.equal(existsSync(join(dir, 'node_modules', 'mcp-fixture-never-published')), false);
    // npm saw a reduced package.json; the published one is back in place.
    assert.deepEqual(installed.packageJson.devDependencies, { 'mcp-fixture-never-published': '^9.9.9' });
    assert.equal(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).homepage, 'https://example.com/mcp-fixture-echo');
    assert.deepEqual(readdirSync(join(cache, 'mcp-fixture-echo@1.1.0')).sort(), [INSTALL_MARKER, 'package']);
    assert.deepEqual(readdirSync(cache).sort(), ['_npm', 'mcp-fixture-echo@1.1.0']);
    assert.deepEqual(readdirSync(markerDir), []);
    assert.equal(pickBin(installed), join(dir, 'bin', 'echo.js'));
  });

  test("never runs install scripts: neither the package's (preinstall, install, postinstall, prepare) nor a dependency's", async () => {
    const cache = freshCache();
    const installed = await installPackage({ package: '@fixture/scripted' }, options(cache));
    const dir = join(cache, '@fixture', 'scripted@2.0.0', 'package');
    assert.equal(installed.dir, dir);
    assert.equal(existsSync(join(dir, 'node_modules', 'mcp-fixture-jsonrpc', 'package.json')), true);
    assert.deepEqual(Object.keys(installed.packageJson.scripts as object), ['preinstall', 'install', 'postinstall', 'prepare']);
    assert.deepEqual(readdirSync(markerDir), []);
    assert.equal(
      registry.requests.some((request) => request.path === '/@fixture/scripted'),
      true,
    );
  });

  test('installs a pinned version or a dist-tag, and refuses one the registry does not have', async () => {
    const cache = freshCache();
    const old = await installPackage({ package: 'mcp-fixture-echo', version: '1.0.0' }, options(cache));
    assert.equal(old.version, '1.0.0');
    assert.equal(old.dir, join(cache, 'mcp-fixture-echo@1.0.0', 'package'));
    assert.equal(old.packageJson.description, 'An MCP server that echoes (first release).');
    const tagged = await installPackage({ package: 'mcp-fixture-echo', version: 'latest' }, options(cache));
    assert.equal(tagged.version, '1.1.0');
    const missing = await rejection(installPackage({ package: 'mcp-fixture-echo', version: '9.9.9' }, options(cache)));
    assert.equal(missing.code, 'package-not-found');
    assert.equal(missing.next, 'skip-server');
    assert.equal(missing.message, 'package mcp-fixture-echo has no version or tag "9.9.9" in the registry');
  });

  test('reuses a complete install: no download again, and no request at all for an exact version', async () => {
    const cache = freshCache();
    const first = await installPackage({ package: 'mcp-fixture-shasum-only' }, options(cache));
    assert.equal(registry.tarballDownloads('mcp-fixture-shasum-only') >= 1, true);
    const downloads = registry.tarballDownloads('mcp-fixture-shasum-only');
    const again = await installPackage({ package: 'mcp-fixture-shasum-only' }, options(cache));
    assert.deepEqual(again, first);
    assert.equal(registry.tarballDownloads('mcp-fixture-shasum-only'), downloads);
    const requests = registry.requests.length;
    const pinned = await installPackage({ package: 'mcp-fixture-shasum-only', version: '1.0.0' }, options(cache));
    assert.deepEqual(pinned, first);
    assert.equal(registry.requests.length, requests);
  });

  test('redoes an interrupted install (no marker) and shares one install between concurrent callers', async () => {
    const cache = freshCache();
    const leftover = join(cache, 'mcp-fixture-shasum-only@1.0.0', 'package');
    mkdirSync(leftover, { recursive: true });
    writeFileSync(join(leftover, 'half-written.js'), '');
    const downloads = registry.tarballDownloads('mcp-fixture-shasum-only');
    const [a, b] = await Promise.all([
      installPackage({ package: 'mcp-fixture-shasum-only' }, options(cache)),
      installPackage({ package: 'mcp-fixture-shasum-only' }, options(cache)),
    ]);
    assert.deepEqual(a, b);
    assert.equal(registry.tarballDownloads('mcp-fixture-shasum-only'), downloads + 1);
    assert.deepEqual(readdirSync(leftover).sort(), ['index.js', 'package.json']);
    assert.deepEqual(readdirSync(cache), ['mcp-fixture-shasum-only@1.0.0']);
  });

  test("refuses a tarball that does not match the registry's integrity, and keeps nothing of it", async () => {
    const cache = freshCache();
    const error = await rejection(installPackage({ package: 'mcp-fixture-badsum' }, options(cache)));
    assert.equal(error.code, 'integrity-mismatch');
    assert.match(
      error.message,
      /^the tarball of mcp-fixture-badsum@1\.0\.0 does not match its sha512 integrity: the registry says "[A-Za-z0-9+/=]{88}", the download is [A-Za-z0-9+/=]{88}$/,
    );
    assert.deepEqual(readdirSync(cache), []);
  });

  test('refuses tarballs that would write or link outside the package', async () => {
    const cases = [
      [
        'mcp-fixture-escape',
        'refused the tarball of mcp-fixture-escape@1.0.0: "package/escape" links outside the package (to "../../../../../../../../etc")',
      ],
      [
        'mcp-fixture-absolute-link',
        'refused the tarball of mcp-fixture-absolute-link@1.0.0: "package/passwd" links outside the package (to "/etc/passwd")',
      ],
      [
        'mcp-fixture-dotdot',
        'refused the tarball of mcp-fixture-dotdot@1.0.0: "package/../../../../dotdot-pwned.txt" would be written outside the package',
      ],
    ] as const;
    for (const [name, message] of cases) {
      const cache = freshCache();
      const error = await rejection(installPackage({ package: name }, options(cache)));
      assert.equal(error.code, 'install-failed');
      assert.equal(error.message, message);
      assert.deepEqual(readdirSync(cache), []);
    }
    for (const dir of [scratch, join(scratch, '..'), tmpdir(), '/']) assert.equal(existsSync(join(dir, 'dotdot-pwned.txt')), false);
  });

  test('refuses git, file and URL dependencies instead of letting npm fetch them', async () => {
    const error = await rejection(installPackage({ package: 'mcp-fixture-gitdep' }, options(freshCache())));
    assert.equal(error.code, 'install-failed');
    assert.equal(
      error.message,
      'mcp-fixture-gitdep@1.0.0: dependency evil is "github:evil/repo", not a registry version (git, file and URL dependencies are not installed)',
    );
  });

  test('reports a package the registry does not have, and a name that is not a package name', async () => {
    const error = await rejection(installPackage({ package: 'mcp-fixture-missing' }, options(freshCache())));
    assert.equal(error.code, 'package-not-found');
    assert.equal(error.message, `package mcp-fixture-missing is not in the registry ${new URL(registry.url).origin}`);
    const invalid = await rejection(installPackage({ package: '../../etc' }, options(freshCache())));
    assert.equal(invalid.code, 'package-not-found');
    assert.equal(invalid.message, '"../../etc" is not a valid npm package name');
  });

  test('gives up on a download that takes longer than the budget', async () => {
    const error = await rejection(installPackage({ package: 'mcp-fixture-slow' }, options(freshCache(), { timeoutMs: 3000 })));
    assert.equal(error.code, 'install-failed');
    assert.match(error.message, /^the tarball of mcp-fixture-slow@1\.0\.0: no complete answer within \d+ ms$/);
  });

  test('kills npm when installing dependencies takes longer than the budget', async () => {
    const error = await rejection(installPackage({ package: 'mcp-fixture-slowdep' }, options(freshCache(), { timeoutMs: 5000 })));
    assert.equal(error.code, 'install-failed');
    assert.match(error.message, /^installing the dependencies of mcp-fixture-slowdep@1\.0\.0 took longer than \d+ ms$/);
  });

  test("stops when the caller aborts, with the caller's reason", async () => {
    const controller = new AbortController();
    const reason = new Error('crawl interrupted');
    setTimeout(() => controller.abort(reason), 200);
    await assert.rejects(
      installPackage({ package: 'mcp-fixture-slow' }, options(freshCache(), { signal: controller.signal })),
      (error) => error === reason,
    );
  });
});

describe('pickBin', () => {
  test('picks the bin named like the package among several, or the one asked for', async () => {
    const installed = await installPackage({ package: '@fixture/scripted' }, options(freshCache()));
    assert.equal(pickBin(installed), join(installed.dir, 'bin', 'scripted.js'));
    assert.equal(pickBin(installed, 'scripted-admin'), join(installed.dir, 'bin', 'admin.js'));
    assert.throws(
      () => pickBin(installed, 'scripted-debug'),
      (error) =>
        error instanceof InstallError &&
        error.code === 'no-bin' &&
        error.message === '@fixture/scripted@2.0.0 has no bin named "scripted-debug" (its bins are "scripted-admin", "scripted")',
    );
    const unnamed = {
      ...installed,
      bins: { 'scripted-admin': join(installed.dir, 'bin', 'admin.js'), other: join(installed.dir, 'bin', 'scripted.js') },
    };
    assert.equal(pickBin(unnamed), join(installed.dir, 'bin', 'admin.js'));
  });

  test('falls back to main for a package that looks like an MCP server, and refuses a library', async () => {
    const server = await installPackage({ package: 'mcp-fixture-main-server' }, options(freshCache()));
    assert.deepEqual(server.bins, {});
    assert.equal(pickBin(server), join(server.dir, 'index.js'));
    const library = await installPackage({ package: 'fixture-date-helpers' }, options(freshCache()));
    assert.throws(
      () => pickBin(library),
      (error) =>
        error instanceof InstallError &&
        error.code === 'no-bin' &&
        error.message === 'fixture-date-helpers@1.0.0 has no bin and does not look like an MCP server',
    );
  });
});
