/**
 * Which host paths a list file's server gets (item 2): what its command line
 * names, with real folders and files on disk.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { commandMounts } from '../../src/crawler/sandbox/command-mounts.js';
import { run } from '../../src/cli/run.js';
import { memoryIo } from '../cli/cli-io.js';

let root: string;
let project: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'mcp-risk-mounts-'));
  // root/project: the crawler's folder (package.json, .env, data/, node_modules/, servers/, lists/)
  project = join(root, 'project');
  for (const dir of ['data', 'servers', 'lists', 'node_modules/pkg/dist', 'node_modules/.bin', 'packages/tool/bin'])
    mkdirSync(join(project, dir), { recursive: true });
  writeFileSync(join(project, 'package.json'), '{}');
  writeFileSync(join(project, '.env'), 'SECRET=1');
  writeFileSync(join(project, 'server.mjs'), '');
  writeFileSync(join(project, 'servers', 'one.mjs'), '');
  writeFileSync(join(project, 'node_modules', 'pkg', 'dist', 'index.js'), '');
  writeFileSync(join(project, 'packages', 'tool', 'package.json'), '{}');
  writeFileSync(join(project, 'packages', 'tool', 'bin', 'tool.js'), '');
  // A script elsewhere, whose node_modules is a link to another folder.
  mkdirSync(join(root, 'elsewhere', 'srv'), { recursive: true });
  mkdirSync(join(root, 'real-modules'));
  symlinkSync(join(root, 'real-modules'), join(root, 'elsewhere', 'node_modules'));
  writeFileSync(join(root, 'elsewhere', 'srv', 'main.mjs'), '');
});
after(() => rmSync(root, { recursive: true, force: true }));

const options = () => ({ cwd: project, protectedDirs: [project, join(project, 'lists')] });

describe('commandMounts', () => {
  test("a script beside other files in the crawler's folder: only the script itself, and the node_modules node resolves from", () => {
    assert.deepEqual(commandMounts(['server.mjs'], options()), {
      readOnlyPaths: [join(project, 'server.mjs'), join(project, 'node_modules')],
      emptyDirs: [],
    });
  });

  test("a script in a sub-folder: that folder (its package folder is the crawler's, so not that)", () => {
    assert.deepEqual(commandMounts(['servers/one.mjs'], options()).readOnlyPaths, [
      join(project, 'servers'),
      join(project, 'node_modules'),
    ]);
  });

  test('a script of a package inside the project: the package folder', () => {
    assert.deepEqual(commandMounts([join(project, 'packages/tool/bin/tool.js')], options()).readOnlyPaths, [
      join(project, 'packages', 'tool'),
      join(project, 'node_modules'),
    ]);
  });

  test('a script inside node_modules: the whole node_modules folder', () => {
    assert.deepEqual(commandMounts(['node_modules/pkg/dist/index.js', '--flag'], options()).readOnlyPaths, [join(project, 'node_modules')]);
  });

  test('an absolute script elsewhere: its folder, and a linked node_modules with its target', () => {
    assert.deepEqual(commandMounts([join(root, 'elsewhere', 'srv', 'main.mjs')], options()).readOnlyPaths, [
      join(root, 'elsewhere', 'srv'),
      join(root, 'elsewhere', 'node_modules'),
      join(root, 'real-modules'),
    ]);
  });

  test("folders: a named one is bound; the crawler's folder, the list's folder, / and the temporary folder exist only empty", () => {
    assert.deepEqual(commandMounts(['data', '.', 'lists', '/', tmpdir()], options()), {
      readOnlyPaths: [join(project, 'data')],
      emptyDirs: [project, join(project, 'lists'), '/', tmpdir()],
    });
  });

  test('the store, wherever --db puts it: its folder exists only empty, and the store, its journal and lock are never bound, even when named', () => {
    const store = join(root, 'store');
    mkdirSync(store, { recursive: true });
    for (const name of ['cat.json', 'cat.json.journal.jsonl', 'cat.json.lock', 'server.mjs']) writeFileSync(join(store, name), '{}');
    const withStore = { cwd: project, protectedDirs: [project, store], sealedFiles: [join(store, 'cat.json')] };
    assert.deepEqual(
      commandMounts([store, join(store, 'cat.json'), join(store, 'cat.json.journal.jsonl'), join(store, 'cat.json.lock')], withStore),
      {
        readOnlyPaths: [],
        emptyDirs: [store],
      },
    );
    // A script kept beside the store is bound alone, not with its folder.
    assert.deepEqual(commandMounts([join(store, 'server.mjs')], withStore).readOnlyPaths, [join(store, 'server.mjs')]);
  });

  test('--option=value words are looked at; other words, missing paths and options are not', () => {
    assert.deepEqual(commandMounts(['--config=servers/one.mjs', 'stdio', '--port', '3000', 'missing.json'], options()).readOnlyPaths, [
      join(project, 'servers'),
      join(project, 'node_modules'),
    ]);
  });
});

describe('crawl options of the sandbox', () => {
  test('--expose needs an existing folder; --memory, --max-processes and --tmp-size whole numbers in range', async () => {
    for (const [argv, message] of [
      [['--expose', join(root, 'nope')], /--expose takes an existing folder/],
      [['--expose', join(project, '.env')], /--expose takes an existing folder/],
      [['--memory', '10'], /--memory takes a whole number from 64 to/],
      [['--max-processes', 'many'], /--max-processes takes a whole number from 16 to/],
      [['--tmp-size', '0'], /--tmp-size takes a whole number from 1 to/],
    ] as const) {
      const io = memoryIo();
      assert.equal(await run(['crawl', '--source', 'list:x.json', ...argv], io), 2);
      assert.match(io.err(), message);
    }
  });
});
