/**
 * scripts/check-system-packages.sh, npm's `pretest` step, on a "fresh machine": a PATH that holds
 * only what each test puts there, so chromium and bwrap are missing unless a test provides them.
 * MCP_RISK_CHECK_UID picks the root or the non-root path; as root, apt-get is a stand-in that
 * records its arguments, so nothing is ever installed and no network is needed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'check-system-packages.sh');
const scratch = mkdtempSync(join(tmpdir(), 'mcp-risk-pretest-'));

after(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder for PATH holding executables that succeed, named `commands`. */
function binDir(commands: string[], extra: Record<string, string> = {}): string {
  const made = mkdtempSync(join(scratch, 'bin-'));
  for (const name of commands) executable(join(made, name), '#!/bin/sh\nexit 0\n');
  for (const [name, body] of Object.entries(extra)) executable(join(made, name), body);
  return made;
}

function executable(file: string, body: string): void {
  writeFileSync(file, body);
  chmodSync(file, 0o755);
}

/** apt-get that logs each call and, on install, makes the commands in $PROVIDES appear (or fails with $FAIL). */
function fakeAptGet(log: string): string {
  return [
    '#!/bin/bash',
    `echo "$*" >> ${JSON.stringify(log)}`,
    'if [ -n "${FAIL:-}" ]; then echo "E: $FAIL" >&2; exit 100; fi',
    'if [[ " $* " == *" install "* ]]; then',
    '  for command in ${PROVIDES:-}; do printf "#!/bin/sh\\nexit 0\\n" > "${0%/*}/$command"; /bin/chmod 755 "${0%/*}/$command"; done',
    'fi',
  ].join('\n');
}

function check(path: string, uid: number, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('/bin/bash', [SCRIPT], { env: { PATH: path, MCP_RISK_CHECK_UID: String(uid), ...env }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const INSTALL_BOTH = 'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium bubblewrap';

describe('the pre-test check of the Debian packages (scripts/check-system-packages.sh)', () => {
  test('not root, PATH without chromium and bwrap: exit 1 at once with one line naming the exact command', () => {
    const result = check(binDir([]), 1000);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `npm test needs Debian packages that are missing: chromium (no chromium command), bubblewrap (no bwrap command). Install them, then run npm test again: ${INSTALL_BOTH}\n`,
    );
  });

  test('not root, only bwrap missing: the command installs bubblewrap alone', () => {
    const result = check(binDir(['chromium']), 1000);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.split('\n').length, 2);
    assert.match(
      result.stderr,
      /missing: bubblewrap \(no bwrap command\)\. .*: sudo apt-get update && sudo apt-get install -y --no-install-recommends bubblewrap\n$/,
    );
  });

  test('everything present: exit 0 and nothing printed, as root or not, and apt-get is never called', () => {
    const log = join(scratch, 'present.log');
    const bin = binDir(['chromium', 'bwrap'], { 'apt-get': fakeAptGet(log) });
    for (const uid of [0, 1000]) assert.deepEqual(check(bin, uid), { code: 0, stdout: '', stderr: '' });
    assert.throws(() => readFileSync(log), { code: 'ENOENT' });
  });

  test('root, packages missing: apt-get update, then apt-get install of the missing ones, then exit 0', () => {
    const log = join(scratch, 'install.log');
    const result = check(binDir([], { 'apt-get': fakeAptGet(log) }), 0, { PROVIDES: 'chromium bwrap' });
    assert.deepEqual(result, {
      code: 0,
      stdout: '',
      stderr: 'installing the Debian packages the tests need: chromium bubblewrap (apt-get, as root)\n',
    });
    assert.deepEqual(readFileSync(log, 'utf8').split('\n'), [
      'update -qq',
      'install -y -qq --no-install-recommends chromium bubblewrap',
      '',
    ]);
  });

  test('root, apt-get fails or installs something else: exit 1 saying so', () => {
    const failing = check(binDir([], { 'apt-get': fakeAptGet(join(scratch, 'fail.log')) }), 0, {
      FAIL: 'Unable to locate package chromium',
    });
    assert.equal(failing.code, 1);
    assert.match(
      failing.stderr,
      /\nE: Unable to locate package chromium\napt-get could not install chromium bubblewrap; fix the error above, then run npm test again\n$/,
    );
    const partial = check(binDir([], { 'apt-get': fakeAptGet(join(scratch, 'partial.log')) }), 0, { PROVIDES: 'chromium' });
    assert.equal(partial.code, 1);
    assert.match(
      partial.stderr,
      /\nstill missing after apt-get install: bubblewrap \(no bwrap command\); check PATH, then run npm test again\n$/,
    );
  });

  test('root without apt-get (not Debian): exit 1 with one line', () => {
    const result = check(binDir([]), 0);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "npm test needs chromium (no chromium command), bubblewrap (no bwrap command) and there is no apt-get to install them with: install the packages that provide chromium, bubblewrap with this system's package manager, then run npm test again\n",
    );
  });

  test("npm test runs the check first, and .ci/run calls it and then the README's test command", () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts['pretest'], 'bash scripts/check-system-packages.sh');
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    assert.match(ci, /^scripts\/check-system-packages\.sh$/m);
    assert.doesNotMatch(ci, /apt-get|chromium|bubblewrap/, '.ci/run has no package list of its own');
    assert.match(ci, /^npm test$/m);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.match(readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Commands')), /^npm test\s+#/m);
  });
});
