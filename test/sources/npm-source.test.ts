import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import type { CrawlEntry } from '../../src/crawl-entry.js';
import { lookupNpmPackage, npmSource, readNpmRequests, repositoryUrl } from '../../src/sources/npm-source.js';
import type { SourceContext } from '../../src/sources/source.js';
import { startFakeRegistry, type FakeRegistry } from '../fixtures/npm-registry/fake-registry.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

let registry: FakeRegistry;
let scratch: string;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'mcp-risk-npm-source-test-'));
  registry = await startFakeRegistry({ markerDir: scratch });
});

after(async () => {
  await registry.close();
  rmSync(scratch, { recursive: true, force: true });
});

function context(lines: string[] = [], extra: Partial<SourceContext> = {}): SourceContext {
  return {
    npmRegistry: registry.url,
    cwd: scratch,
    log: (line) => lines.push(line),
    render: false,
    pageCap: 10,
    politeDelayMs: 0,
    timeoutMs: SAFETY_NET_MS,
    ...extra,
  };
}

async function collect(location: string, ctx: SourceContext): Promise<CrawlEntry[]> {
  const entries: CrawlEntry[] = [];
  for await (const entry of npmSource.entries(location, ctx)) entries.push(entry);
  return entries;
}

const ECHO_METADATA = {
  name: 'mcp-fixture-echo',
  version: '1.1.0',
  description: 'An MCP server that echoes and stores notes (test fixture).',
  repository: 'https://github.com/example/mcp-fixture-echo',
  license: 'MIT',
  homepage: 'https://example.com/mcp-fixture-echo',
  weeklyDownloads: 1234,
};

describe('npmSource', () => {
  test('resolves each listed package to its latest version with metadata', async () => {
    const location = 'mcp-fixture-echo,@fixture/scripted';
    const entries = await collect(location, context());
    assert.deepEqual(entries, [
      {
        id: 'npm:mcp-fixture-echo',
        name: 'mcp-fixture-echo',
        source: { kind: 'npm', location },
        launch: { kind: 'npm', package: 'mcp-fixture-echo', version: '1.1.0' },
        metadata: ECHO_METADATA,
      },
      {
        id: 'npm:@fixture/scripted',
        name: '@fixture/scripted',
        source: { kind: 'npm', location },
        launch: { kind: 'npm', package: '@fixture/scripted', version: '2.0.0' },
        metadata: {
          name: '@fixture/scripted',
          version: '2.0.0',
          description: 'A package whose install scripts must never run (test fixture).',
          license: 'Apache-2.0',
        },
      },
    ]);
    assert.equal(
      registry.requests.some((request) => request.path === '/@fixture/scripted' && request.accept === 'application/json'),
      true,
    );
  });

  test("keeps a pinned version or resolves a pinned dist-tag, with that version's metadata", async () => {
    const entries = await collect('mcp-fixture-echo@1.0.0,mcp-fixture-echo@latest', context());
    assert.deepEqual(
      entries.map((entry) => [entry.id, entry.launch, entry.metadata?.version, entry.metadata?.description]),
      [
        [
          'npm:mcp-fixture-echo',
          { kind: 'npm', package: 'mcp-fixture-echo', version: '1.0.0' },
          '1.0.0',
          'An MCP server that echoes (first release).',
        ],
        [
          'npm:mcp-fixture-echo',
          { kind: 'npm', package: 'mcp-fixture-echo', version: '1.1.0' },
          '1.1.0',
          'An MCP server that echoes and stores notes (test fixture).',
        ],
      ],
    );
  });

  test('reads a file of names: one per line, # comments, blank lines and duplicates ignored', async () => {
    const file = join(scratch, 'servers.txt');
    writeFileSync(file, '# MCP servers to crawl\nmcp-fixture-echo   # the echo one\n\n  @fixture/scripted@2.0.0\nmcp-fixture-echo\n');
    for (const location of [`@${file}`, '@servers.txt', '@./servers.txt']) {
      const entries = await collect(location, context());
      assert.deepEqual(
        entries.map((entry) => [entry.id, entry.launch, entry.source]),
        [
          ['npm:mcp-fixture-echo', { kind: 'npm', package: 'mcp-fixture-echo', version: '1.1.0' }, { kind: 'npm', location }],
          ['npm:@fixture/scripted', { kind: 'npm', package: '@fixture/scripted', version: '2.0.0' }, { kind: 'npm', location }],
        ],
      );
    }
  });

  test('still yields a package the registry does not have, without metadata, and says so', async () => {
    const lines: string[] = [];
    const entries = await collect('mcp-fixture-missing,mcp-fixture-echo@7.0.0,mcp-fixture-echo', context(lines));
    assert.deepEqual(
      entries.map((entry) => [entry.id, entry.launch, entry.metadata]),
      [
        ['npm:mcp-fixture-missing', { kind: 'npm', package: 'mcp-fixture-missing' }, undefined],
        ['npm:mcp-fixture-echo', { kind: 'npm', package: 'mcp-fixture-echo', version: '7.0.0' }, undefined],
        ['npm:mcp-fixture-echo', { kind: 'npm', package: 'mcp-fixture-echo', version: '1.1.0' }, ECHO_METADATA],
      ],
    );
    const origin = new URL(registry.url).origin;
    assert.deepEqual(lines, [
      `npm: package mcp-fixture-missing is not in the registry ${origin}; it will be recorded as failed`,
      'npm: package mcp-fixture-echo has no version or tag "7.0.0" in the registry; it will be recorded as failed',
    ]);
  });

  test('bounds and cleans metadata, and drops URLs that are not http(s)', async () => {
    const [entry] = await collect('mcp-fixture-hostile-meta', context());
    const description = entry?.metadata?.description ?? '';
    assert.equal(description.startsWith('red alert xxx'), true);
    assert.equal(description.length, 1000);
    assert.equal(description.endsWith('...'), true);
    assert.deepEqual(
      { ...entry?.metadata, description: undefined },
      { name: 'mcp-fixture-hostile-meta', version: '1.0.0', license: 'BSD-3-Clause', description: undefined },
    );
  });

  test('refuses bad locations as input errors', async () => {
    const cases = [
      ['mcp-fixture-echo,Not A Name', 'input-invalid', 'npm:mcp-fixture-echo,Not A Name: "Not A Name" is not a valid npm package name'],
      [
        'mcp-fixture-echo@^1.0.0',
        'input-invalid',
        'npm:mcp-fixture-echo@^1.0.0: "^1.0.0" is not an exact version or a dist-tag (ranges are not resolved)',
      ],
      [' , ', 'input-invalid', 'npm: ,  names no package'],
      ['@./no-such-list.txt', 'input-unreadable', `cannot read ${join(scratch, 'no-such-list.txt')}: file not found`],
    ] as const;
    for (const [location, code, message] of cases) {
      await assert.rejects(
        collect(location, context()),
        (error) => error instanceof InputError && error.code === code && error.message === message,
      );
    }
  });

  test("stops with the caller's reason when aborted", async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await assert.rejects(collect('mcp-fixture-echo', context([], { signal: controller.signal })), (error) => error === reason);
  });
});

describe('lookupNpmPackage', () => {
  test('types the outcome: found, not-found, or unavailable when the registry cannot be reached', async () => {
    const found = await lookupNpmPackage({ name: 'mcp-fixture-echo' }, 'mcp-fixture-echo', context());
    assert.equal(found.status, 'found');
    const missing = await lookupNpmPackage({ name: 'mcp-fixture-missing' }, 'x', context());
    assert.deepEqual(missing, {
      status: 'not-found',
      code: 'package-not-found',
      message: `package mcp-fixture-missing is not in the registry ${new URL(registry.url).origin}`,
      entry: {
        id: 'npm:mcp-fixture-missing',
        name: 'mcp-fixture-missing',
        source: { kind: 'npm', location: 'x' },
        launch: { kind: 'npm', package: 'mcp-fixture-missing' },
      },
    });
    const closed = await startFakeRegistry({ markerDir: scratch });
    await closed.close();
    const unreachable = await lookupNpmPackage({ name: 'mcp-fixture-echo' }, 'x', context([], { npmRegistry: closed.url }));
    if (unreachable.status === 'found') assert.fail('an unreachable registry cannot find a package');
    assert.equal(unreachable.status, 'unavailable');
    assert.equal(unreachable.code, 'install-failed');
    assert.match(unreachable.message, /^cannot fetch the registry document of mcp-fixture-echo: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });
});

describe('readNpmRequests', () => {
  test('reads @scope/name as a package unless such a file exists', async () => {
    assert.deepEqual(await readNpmRequests('@fixture/scripted@2.0.0', scratch), [{ name: '@fixture/scripted', version: '2.0.0' }]);
  });
});

describe('repositoryUrl', () => {
  test('turns the forms package.json uses into browsable https URLs', () => {
    assert.equal(repositoryUrl('github:user/repo'), 'https://github.com/user/repo');
    assert.equal(repositoryUrl('user/repo'), 'https://github.com/user/repo');
    assert.equal(repositoryUrl('gitlab:group/project'), 'https://gitlab.com/group/project');
    assert.equal(repositoryUrl({ type: 'git', url: 'git+https://github.com/a/b.git' }), 'https://github.com/a/b');
    assert.equal(repositoryUrl({ type: 'git', url: 'git://github.com/a/b.git' }), 'https://github.com/a/b');
    assert.equal(repositoryUrl('git@github.com:a/b.git'), 'https://github.com/a/b');
    assert.equal(repositoryUrl('git+ssh://git@github.com/a/b.git'), 'https://github.com/a/b');
    assert.equal(repositoryUrl('javascript:alert(1)'), undefined);
    assert.equal(repositoryUrl({ url: 42 }), undefined);
  });
});
