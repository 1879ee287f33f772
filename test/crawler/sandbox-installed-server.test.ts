import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { installPackage, pickBin } from '../../src/crawler/install/install-package.js';
import { needsConfigReason } from '../../src/crawler/sandbox/needs-config.js';
import { sandboxCommand } from '../../src/crawler/sandbox/sandbox-command.js';
import { scanServer } from '../../src/scanner/scan-server.js';
import { startFakeRegistry, type FakeRegistry } from '../fixtures/npm-registry/fake-registry.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

let registry: FakeRegistry;
let scratch: string;
let markerDir: string;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'mcp-risk-installed-server-test-'));
  // As root, servers run as an unprivileged user: what they are given to read must be readable by others.
  chmodSync(scratch, 0o755);
  markerDir = mkdtempSync(join(scratch, 'markers-'));
  registry = await startFakeRegistry({ markerDir });
});

after(async () => {
  await registry.close();
  rmSync(scratch, { recursive: true, force: true });
});

test('a package installed from the registry runs in the sandbox and lists its tools over stdio', async () => {
  const installed = await installPackage(
    { package: 'mcp-fixture-echo' },
    { registry: registry.url, cacheDir: join(scratch, 'cache'), timeoutMs: SAFETY_NET_MS },
  );
  const sandboxed = await sandboxCommand(
    { command: process.execPath, args: [pickBin(installed)], env: {}, cwd: installed.dir, readOnlyPaths: [installed.dir] },
    { allowUnsandboxed: false, cpuSeconds: 30 },
  );
  try {
    assert.equal(sandboxed.kind, 'bwrap');
    const snapshot = await scanServer(
      { kind: 'stdio', command: sandboxed.command, args: sandboxed.args, env: sandboxed.env, cwd: sandboxed.cwd },
      { timeoutMs: SAFETY_NET_MS, targetLabel: 'npm:mcp-fixture-echo@1.1.0' },
    );
    assert.equal(snapshot.error, undefined);
    assert.equal(snapshot.name, 'mcp-fixture-echo');
    assert.equal(snapshot.version, '1.1.0');
    assert.equal(snapshot.transport, 'stdio');
    assert.equal(snapshot.target, 'npm:mcp-fixture-echo@1.1.0');
    assert.deepEqual(
      snapshot.tools.map((tool) => [tool.name, tool.description]),
      [
        ['echo', 'Returns the given text unchanged.'],
        ['delete_note', 'Permanently deletes a stored note by its id.'],
      ],
    );
  } finally {
    await sandboxed.dispose();
  }
  assert.deepEqual(readdirSync(markerDir), []);
});

test('a sandboxed server that exits for lack of configuration is recognised from its failure', async () => {
  const sandboxed = await sandboxCommand(
    {
      command: process.execPath,
      args: ['-e', 'console.error("Error: WEATHER_API_KEY environment variable is required"); process.exit(1)'],
      env: {},
      cwd: scratch,
      readOnlyPaths: [scratch],
    },
    { allowUnsandboxed: false },
  );
  try {
    const snapshot = await scanServer(
      { kind: 'stdio', command: sandboxed.command, args: sandboxed.args, env: sandboxed.env, cwd: sandboxed.cwd },
      { timeoutMs: SAFETY_NET_MS },
    );
    assert.equal(snapshot.error?.code, 'server-exited');
    assert.equal(
      needsConfigReason(snapshot.error?.message ?? ''),
      'needs environment variable WEATHER_API_KEY ("server exited with code 1 before answering initialize (stderr: Error: WEATHER_API_KEY environment variable is required)")',
    );
  } finally {
    await sandboxed.dispose();
  }
});
