import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import type { AuditEvent, AuditSink } from '../../src/guard/audit-log.js';
import { loadGuardPolicy } from '../../src/guard/load-guard-policy.js';
import { WatchedPolicy } from '../../src/guard/policy-watcher.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-risk-watch-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function memoryAudit(): AuditSink & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return { events, write: (event) => void events.push(event), close: () => undefined };
}

describe('loading the policy to enforce', () => {
  test('native JSON and YAML', async () => {
    const json = await loadGuardPolicy(write('p.json', { version: '1', default: 'deny', hide: ['x'], metadata: { server: 'flowforge' } }));
    assert.deepEqual(json, {
      ok: true,
      format: 'json',
      server: 'flowforge',
      policy: { version: '1', default: 'deny', hide: ['x'], metadata: { server: 'flowforge' } },
    });
    const yaml = await loadGuardPolicy(write('p.yaml', 'version: "1"\ndefault: allow\ntools:\n  t:\n    action: deny\n'));
    assert.deepEqual(yaml, {
      ok: true,
      format: 'yaml',
      server: undefined,
      policy: { version: '1', default: 'allow', tools: { t: { action: 'deny' } } },
    });
  });

  test('an invalid policy is refused with its first problem and a count', async () => {
    const file = write('bad.json', {
      version: '1',
      default: 'maybe',
      tools: { t: { action: 'allow', rate_limit: { max: 0, window: 1 } } },
    });
    const loaded = await loadGuardPolicy(file);
    assert.equal(loaded.ok, false);
    assert.equal(
      loaded.ok ? '' : loaded.message,
      `${file}: /default: must be one of "allow", "deny", not the string "maybe" (and 1 more problem)`,
    );
    assert.deepEqual(loaded.ok ? [] : loaded.problems, [
      `${file}: /default: must be one of "allow", "deny", not the string "maybe"`,
      `${file}: /tools/t/rate_limit/max: must be at least 1, not the number 0`,
    ]);
  });

  test('a missing file, and a policy the guard cannot enforce exactly, are refused', async () => {
    const missing = join(dir, 'missing.json');
    assert.deepEqual(await loadGuardPolicy(missing), {
      ok: false,
      message: `cannot read ${missing}: file not found`,
      problems: [`cannot read ${missing}: file not found`],
    });
    const intercept = write(
      'intercept.yaml',
      'version: "1"\ndescription: x\ntools:\n  b:\n    rules:\n      - name: small\n        conditions: [{path: args.amount, op: lte, value: 5}]\n',
    );
    const loaded = await loadGuardPolicy(intercept);
    assert.equal(
      loaded.ok ? '' : loaded.message,
      `${intercept}: /tools/b: rules with conditions have no mcp-risk form; the guard enforces only policies it can read exactly`,
    );
  });

  test('a file with rules for several servers needs the server name', async () => {
    const file = write('settings.json', {
      permissions: { allow: ['mcp__flowforge__flowforge_get_run', 'mcp__other__read'], deny: ['mcp__flowforge__flowforge_cancel_run'] },
    });
    const unnamed = await loadGuardPolicy(file);
    assert.equal(
      unnamed.ok ? '' : unnamed.message,
      `${file} has rules for several servers ("flowforge", "other"); pick one with --name <server>`,
    );
    const named = await loadGuardPolicy(file, 'flowforge');
    assert.deepEqual(named.ok ? named.policy : undefined, {
      version: '1',
      default: 'deny',
      tools: { flowforge_cancel_run: { action: 'deny' }, flowforge_get_run: { action: 'allow' } },
    });
    const unknown = await loadGuardPolicy(file, 'nope');
    assert.equal(unknown.ok ? '' : unknown.message, `${file} has no rules for "nope"; it has rules for "flowforge", "other"`);
  });
});

describe('a watched policy', () => {
  test('an invalid policy at start refuses to start', async () => {
    const file = write('start-bad.json', { version: '2', default: 'deny' });
    await assert.rejects(WatchedPolicy.open(file, { audit: memoryAudit(), log: () => undefined }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, 'input-invalid');
      assert.equal(error.message, `refusing to start: ${file}: /version: must be "1", not the string "2"`);
      return true;
    });
  });

  test('valid edits are applied, invalid ones ignored with a log line and an audit event', async () => {
    const file = write('watched.json', { version: '1', default: 'deny', tools: { a: { action: 'allow' } } });
    const audit = memoryAudit();
    const lines: string[] = [];
    const watched = await WatchedPolicy.open(file, { audit, log: (line) => lines.push(line), pollMs: 20 });
    let changes = 0;
    watched.onChange(() => {
      changes += 1;
    });
    try {
      assert.equal(watched.engine.decide('a', 'stdio', 0).kind, 'allow');
      // Replaced by rename, as editors save.
      const next = join(dir, 'watched.next');
      writeFileSync(next, JSON.stringify({ version: '1', default: 'deny', tools: { a: { action: 'deny', reason: 'changed' } } }));
      renameSync(next, file);
      await until(() => changes === 1);
      assert.deepEqual(watched.engine.decide('a', 'stdio', 0), { kind: 'deny', rule: '/tools/a', reason: 'changed' });

      writeFileSync(file, '{"version": "1", "default": ');
      await until(() => audit.events.length === 3);
      assert.deepEqual(watched.engine.decide('a', 'stdio', 0), { kind: 'deny', rule: '/tools/a', reason: 'changed' });
      assert.equal(changes, 1);
      assert.deepEqual(audit.events.slice(0, 2), [
        { event: 'policy-loaded', file },
        { event: 'policy-reloaded', file },
      ]);
      const rejected = audit.events[2];
      assert.equal(rejected?.event, 'policy-rejected');
      assert.equal(
        rejected?.event === 'policy-rejected' ? rejected.message : '',
        `${file}: /: not valid JSON at line 1, column 29: value expected`,
      );
      assert.equal(lines[0], `policy reloaded from ${file}`);
      assert.equal(
        lines[1],
        `policy not reloaded, the previous one stays in force: ${file}: /: not valid JSON at line 1, column 29: value expected`,
      );

      rmSync(file);
      await until(() => audit.events.length === 4);
      assert.equal(audit.events[3]?.event, 'policy-rejected');
      assert.equal(watched.engine.decide('a', 'stdio', 0).kind, 'deny');
    } finally {
      watched.close();
    }
  });
});

/** Polls `condition` (the watcher reacts to a file change; there is no event for the test to wait on). The deadline is a safety net. */
async function until(condition: () => boolean, timeoutMs = SAFETY_NET_MS): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
