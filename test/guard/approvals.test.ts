import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/errors.js';
import { ApprovalStore, newApprovalId, type PendingApproval } from '../../src/guard/approval-store.js';
import { ApprovalBroker, type ApprovalRequest } from '../../src/guard/approvals.js';
import { summarizeArguments } from '../../src/guard/call-arguments.js';
import { TtyPrompter } from '../../src/guard/tty-prompt.js';

let root = '';
before(() => {
  root = mkdtempSync(join(tmpdir(), 'mcp-risk-approvals-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function freshStore(): ApprovalStore {
  counter += 1;
  return new ApprovalStore(join(root, `store-${counter}`, 'approvals'));
}

function pending(overrides: Partial<PendingApproval> = {}): PendingApproval {
  const now = Date.now();
  return {
    version: 1,
    id: newApprovalId(),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 60_000).toISOString(),
    guardPid: process.pid,
    identity: 'stdio',
    server: 'flowforge',
    tool: 'flowforge_charge_customer',
    rule: '/tools/flowforge_charge_customer',
    reason: 'Moves money.',
    argumentKeys: ['amount'],
    argumentsSha256: 'a'.repeat(64),
    arguments: '{\n  "amount": 5\n}',
    ...overrides,
  };
}

const REQUEST: ApprovalRequest = {
  identity: 'stdio',
  server: 'flowforge',
  tool: 'flowforge_charge_customer',
  rule: '/tools/flowforge_charge_customer',
  reason: 'Moves money.',
  arguments: { amount: 5, customer: 'c_1' },
  summary: summarizeArguments({ amount: 5, customer: 'c_1' }),
};

async function firstPending(store: ApprovalStore): Promise<PendingApproval> {
  for (let i = 0; i < 200; i++) {
    const [entry] = await store.list(Date.now());
    if (entry !== undefined) return entry.approval;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no pending approval appeared');
}

describe('approval store', () => {
  test('pending files (0600 in a 0700 folder), listed oldest first, decided by id or unique prefix', async () => {
    const store = freshStore();
    const older = pending({ id: 'aaaa00000001', createdAt: '2025-01-01T00:00:00.000Z' });
    const newer = pending({ id: 'aaaa00000002' });
    await store.add(newer);
    await store.add(older);
    assert.equal(statSync(store.dir).mode & 0o777, 0o700);
    assert.equal(statSync(store.pendingFile(older.id)).mode & 0o777, 0o600);
    const listed = await store.list(Date.now());
    assert.deepEqual(listed.map((entry) => [entry.approval.id, entry.state, entry.decided]), [
      ['aaaa00000001', 'pending', false],
      ['aaaa00000002', 'pending', false],
    ]);
    assert.deepEqual(listed[1]?.approval, newer);
    await assert.rejects(store.decide('aaaa', 'approve', Date.now()), new UsageError('aaaa matches 2 approvals; give more of the id'));
    const decided = await store.decide('aaaa00000002', 'deny', Date.parse('2025-06-01T00:00:00Z'), 'not today');
    assert.equal(decided.id, newer.id);
    assert.deepEqual(await store.decisionFor(newer.id), { version: 1, id: newer.id, decision: 'deny', decidedAt: '2025-06-01T00:00:00.000Z', note: 'not today' });
    await assert.rejects(store.decide('aaaa00000002', 'approve', Date.now()), new UsageError('approval aaaa00000002 is already decided'));
    await assert.rejects(store.decide('bbbb', 'approve', Date.now()), new UsageError(`no pending approval bbbb in ${store.dir}`));
    await assert.rejects(store.decide('../x', 'approve', Date.now()), new UsageError('"../x" is not an approval id (12 hex characters, or a unique prefix of at least 4)'));
    await store.remove(newer.id);
    assert.deepEqual(readdirSync(store.dir), [`${older.id}.pending.json`]);
  });

  test('expired and orphaned approvals cannot be decided; unreadable files are skipped; a garbled decision denies', async () => {
    const store = freshStore();
    const expired = pending({ id: 'cccc00000001', expiresAt: '2000-01-01T00:00:00.000Z' });
    const orphaned = pending({ id: 'cccc00000002', guardPid: 2 ** 22 + 12345 });
    await store.add(expired);
    await store.add(orphaned);
    writeFileSync(join(store.dir, 'dddd00000001.pending.json'), '{"version":1,"id":"dddd00000001"}');
    writeFileSync(join(store.dir, 'dddd00000002.pending.json'), 'not json');
    const states = (await store.list(Date.now())).map((entry) => [entry.approval.id, entry.state]);
    assert.deepEqual(states.sort(), [
      ['cccc00000001', 'expired'],
      ['cccc00000002', 'orphaned'],
    ]);
    await assert.rejects(store.decide('cccc00000001', 'approve', Date.now()), new UsageError('approval cccc00000001 expired at 2000-01-01T00:00:00.000Z; the call was denied'));
    await assert.rejects(store.decide('cccc00000002', 'approve', Date.now()), new UsageError('the guard that asked for approval cccc00000002 is no longer running'));
    writeFileSync(store.decisionFile('eeee00000001'), '{"id":"eeee00000001","decision":"approve!"}');
    assert.deepEqual(await store.decisionFor('eeee00000001'), {
      version: 1,
      id: 'eeee00000001',
      decision: 'deny',
      decidedAt: '',
      note: 'the decision file could not be read; denied',
    });
  });
});

describe('approval broker', () => {
  test('approved from another terminal: the decision file is picked up, then both files are removed', async () => {
    const store = freshStore();
    const broker = new ApprovalBroker({ store, timeoutMs: 10_000, prompter: null, pollMs: 10, log: () => undefined });
    const outcome = broker.request(REQUEST, new AbortController().signal);
    const waiting = await firstPending(store);
    assert.equal(waiting.tool, 'flowforge_charge_customer');
    assert.equal(waiting.arguments, '{\n  "amount": 5,\n  "customer": "c_1"\n}');
    assert.deepEqual(waiting.argumentKeys, ['amount', 'customer']);
    assert.equal(Date.parse(waiting.expiresAt) - Date.parse(waiting.createdAt), 10_000);
    await store.decide(waiting.id, 'approve', Date.now());
    assert.deepEqual(await outcome, { decision: 'approved', approvalId: waiting.id, by: 'approvals-command' });
    assert.deepEqual(readdirSync(store.dir), []);
  });

  test('denied with a note, timed out, cancelled by the caller, withdrawn on close', async () => {
    const store = freshStore();
    const lines: string[] = [];
    const broker = new ApprovalBroker({ store, timeoutMs: 250, prompter: null, pollMs: 10, log: (line) => lines.push(line) });
    const denied = broker.request(REQUEST, new AbortController().signal);
    const first = await firstPending(store);
    await store.decide(first.id.slice(0, 6), 'deny', Date.now(), 'too much');
    assert.deepEqual(await denied, { decision: 'denied', approvalId: first.id, by: 'approvals-command', note: 'too much' });
    assert.match(lines[0] ?? '', new RegExp(`^call to flowforge_charge_customer waits for approval ${first.id} \\(0 s\\): mcp-risk approvals approve ${first.id} \\| deny ${first.id} --approvals-dir `));

    const started = Date.now();
    const timedOut = await broker.request(REQUEST, new AbortController().signal);
    assert.equal(timedOut.decision, 'timed-out');
    assert.ok(Date.now() - started >= 240);

    const controller = new AbortController();
    const cancelled = broker.request(REQUEST, controller.signal);
    const third = await firstPending(store);
    controller.abort();
    assert.deepEqual(await cancelled, { decision: 'cancelled', approvalId: third.id });

    const slow = new ApprovalBroker({ store, timeoutMs: 60_000, prompter: null, pollMs: 10, log: () => undefined });
    const open = slow.request(REQUEST, new AbortController().signal);
    const fourth = await firstPending(store);
    await slow.close();
    assert.deepEqual(await open, { decision: 'cancelled', approvalId: fourth.id });
    assert.deepEqual(readdirSync(store.dir), []);
  });

  test('no folder to write and no terminal: the call cannot be approved', async () => {
    const blocker = join(root, 'blocker');
    writeFileSync(blocker, '');
    const lines: string[] = [];
    const broker = new ApprovalBroker({ store: new ApprovalStore(join(blocker, 'approvals')), timeoutMs: 1000, prompter: null, log: (line) => lines.push(line) });
    const outcome = await broker.request(REQUEST, new AbortController().signal);
    assert.equal(outcome.decision, 'unavailable');
    assert.equal(outcome.decision === 'unavailable' ? outcome.message : '', `no terminal to ask and the approvals folder ${join(blocker, 'approvals')} is not writable`);
    assert.match(lines[0] ?? '', /^cannot store approval [0-9a-f]{12} in .*blocker\/approvals: (ENOTDIR|EEXIST)$/);
    assert.equal(existsSync(join(blocker, 'approvals')), false);
  });
});

describe('terminal prompt', () => {
  test('no terminal: no prompter', () => {
    assert.equal(TtyPrompter.open(join(root, 'no-such-tty')), null);
  });

  test('on a real terminal (script gives one): yes approves, a withdrawn question is skipped, anything else denies', async () => {
    const child = spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} --import tsx test/guard/fixtures/ask-tty.ts`, '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let output = '';
    const answered = new Set<string>();
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Approve first?') && !answered.has('first')) {
        answered.add('first');
        child.stdin.write('yes\n');
      }
      if (output.includes('Approve third?') && !answered.has('third')) {
        answered.add('third');
        child.stdin.write('n\n');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    const lines = output.replace(/\r/g, '').split('\n').filter((line) => line !== '');
    assert.deepEqual(lines, [
      'Approve first? [y/N] yes',
      'approved',
      'Approve second? [y/N] ',
      '(decided elsewhere)',
      'Approve third? [y/N] n',
      'denied',
      'ANSWER:true,undefined,false',
    ]);
  });
});
