import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideOrDeny, ENGINE_ERROR_RULE, PolicyEngine } from '../../src/guard/policy-engine.js';
import { SlidingWindowLimiter } from '../../src/guard/rate-limiter.js';
import type { Policy } from '../../src/policy/policy-model.js';

const POLICY: Policy = {
  version: '1',
  default: 'deny',
  hide: ['wipe', 'export_secrets'],
  tools: {
    read_file: { action: 'allow', reason: 'Reads only.' },
    write_file: { action: 'allow', rate_limit: { max: 2, window: 10 } },
    charge: { action: 'require_approval', reason: 'Moves money.' },
    refund: { action: 'require_approval', rate_limit: { max: 1, window: 60 } },
    run_sql: { action: 'deny', reason: 'Runs code.' },
  },
  metadata: { hidden: { export_secrets: { reason: 'Leaks secrets.' } } },
};

describe('policy engine: decide', () => {
  test('each rule decides with its JSON pointer and reason', () => {
    const engine = new PolicyEngine(POLICY);
    assert.deepEqual(engine.decide('read_file', 'stdio', 0), { kind: 'allow', rule: '/tools/read_file', reason: 'Reads only.' });
    assert.deepEqual(engine.decide('wipe', 'stdio', 0), { kind: 'hide', rule: '/hide/0', reason: 'hidden by the policy' });
    assert.deepEqual(engine.decide('export_secrets', 'stdio', 0), { kind: 'hide', rule: '/hide/1', reason: 'Leaks secrets.' });
    assert.deepEqual(engine.decide('run_sql', 'stdio', 0), { kind: 'deny', rule: '/tools/run_sql', reason: 'Runs code.' });
    assert.deepEqual(engine.decide('charge', 'stdio', 0), { kind: 'needs-approval', rule: '/tools/charge', reason: 'Moves money.' });
    assert.deepEqual(engine.decide('unlisted', 'stdio', 0), {
      kind: 'deny',
      rule: '/default',
      reason: 'the policy allows only the tools it lists (default: deny)',
    });
  });

  test('default allow lets unlisted tools through; names are own keys only', () => {
    const engine = new PolicyEngine({ version: '1', default: 'allow', tools: { x: { action: 'deny' } } });
    assert.deepEqual(engine.decide('unlisted', 'stdio', 0), {
      kind: 'allow',
      rule: '/default',
      reason: 'the policy lets through tools it does not list (default: allow)',
    });
    assert.deepEqual(engine.decide('x', 'stdio', 0), { kind: 'deny', rule: '/tools/x', reason: 'denied by the policy' });
    assert.equal(engine.decide('__proto__', 'stdio', 0).rule, '/default');
    assert.equal(engine.decide('constructor', 'stdio', 0).rule, '/default');
  });

  test('rate limits trip at max + 1 per identity, with the time to retry, and recover after the window', () => {
    const engine = new PolicyEngine(POLICY);
    assert.equal(engine.decide('write_file', 'alice', 0).kind, 'allow');
    assert.equal(engine.decide('write_file', 'alice', 1000).kind, 'allow');
    assert.deepEqual(engine.decide('write_file', 'alice', 2000), {
      kind: 'rate-limited',
      rule: '/tools/write_file/rate_limit',
      reason: 'at most 2 calls in 10 s',
      retryAfterMs: 8000,
      limit: { max: 2, window: 10 },
    });
    assert.equal(engine.decide('write_file', 'bob', 2000).kind, 'allow');
    assert.equal(engine.decide('write_file', 'alice', 10_000).kind, 'allow');
  });

  test('a rate limit on an approval rule is checked before asking anyone', () => {
    const engine = new PolicyEngine(POLICY);
    assert.equal(engine.decide('refund', 'stdio', 0).kind, 'needs-approval');
    const second = engine.decide('refund', 'stdio', 1);
    assert.equal(second.kind, 'rate-limited');
    assert.equal(second.kind === 'rate-limited' ? second.retryAfterMs : 0, 59_999);
  });

  test('a reloaded policy keeps the counts of the limiter', () => {
    const limiter = new SlidingWindowLimiter();
    const engine = new PolicyEngine(POLICY, limiter);
    engine.decide('write_file', 'stdio', 0);
    engine.decide('write_file', 'stdio', 1);
    const reloaded = engine.withPolicy({ ...POLICY, hide: [] });
    assert.equal(reloaded.decide('write_file', 'stdio', 2).kind, 'rate-limited');
    assert.equal(reloaded.decide('wipe', 'stdio', 2).rule, '/default');
  });

  test('an engine failure denies the call', () => {
    const rule = {
      get action(): never {
        throw new Error('boom');
      },
    };
    const engine = new PolicyEngine({ version: '1', default: 'allow', tools: { broken: rule as never } });
    const { decision, failure } = decideOrDeny(engine, 'broken', 'stdio', 0);
    assert.deepEqual(decision, { kind: 'deny', rule: ENGINE_ERROR_RULE, reason: 'the policy engine failed; the call is denied' });
    assert.equal((failure as Error).message, 'boom');
    assert.equal(decideOrDeny(engine, 'other', 'stdio', 0).decision.kind, 'allow');
  });
});

describe('policy engine: tools/list', () => {
  const tools = [
    { name: 'read_file' },
    { name: 'wipe' },
    { name: 'charge' },
    { name: 'run_sql' },
    { name: 'unlisted' },
    { title: 'no name' },
    'not a tool',
    { name: 42 },
  ];

  test('default deny: only tools a rule allows (or sends for approval) are visible', () => {
    const engine = new PolicyEngine(POLICY);
    assert.deepEqual(engine.filterToolList(tools), [{ name: 'read_file' }, { name: 'charge' }]);
  });

  test('default allow: everything but hidden tools (and entries without a name)', () => {
    const engine = new PolicyEngine({ ...POLICY, default: 'allow' });
    assert.deepEqual(engine.filterToolList(tools), [{ name: 'read_file' }, { name: 'charge' }, { name: 'run_sql' }, { name: 'unlisted' }]);
  });
});
