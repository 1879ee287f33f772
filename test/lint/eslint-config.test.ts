// The linter is what proves the layers in CI: these cases show that its configuration really refuses an
// import that runs up or sideways, an import cycle and process access outside cli/main.ts, and accepts
// the imports the layers allow.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });
const { LAYERS } = (await import(new URL('../../eslint.config.js', import.meta.url).href)) as { LAYERS: string[][] };

/** The rule ids ESLint reports for `code` as if it were the file `path` (relative to the repository). */
async function ruleIds(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

describe('eslint.config.js: the layers', () => {
  test('every folder and file of src/ is on exactly one floor (the config refuses to load otherwise)', () => {
    const placed = LAYERS.flat();
    assert.deepEqual([...placed].sort(), [...new Set(placed)].sort());
    assert.deepEqual(readdirSync(new URL('../../src/', import.meta.url)).sort(), [...placed].sort());
  });

  test('an import that runs back up a floor is refused', async () => {
    assert.deepEqual(await ruleIds('src/scanner/probe.ts', "export { run } from '../cli/run.js';\n"), ['import-x/no-restricted-paths']);
    assert.deepEqual(await ruleIds('src/policy/probe.ts', "export { renderJson } from '../report/render-json.js';\n"), [
      'import-x/no-restricted-paths',
    ]);
    assert.deepEqual(await ruleIds('src/hostile-text/probe.ts', "export { classifyTool } from '../classifier/classify-tool.js';\n"), [
      'import-x/no-restricted-paths',
    ]);
  });

  test('an import sideways, between two folders of one floor, is refused', async () => {
    assert.deepEqual(await ruleIds('src/guard/probe.ts', "export { renderJson } from '../report/render-json.js';\n"), [
      'import-x/no-restricted-paths',
    ]);
    assert.deepEqual(await ruleIds('src/sources/probe.ts', "export { scanServer } from '../scanner/scan-server.js';\n"), [
      'import-x/no-restricted-paths',
    ]);
  });

  test('imports from the floors below and from the own folder are accepted', async () => {
    assert.deepEqual(
      await ruleIds(
        'src/site/probe.ts',
        [
          "export { renderJson } from '../report/render-json.js';",
          "export { generatePolicy } from '../policy/generate-policy.js';",
          "export { sanitizeForTerminal } from '../hostile-text/sanitize.js';",
          "export { slugify } from './slug.js';",
          '',
        ].join('\n'),
      ),
      [],
    );
  });

  test('a file that imports itself is refused', async () => {
    assert.deepEqual(await ruleIds('src/scanner/scan-server.ts', "export { scanServer as again } from './scan-server.js';\n"), [
      'import-x/no-self-import',
    ]);
  });

  test('an import cycle is refused', async () => {
    // install-package.ts imports pick-bin.ts: pick-bin importing it back closes a circle.
    assert.deepEqual(
      await ruleIds('src/crawler/install/pick-bin.ts', "export { installPackage as again } from './install-package.js';\n"),
      ['import-x/no-cycle'],
    );
  });

  test('console and the process streams only in cli/main.ts', async () => {
    assert.deepEqual(await ruleIds('src/guard/probe.ts', "console.log('x');\nprocess.stdout.write('x');\n"), [
      'no-console',
      'no-restricted-properties',
    ]);
    assert.deepEqual(await ruleIds('src/cli/commands/probe.ts', 'process.stdin.resume();\nprocess.exit(1);\n'), [
      'no-restricted-properties',
      'no-restricted-properties',
    ]);
    assert.deepEqual(await ruleIds('src/cli/main.ts', "console.error('x');\nprocess.exit(1);\n"), []);
  });
});
