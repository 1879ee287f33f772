/**
 * `npm run test:unit`: the test files that need no build, no Chromium and no sandbox (chosen by
 * select-unit-tests.ts), run with node's test runner in one process.
 *
 *   node --import tsx scripts/unit-tests.ts            run them
 *   node --import tsx scripts/unit-tests.ts --list     print the selection and why the rest is left out
 *
 * This file is only an entry point: a test that imported it would wait for its own import.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { selectUnitTests } from './select-unit-tests.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const selection = selectUnitTests(root);
if (process.argv.includes('--list')) {
  for (const file of selection.unit) process.stdout.write(`${file}\n`);
  for (const { file, needs } of selection.left) process.stdout.write(`# left out: ${file} (needs ${needs.join(', ')})\n`);
} else {
  // One process for every file: node:test runs the tests each import registers, one after another,
  // and sets the exit code. A process and a TypeScript compile per file (as `npm test` does) costs
  // four times the CPU of the tests themselves. A file whose import never finishes would end the
  // run early and silently; that is a failure.
  let imported = 0;
  process.on('exit', () => {
    if (imported < selection.unit.length) {
      process.stderr.write(
        `test:unit: only ${imported} of ${selection.unit.length} test files were loaded; the next, ${selection.unit[imported] ?? '?'}, never finished loading\n`,
      );
      process.exitCode = 1;
    }
  });
  for (const file of selection.unit) {
    await import(pathToFileURL(join(root, file)).href);
    imported++;
  }
}
