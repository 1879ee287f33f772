/**
 * The library as a user gets it: the package npm would publish (`npm pack` of the build), unpacked
 * into a folder's node_modules beside its runtime dependencies, and imported by its name. (This file
 * mirrors src/index.ts; it is in test/library/ because the test script runs test/<folder>/ files only.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as tar from 'tar';
import ts from 'typescript';
import type * as Api from '../../src/index.js';
import { FIXTURE_DIR, flowforgeTarget } from '../fixtures/servers/fixture-processes.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every runtime export of the package, by name: the one list the package promises. */
const EXPORTS = [
  'ACTIONS',
  'CATEGORIES',
  'CRAWL_STATUSES',
  'DEFAULT_MAX_PAGES',
  'DEFAULT_MAX_TOOLS',
  'FINDING_KINDS',
  'InputError',
  'McpRiskError',
  'POLICY_ACTIONS',
  'POLICY_DEFAULTS',
  'POLICY_FORMATS',
  'POLICY_VERSION',
  'PROFILES',
  'SCHEMA_VERSION',
  'SERVER_ERROR_CODES',
  'SEVERITIES',
  'SIGNALS',
  'SOURCE_KINDS',
  'ServerError',
  'StoreLockedError',
  'StoreUseError',
  'TRANSPORTS',
  'UsageError',
  'VERSION',
  'classifyServer',
  'classifyTool',
  'createMemoryVolume',
  'errorMessage',
  'exportPolicy',
  'generatePolicy',
  'hashTools',
  'isCategory',
  'isMcpRiskError',
  'isPolicyFormat',
  'isProfileName',
  'isSeverity',
  'openLowdbStore',
  'openMemoryStore',
  'policyVerdict',
  'readPolicy',
  'scanServer',
  'severityRank',
  'toolRisks',
  'validatePolicy',
];

/** A user's project: node_modules/mcp-risk unpacked from the packed tarball, its dependencies linked. */
let project = '';
let api: typeof Api;

before(async () => {
  project = await mkdtemp(join(tmpdir(), 'mcp-risk-library-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as [{ filename: string }];
  const installed = join(project, 'node_modules', 'mcp-risk');
  await mkdir(installed, { recursive: true });
  await tar.x({ file: join(project, packed.filename), cwd: installed, strip: 1 });
  // Only what package.json calls dependencies: a runtime import of a devDependency fails here.
  const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies)) {
    await mkdir(dirname(join(project, 'node_modules', name)), { recursive: true });
    await symlink(join(ROOT, 'node_modules', name), join(project, 'node_modules', name), 'dir');
  }
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'user-project', type: 'module', private: true }));
  await writeFile(join(project, 'api.js'), "export * from 'mcp-risk';\n");
  api = (await import(pathToFileURL(join(project, 'api.js')).href)) as typeof Api;
});

after(async () => {
  await rm(project, { recursive: true, force: true });
});

/** The README's Library example: the first `js` block of its "## Library" section. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library\n'));
  const example = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(example !== undefined, 'the README has a Library section with a js example');
  return example;
}

describe('the mcp-risk package', () => {
  test('exports exactly the documented names, and npm pack ships what they need', () => {
    assert.deepEqual(Object.keys(api).sort(), [...EXPORTS].sort());
    assert.match(api.VERSION, /^\d+\.\d+\.\d+/);
  });

  test('scan, classify, generate a policy, export it, read it back: Flowforge', async () => {
    const snapshot = await api.scanServer(flowforgeTarget(), { timeoutMs: SAFETY_NET_MS });
    assert.equal(snapshot.error, undefined);
    assert.equal(snapshot.name, 'flowforge');
    assert.equal(snapshot.tools.length, 45);

    const report = api.classifyServer(snapshot);
    assert.deepEqual(report.summary, {
      tools: 45,
      byCategory: { read: 13, write: 10, execute: 7, destructive: 9, financial: 6 },
      bySeverity: { low: 13, medium: 8, high: 6, critical: 18 },
      highestSeverity: 'critical',
      findings: 4,
    });
    const cancel = report.tools.find((tool) => tool.name === 'flowforge_cancel_run');
    assert.deepEqual([cancel?.category, cancel?.severity, cancel?.recommendation.action], ['destructive', 'critical', 'hide']);

    const one = api.classifyTool({ name: 'delete_repo', description: 'Permanently delete a repository.' });
    assert.equal(one.category, 'destructive');
    assert.equal(one.severity, 'critical');
    assert.deepEqual(one.evidence, [
      { signal: 'description', text: 'Permanently delete', rule: 'description-phrase/irreversible' },
      { signal: 'name', text: 'delete', rule: 'name-verb/destroy' },
      { signal: 'description', text: 'delete', rule: 'description-verb/destroy' },
    ]);
    assert.equal(one.recommendation.action, 'hide');

    const policy = api.generatePolicy(report, { profile: 'balanced', generator: 'mcp-risk test' });
    assert.deepEqual(api.validatePolicy(policy), { ok: true, policy, problems: [] });
    assert.deepEqual(policy.hide, [
      'flowforge_remove_tag',
      'flowforge_import_template',
      'flowforge_delete_workflow',
      'flowforge_purge_logs',
      'flowforge_cancel_run',
      'flowforge_reset_environment',
      'flowforge_revoke_token',
      'flowforge_bulk_delete_runs',
      'flowforge_delete_connection',
      'flowforge_delete_variable',
    ]);
    assert.deepEqual(policy.tools?.['flowforge_list_workflows'], {
      action: 'allow',
      reason: 'Read, low: name has "list"; description says "List"; title has "List". Reads only; allowed.',
      category: 'read',
    });
    assert.deepEqual(policy.metadata?.server, 'flowforge');

    const exported = api.exportPolicy(policy, 'claude-code', { server: 'flowforge', risks: api.toolRisks(report) });
    const settings = JSON.parse(exported.text) as { permissions: Record<'deny' | 'ask' | 'allow', string[]> };
    assert.deepEqual(Object.keys(settings.permissions), ['deny', 'ask', 'allow']);
    assert.deepEqual(
      settings.permissions.deny,
      (policy.hide ?? []).map((tool) => `mcp__flowforge__${tool}`),
    );
    assert.equal(settings.permissions.ask.length, 14);
    assert.equal(settings.permissions.allow.length, 21);
    assert.equal(exported.notes.length, 4);

    const read = api.readPolicy(exported.text, 'settings.json');
    assert.equal(read.format, 'claude-code');
    assert.deepEqual([read.problems, read.notes], [[], []]);
    assert.deepEqual(
      read.policies.map((entry) => entry.server),
      ['flowforge'],
    );
    assert.deepEqual(api.policyVerdict(read, 'settings.json'), { ok: true });
  });

  test('a memory store: put, get, list, one writer at a time, typed errors', async () => {
    const volume = api.createMemoryVolume();
    const store = api.openMemoryStore({ volume });
    const tools = [{ name: 'list_notes', description: 'List the notes.' }];
    const report = api.classifyServer({
      name: 'notes',
      version: '1.0.0',
      target: 'notes-server',
      transport: 'stdio',
      protocolVersion: null,
      capabilities: null,
      instructions: null,
      promptCount: null,
      resourceCount: null,
      tools,
      warnings: [],
    });
    const at = '2026-01-01T00:00:00.000Z';
    await store.put({
      id: 'list:notes',
      name: 'notes',
      source: { kind: 'list', location: 'servers.json' },
      launch: { kind: 'command', command: 'notes-server', args: [] },
      metadata: {},
      status: 'ok',
      firstSeen: at,
      lastCrawled: at,
      durationMs: 5,
      report,
      ...api.hashTools(tools),
      history: [],
    });
    assert.equal(store.location, 'memory');
    assert.equal(store.size(), 1);
    assert.deepEqual(
      store.list().map((server) => [server.id, server.report.tools[0]?.category]),
      [['list:notes', 'read']],
    );
    assert.deepEqual(Object.keys(store.get('list:notes')?.toolHashes ?? {}), ['list_notes']);

    assert.throws(
      () => api.openMemoryStore({ volume }),
      (error) => error instanceof api.StoreLockedError && error instanceof api.McpRiskError && error.next === 'abort',
    );
    await store.close();
    const reader = api.openMemoryStore({ volume, write: false });
    assert.equal(reader.writable, false);
    await assert.rejects(
      reader.put(store.list()[0] ?? assert.fail()),
      (error) => error instanceof api.StoreUseError && error.code === 'store-read-only',
    );
  });

  test("its types: 'mcp-risk' resolves to dist/index.d.ts, and the README example type-checks against it", async () => {
    const example = join(project, 'example.js');
    await writeFile(example, await readmeExample());
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      allowJs: true,
      checkJs: true,
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
    };
    const resolved = ts.resolveModuleName('mcp-risk', example, options, ts.sys).resolvedModule;
    assert.equal(resolved?.resolvedFileName, join(project, 'node_modules', 'mcp-risk', 'dist', 'index.d.ts'));
    const program = ts.createProgram([example], options);
    const source = program.getSourceFile(example);
    const problems = [
      ...program.getOptionsDiagnostics(),
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ].map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    assert.deepEqual(problems, []);
  });

  test("the README's Library example runs and prints what its comments say", async () => {
    const code = await readmeExample();
    const expected = [...code.matchAll(/^console\.log\(.*\); \/\/ (.*)$/gm)].map((match) => match[1]);
    assert.equal(expected.length, 5);
    const example = join(project, 'example.js');
    await writeFile(example, code);
    // From the fixture's folder, so that `node flowforge.mjs` starts the Flowforge fixture server.
    const { stdout, stderr } = await run(process.execPath, [example], {
      cwd: FIXTURE_DIR,
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}` },
      timeout: SAFETY_NET_MS,
    });
    assert.equal(stderr, '');
    assert.equal(stdout, expected.map((line) => `${line}\n`).join(''));
  });
});
