/**
 * The exit code of a run a typed error ended comes from what the error says happens next, and every
 * typed error in src/ is in errors.ts's table with the next step and exit code it really has.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { StoreLockedError, StoreUseError } from '../../src/catalogue/store-errors.js';
import { EXIT, exitCodeFor } from '../../src/cli/exit-codes.js';
import { DiskFullError } from '../../src/crawler/disk-full.js';
import { SandboxError } from '../../src/crawler/sandbox/sandbox-errors.js';
import { InputError, ServerError, UsageError, type McpRiskError } from '../../src/errors.js';
import { InstallError } from '../../src/npm-registry/install-errors.js';

/** One instance of every typed error, by class name. */
const EVERY_ERROR: Record<string, McpRiskError> = {
  UsageError: new UsageError('unknown option --frobnicate'),
  InputError: new InputError('input-unreadable', 'cannot read tools.json'),
  ServerError: new ServerError('server-timeout', 'no answer within 30000 ms'),
  InstallError: new InstallError('no-bin', 'left-pad has no bin'),
  SandboxError: new SandboxError('no sandbox works here'),
  DiskFullError: new DiskFullError(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }), 'catalogue.json'),
  StoreLockedError: new StoreLockedError('catalogue.json', 'catalogue.json.lock', null),
  StoreUseError: new StoreUseError('store-read-only', 'the catalogue catalogue.json was opened read-only'),
};

describe('exitCodeFor', () => {
  test('fix-input: exit 2, the user changes the command line or the input', () => {
    const error = new UsageError('--fail-on takes low, medium, high or critical');
    assert.equal(error.next, 'fix-input');
    assert.equal(exitCodeFor(error), 2);
    assert.equal(exitCodeFor(new InputError('input-invalid', 'line 3 is not JSON')), 2);
  });

  test('skip-server: exit 3, the run is incomplete', () => {
    const error = new ServerError('spawn-failed', 'cannot start "nope"');
    assert.equal(error.next, 'skip-server');
    assert.equal(exitCodeFor(error), 3);
    assert.equal(exitCodeFor(new InstallError('package-not-found', 'package nope is not in the registry')), 3);
  });

  test('abort caused by the environment: exit 2, as for bad input', () => {
    const error = new StoreLockedError('memory', null, { pid: 7, host: 'here', startedAt: '2026-01-01T00:00:00Z' });
    assert.equal(error.next, 'abort');
    assert.equal(error.internal, false);
    assert.equal(exitCodeFor(error), 2);
    assert.equal(exitCodeFor(new SandboxError('no sandbox works here')), 2);
  });

  test('abort caused by a bug (internal): exit 70, EX_SOFTWARE, as main gives an untyped error', () => {
    const error = new StoreUseError('store-closed', 'the catalogue memory is closed');
    assert.equal(error.next, 'abort');
    assert.equal(error.internal, true);
    assert.equal(exitCodeFor(error), 70);
    assert.equal(EXIT.internal, 70);
  });
});

/** Every class in src/ that extends McpRiskError, directly or through another typed error. */
function typedErrorClasses(): string[] {
  const parents = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/\bclass (\w+) extends (\w+)/g))
          parents.set(match[1] ?? '', match[2] ?? '');
      }
    }
  };
  walk('src');
  const isTyped = (name: string, depth = 0): boolean => {
    const parent = parents.get(name);
    return parent === 'McpRiskError' || (parent !== undefined && depth < 10 && isTyped(parent, depth + 1));
  };
  return [...parents.keys()].filter((name) => isTyped(name)).sort();
}

/** errors.ts's table: class name → [next step, exit code]. */
function documentedTable(): Map<string, [string, number]> {
  const table = new Map<string, [string, number]>();
  const text = readFileSync(join('src', 'errors.ts'), 'utf8');
  for (const match of text.matchAll(/^ \* {3}(\w+Error) .*?\b(fix-input|skip-server|abort) +(\d+)/gm)) {
    table.set(match[1] ?? '', [match[2] ?? '', Number(match[3])]);
  }
  return table;
}

describe('every typed error', () => {
  test('is in this test and in errors.ts’s table', () => {
    const classes = typedErrorClasses();
    assert.ok(classes.length >= 8, classes.join(', '));
    assert.deepEqual(classes, Object.keys(EVERY_ERROR).sort());
    assert.deepEqual([...documentedTable().keys()].sort(), classes);
  });

  test('has the next step and the exit code the table documents', () => {
    const table = documentedTable();
    for (const [name, error] of Object.entries(EVERY_ERROR)) {
      assert.equal(error.name, name);
      assert.deepEqual([error.next, exitCodeFor(error)], table.get(name), name);
    }
  });
});
