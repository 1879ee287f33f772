/**
 * scripts/select-unit-tests.ts: which test files `npm run test:unit` runs, computed from what each file
 * and the test helpers it imports use.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectUnitTests } from '../../scripts/select-unit-tests.js';

const ROOT = join(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'mcp-risk-unit-tests-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function place(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('the test:unit selection', () => {
  test('a need is found in the test file or in any test helper it imports, however deep', () => {
    // The signatures are split with ${} so that this file itself does not show them.
    const root = join(scratch, 'tree');
    place(root, {
      'test/a/pure.test.ts': "import { x } from './pure-helper.js';\nimport { classify } from '../../src/classify.js';\n",
      'test/a/pure-helper.ts': "export const x = 'dist';\n",
      'test/a/browser.test.ts': "import { open } from './fixtures/open.js';\n",
      'test/a/fixtures/open.ts': "export { launch as open } from '../../shared/launch.js';\n",
      'test/shared/launch.ts': `import { chromium } from '${'playwright'}-core';\n`,
      'test/b/built.test.ts': `const BIN = join(process.cwd(), 'dist', '${'cli'}', 'main.js');\n`,
      'test/b/sandboxed.test.ts': `import { sandboxCommand } from '../../src/crawler/${'sandbox'}/sandbox-command.js';\n`,
      'test/b/spawns.test.ts': "import { helper } from './spawn-helper.js';\n",
      'test/b/spawn-helper.ts': `import { spawn } from 'node:${'child'}_process';\n`,
      'test/b/loop-a.test.ts': "import './loop-b.js';\n",
      'test/b/loop-b.ts': "import './loop-a.test.js';\n",
      'test/fixtures/ignored.test.ts': `import { spawn } from 'node:${'child'}_process';\n`,
      'src/crawler/sandbox/sandbox-command.ts': `import { spawn } from 'node:${'child'}_process';\n`,
    });
    assert.deepEqual(selectUnitTests(root), {
      unit: ['test/a/pure.test.ts', 'test/b/loop-a.test.ts'],
      left: [
        { file: 'test/a/browser.test.ts', needs: ['Chromium'] },
        { file: 'test/b/built.test.ts', needs: ['the build'] },
        { file: 'test/b/sandboxed.test.ts', needs: ['a sandbox'] },
        { file: 'test/b/spawns.test.ts', needs: ['other processes'] },
      ],
    });
  });

  test('in this repository: the pure tests are in, the browser, build, sandbox and server tests are out', () => {
    const { unit, left } = selectUnitTests(ROOT);
    const needs = new Map(left.map(({ file, needs }) => [file, needs]));
    for (const file of [
      'test/classifier/verbs.test.ts',
      'test/policy/generate-policy.test.ts',
      'test/site/site-pages.test.ts',
      'test/scripts/select-unit-tests.test.ts',
    ]) {
      assert.ok(unit.includes(file), file);
    }
    assert.deepEqual(needs.get('test/site/site-browser.test.ts'), ['Chromium']);
    assert.deepEqual(needs.get('test/sources/html-render.test.ts'), ['Chromium']);
    assert.deepEqual(needs.get('test/cli/main.test.ts'), ['the build', 'other processes']);
    assert.deepEqual(needs.get('test/crawler/sandbox-command.test.ts'), ['a sandbox', 'other processes']);
    assert.deepEqual(needs.get('test/guard/http-guard.test.ts'), ['other processes']);
    assert.deepEqual(needs.get('test/crawler/install-package.test.ts'), ['other processes']);
    assert.equal(unit.length + left.length > 80, true);
  });
});
