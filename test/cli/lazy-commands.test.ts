/**
 * run.ts loads only the named command's module: `scan` starts without the crawler, the site or the
 * other commands; the program's help loads every command, to list them all, but none of what runs
 * them; `--version` loads no command. Checked in a fresh process (the unit run shares one, where
 * modules other tests loaded would not show).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../guard/guard-process.js';

const COMMAND_MODULES = ['approvals', 'catalogue', 'classify', 'crawl', 'guard', 'policy', 'publish', 'scan'].map(
  (name) => `src/cli/commands/${name}.ts`,
);

function loadedBy(argv: string[]): { code: number; output: string; src: string[] } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'cli', 'fixtures', 'loaded-modules.mjs'), ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { code: number; output: string; src: string[] };
}

test('scan loads its own command module, not the crawler, the site or the other commands', () => {
  const { code, output, src } = loadedBy(['scan', '--help']);
  assert.equal(code, 0);
  assert.match(output, /^Usage: mcp-risk scan/);
  assert.ok(src.includes('src/cli/commands/scan.ts'), src.join('\n'));
  assert.deepEqual(
    src.filter((file) => /^src\/(?:crawler|site)\//.test(file)),
    [],
  );
  assert.deepEqual(
    COMMAND_MODULES.filter((file) => src.includes(file)),
    ['src/cli/commands/scan.ts'],
  );
});

test('the program help loads every command, and lists each with its summary', () => {
  const { code, output, src } = loadedBy(['--help']);
  assert.equal(code, 0);
  assert.deepEqual(
    COMMAND_MODULES.filter((file) => src.includes(file)),
    COMMAND_MODULES,
  );
  for (const name of ['scan', 'classify', 'policy', 'crawl', 'catalogue', 'guard', 'approvals', 'publish'])
    assert.match(output, new RegExp(`\\n  ${name} `));
});

test('the program help declares every command without loading what runs them', () => {
  const { src } = loadedBy(['--help']);
  assert.deepEqual(
    src.filter((file) => /^src\/(?:scanner|crawler|site|guard|connectors|classifier|catalogue|sources|npm-registry)\//.test(file)),
    ['src/guard/guard-settings.ts'],
  );
  assert.deepEqual(
    src.filter((file) => /^src\/cli\/(?:runners|guard)\//.test(file)),
    ['src/cli/guard/guard-options.ts'],
  );
});

test('an unknown command is checked against every command (for a suggestion), loading no runner', () => {
  const { code, output, src } = loadedBy(['sacn']);
  assert.equal(code, 2);
  assert.equal(output, "mcp-risk: unknown command 'sacn' (Did you mean scan?)\n");
  assert.deepEqual(
    COMMAND_MODULES.filter((file) => src.includes(file)),
    COMMAND_MODULES,
  );
  assert.deepEqual(
    src.filter((file) => /^src\/(?:scanner|crawler|site|connectors|classifier)\/|^src\/cli\/runners\//.test(file)),
    [],
  );
});

test('--version and -V load no command module', () => {
  for (const flag of ['--version', '-V']) {
    const { code, output, src } = loadedBy([flag]);
    assert.equal(code, 0);
    assert.match(output, /^\d+\.\d+\.\d+/);
    assert.deepEqual(
      src.filter((file) => file.startsWith('src/cli/commands/')),
      [],
    );
  }
});

test('scan --help loads the scan declaration, not its runner', () => {
  const { src } = loadedBy(['scan', '--help']);
  assert.deepEqual(
    src.filter((file) => /^src\/(?:scanner|classifier|connectors)\/|^src\/cli\/runners\//.test(file)),
    [],
  );
});
