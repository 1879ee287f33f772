import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REQUEST_TIMEOUT_MSEC } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { InputError, UsageError } from '../../src/errors.js';
import { approvalProof } from '../../src/guard/approval-code.js';
import { ApprovalStore, newApprovalId, type PendingApproval } from '../../src/guard/approval-store.js';
import { ApprovalBroker, DEFAULT_APPROVAL_TIMEOUT_MS, type ApprovalRequest, type ApprovalTerminal } from '../../src/guard/approvals.js';
import { summarizeArguments } from '../../src/guard/call-arguments.js';
import { TtyPrompter } from '../../src/guard/tty-prompt.js';
import { readJsonLines, ROOT, waitFor } from './guard-process.js';

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

/**
 * The guard's terminal as the broker sees it: what was shown there, and lines typed at it. The
 * broker shows a code only after its pending file is written (and synced), so tests wait for it.
 */
class ScreenTerminal implements ApprovalTerminal {
  readonly who = 'alice at /dev/pts/7';
  readonly shown: string[] = [];
  private readonly answers: ((line: string) => void)[] = [];
  private readonly waiters = new Set<() => void>();

  show(text: string): boolean {
    this.shown.push(text);
    this.changed();
    return true;
  }

  ask(question: string, signal: AbortSignal, accepts: (line: string) => boolean): Promise<boolean | undefined> {
    return new Promise((resolve) => {
      this.answers.push((line) => resolve(accepts(line)));
      signal.addEventListener('abort', () => resolve(undefined), { once: true });
      this.shown.push(question);
      this.changed();
    });
  }

  /** Types a line at the terminal, once a question waits for one. */
  async type(line: string): Promise<void> {
    await this.until(() => this.answers.length > 0 || undefined);
    this.answers.shift()?.(line);
  }

  /** The approval code shown for `id`, once it is shown. */
  codeFor(id: string): Promise<string> {
    return this.until(() =>
      this.shown
        .map(
          (text) =>
            new RegExp(`approval ${id}.*code ([0-9A-Z]{4}-[0-9A-Z]{4})`).exec(text)?.[1] ??
            new RegExp(`Type ([0-9A-Z]{4}-[0-9A-Z]{4}) to approve.*approve ${id} `).exec(text)?.[1],
        )
        .find((found) => found !== undefined),
    );
  }

  private until<T>(probe: () => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        this.waiters.delete(check);
        resolve(value);
      };
      this.waiters.add(check);
      check();
    });
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

const BY = 'bob at /dev/pts/9 (pid 4242)';

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
    assert.deepEqual(
      listed.map((entry) => [entry.approval.id, entry.state, entry.decided]),
      [
        ['aaaa00000001', 'pending', false],
        ['aaaa00000002', 'pending', false],
      ],
    );
    assert.deepEqual(listed[1]?.approval, newer);
    const code = { decidedBy: BY, code: 'K7QX-M2PD' };
    await assert.rejects(
      store.decide('aaaa', 'approve', Date.now(), code),
      new UsageError('aaaa matches 2 approvals; give more of the id'),
    );
    const decided = await store.decide('aaaa00000002', 'deny', Date.parse('2025-06-01T00:00:00Z'), { decidedBy: BY, note: 'not today' });
    assert.equal(decided.id, newer.id);
    assert.deepEqual(await store.decisionFor(newer.id), {
      version: 1,
      id: newer.id,
      decision: 'deny',
      decidedAt: '2025-06-01T00:00:00.000Z',
      decidedBy: BY,
      note: 'not today',
    });
    await assert.rejects(
      store.decide('aaaa00000002', 'approve', Date.now(), code),
      new UsageError('approval aaaa00000002 is already decided'),
    );
    await assert.rejects(store.decide('bbbb', 'approve', Date.now(), code), new UsageError(`no pending approval bbbb in ${store.dir}`));
    await assert.rejects(
      store.decide('../x', 'approve', Date.now(), code),
      new UsageError('"../x" is not an approval id (12 hex characters, or a unique prefix of at least 4)'),
    );
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
    await assert.rejects(
      store.decide('cccc00000001', 'deny', Date.now(), { decidedBy: BY }),
      new UsageError('approval cccc00000001 expired at 2000-01-01T00:00:00.000Z; the call was denied'),
    );
    await assert.rejects(
      store.decide('cccc00000002', 'deny', Date.now(), { decidedBy: BY }),
      new UsageError('the guard that asked for approval cccc00000002 is no longer running'),
    );
    writeFileSync(store.decisionFile('eeee00000001'), '{"id":"eeee00000001","decision":"approve!"}');
    assert.deepEqual(await store.decisionFor('eeee00000001'), {
      version: 1,
      id: 'eeee00000001',
      decision: 'deny',
      decidedAt: '',
      decidedBy: 'unknown',
      note: 'the decision file could not be read; denied',
    });
  });

  test('a folder that others own or may use is refused: 0777, owned by another user, a link', async () => {
    const open = freshStore();
    mkdirSync(open.dir, { recursive: true });
    chmodSync(open.dir, 0o777);
    const refusedMode = new InputError(
      'input-invalid',
      `refusing the approvals folder ${open.dir}: mode 0777 lets others in; chmod 700 it`,
    );
    await assert.rejects(open.add(pending()), refusedMode);
    await assert.rejects(open.list(Date.now()), refusedMode);
    await assert.rejects(open.decide('aaaa', 'deny', Date.now(), { decidedBy: BY }), refusedMode);
    assert.deepEqual(readdirSync(open.dir), []);

    const foreign = freshStore();
    mkdirSync(foreign.dir, { recursive: true, mode: 0o700 });
    chownSync(foreign.dir, 65534, 65534);
    await assert.rejects(
      foreign.add(pending()),
      new InputError(
        'input-invalid',
        `refusing the approvals folder ${foreign.dir}: it is owned by uid 65534, not by you (uid ${process.getuid?.() ?? -1})`,
      ),
    );
    await assert.rejects(foreign.list(Date.now()), /owned by uid 65534/);

    const real = freshStore();
    await real.ensureDir();
    const linked = new ApprovalStore(`${real.dir}-link`);
    symlinkSync(real.dir, linked.dir);
    await assert.rejects(
      linked.add(pending()),
      new InputError('input-invalid', `refusing the approvals folder ${linked.dir}: it is not a folder (a link or a file)`),
    );
  });

  test('approving needs a well-formed code, and refuses arguments edited in the pending file', async () => {
    const store = freshStore();
    const args = { amount: 5, customer: 'c_1' };
    const honest = pending({
      id: 'abab00000001',
      arguments: JSON.stringify(args, null, 2),
      argumentsSha256: summarizeArguments(args).sha256,
    });
    await store.add(honest);
    await assert.rejects(
      store.decide(honest.id, 'approve', Date.now(), { decidedBy: BY }),
      new UsageError("approving needs the code shown at the guard's terminal (--code, or type it when asked)"),
    );
    await assert.rejects(
      store.decide(honest.id, 'approve', Date.now(), { decidedBy: BY, code: 'yes' }),
      new UsageError("that is not an approval code: 8 letters and digits as the guard's terminal shows it, e.g. K7QX-M2PD"),
    );
    // An agent rewrites what the person will read, keeping the hash of the real call.
    const edited = pending({
      id: 'abab00000002',
      arguments: JSON.stringify({ amount: 1, customer: 'c_1' }, null, 2),
      argumentsSha256: summarizeArguments(args).sha256,
    });
    await store.add(edited);
    await assert.rejects(
      store.decide(edited.id, 'approve', Date.now(), { decidedBy: BY, code: 'K7QX-M2PD' }),
      new UsageError(
        `approval ${edited.id}: the arguments in its file do not match the call's hash (the file was edited); decide it at the guard's terminal, or deny it`,
      ),
    );
    await store.decide(honest.id, 'approve', Date.now(), { decidedBy: BY, code: 'k7qx m2pd' });
    const decision = await store.decisionFor(honest.id);
    assert.equal(decision?.decision, 'approve');
    assert.match(decision?.proof ?? '', /^[0-9a-f]{64}$/);
    // The file holds a proof, never the code.
    assert.doesNotMatch(readFileSync(store.decisionFile(honest.id), 'utf8'), /K7QX|M2PD/i);
  });
});

describe('approval broker', () => {
  test('the default approval timeout ends before MCP SDK clients give up on the call', () => {
    assert.ok(
      DEFAULT_APPROVAL_TIMEOUT_MS < DEFAULT_REQUEST_TIMEOUT_MSEC,
      `${DEFAULT_APPROVAL_TIMEOUT_MS} ms is not below the SDK's ${DEFAULT_REQUEST_TIMEOUT_MSEC} ms`,
    );
  });

  test("approved from another terminal with the code shown only at the guard's terminal; the outcome says how and by whom", async () => {
    const store = freshStore();
    const terminal = new ScreenTerminal();
    const lines: string[] = [];
    const broker = new ApprovalBroker({ store, timeoutMs: 60_000, terminal, ask: false, pollMs: 10, log: (line) => lines.push(line) });
    const outcome = broker.request(REQUEST, new AbortController().signal);
    const waiting = await firstPending(store);
    assert.equal(waiting.tool, 'flowforge_charge_customer');
    assert.equal(waiting.arguments, '{\n  "amount": 5,\n  "customer": "c_1"\n}');
    assert.deepEqual(waiting.argumentKeys, ['amount', 'customer']);
    assert.equal(Date.parse(waiting.expiresAt) - Date.parse(waiting.createdAt), 60_000);
    const code = await terminal.codeFor(waiting.id);
    // Nowhere but the terminal: not in the folder, not on stderr.
    for (const name of readdirSync(store.dir)) assert.ok(!readFileSync(join(store.dir, name), 'utf8').includes(code), name);
    assert.ok(!lines.join('\n').includes(code));
    await store.decide(waiting.id, 'approve', Date.now(), { decidedBy: BY, code });
    assert.deepEqual(await outcome, { decision: 'approved', approvalId: waiting.id, via: 'approvals-command', by: BY });
    assert.deepEqual(readdirSync(store.dir), []);
  });

  test('an agent that writes an approving decision file, or approves with a wrong code, gets the call denied', async () => {
    const store = freshStore();
    const terminal = new ScreenTerminal();
    const broker = new ApprovalBroker({ store, timeoutMs: 60_000, terminal, ask: false, pollMs: 10, log: () => undefined });
    const forged = broker.request(REQUEST, new AbortController().signal);
    const first = await firstPending(store);
    writeFileSync(
      store.decisionFile(first.id),
      JSON.stringify({ version: 1, id: first.id, decision: 'approve', decidedAt: new Date().toISOString(), decidedBy: BY }),
    );
    assert.deepEqual(await forged, {
      decision: 'denied',
      approvalId: first.id,
      via: 'approvals-command',
      by: `${BY} (claimed)`,
      note: "approved without the valid code from the guard's terminal, so denied",
    });

    const guessed = broker.request(REQUEST, new AbortController().signal);
    const second = await firstPending(store);
    const real = await terminal.codeFor(second.id);
    await store.decide(second.id, 'approve', Date.now(), { decidedBy: BY, code: real === 'AAAA-AAAA' ? 'BBBB-BBBB' : 'AAAA-AAAA' });
    assert.equal((await guessed).decision, 'denied');

    // A proof made with the right code but claiming another approver does not count either.
    const replayed = broker.request(REQUEST, new AbortController().signal);
    const third = await firstPending(store);
    const proofForBob = approvalProof(await terminal.codeFor(third.id), {
      id: third.id,
      tool: third.tool,
      argumentsSha256: third.argumentsSha256,
      decidedBy: BY,
    });
    writeFileSync(
      store.decisionFile(third.id),
      JSON.stringify({
        version: 1,
        id: third.id,
        decision: 'approve',
        decidedAt: new Date().toISOString(),
        decidedBy: 'alice at /dev/pts/1 (pid 1)',
        proof: proofForBob,
      }),
    );
    assert.equal((await replayed).decision, 'denied');
  });

  test("at the guard's terminal, typing the code approves; y, or anything else, denies", async () => {
    const store = freshStore();
    const terminal = new ScreenTerminal();
    const broker = new ApprovalBroker({ store, timeoutMs: 60_000, terminal, ask: true, pollMs: 10, log: () => undefined });
    const typed = broker.request(REQUEST, new AbortController().signal);
    const first = await firstPending(store);
    const code = await terminal.codeFor(first.id);
    assert.match(
      terminal.shown.at(-1) ?? '',
      new RegExp(
        `\\nType [0-9A-Z]{4}-[0-9A-Z]{4} to approve, anything else denies, within 60 s \\(or elsewhere: mcp-risk approvals approve ${first.id} with this code\\): $`,
      ),
    );
    await terminal.type(code.toLowerCase().replace('-', ''));
    assert.deepEqual(await typed, { decision: 'approved', approvalId: first.id, via: 'terminal', by: 'alice at /dev/pts/7' });
    // A bare "y" (what a process pushing keystrokes into the terminal would send) is a no.
    const yes = broker.request(REQUEST, new AbortController().signal);
    const second = await firstPending(store);
    await terminal.type('y');
    assert.deepEqual(await yes, { decision: 'denied', approvalId: second.id, via: 'terminal', by: 'alice at /dev/pts/7' });
  });

  test('denied with a note (no code needed), timed out, cancelled by the caller, withdrawn on close', async () => {
    const store = freshStore();
    const lines: string[] = [];
    const terminal = new ScreenTerminal();
    // A person takes their time (and a loaded machine is slow): only the second broker times out quickly.
    const patient = new ApprovalBroker({ store, timeoutMs: 60_000, terminal, ask: false, pollMs: 10, log: (line) => lines.push(line) });
    const broker = new ApprovalBroker({ store, timeoutMs: 250, terminal, ask: false, pollMs: 10, log: () => undefined });
    const denied = patient.request(REQUEST, new AbortController().signal);
    const first = await firstPending(store);
    await store.decide(first.id.slice(0, 6), 'deny', Date.now(), { decidedBy: BY, note: 'too much' });
    assert.deepEqual(await denied, {
      decision: 'denied',
      approvalId: first.id,
      via: 'approvals-command',
      by: `${BY} (claimed)`,
      note: 'too much',
    });
    assert.match(
      lines[0] ?? '',
      new RegExp(
        `^call to flowforge_charge_customer waits for approval ${first.id} \\(60 s\\): approve it with mcp-risk approvals approve ${first.id} and the code shown at the guard's terminal, or deny it with mcp-risk approvals deny ${first.id} --approvals-dir `,
      ),
    );

    const started = Date.now();
    const timedOut = await broker.request(REQUEST, new AbortController().signal);
    assert.equal(timedOut.decision, 'timed-out');
    assert.ok(Date.now() - started >= 240);

    const controller = new AbortController();
    const cancelled = patient.request(REQUEST, controller.signal);
    const third = await firstPending(store);
    controller.abort();
    assert.deepEqual(await cancelled, { decision: 'cancelled', approvalId: third.id });

    const slow = new ApprovalBroker({ store, timeoutMs: 60_000, terminal, ask: false, pollMs: 10, log: () => undefined });
    const open = slow.request(REQUEST, new AbortController().signal);
    const fourth = await firstPending(store);
    await slow.close();
    assert.deepEqual(await open, { decision: 'cancelled', approvalId: fourth.id });
    assert.deepEqual(readdirSync(store.dir), []);
  });

  test('no terminal: nothing can be approved, the call is denied at once and nothing is stored', async () => {
    const store = freshStore();
    const broker = new ApprovalBroker({ store, timeoutMs: 60_000, terminal: null, ask: true, log: () => undefined });
    const outcome = await broker.request(REQUEST, new AbortController().signal);
    assert.equal(outcome.decision, 'unavailable');
    assert.equal(
      outcome.decision === 'unavailable' ? outcome.message : '',
      "approvals need the guard's terminal, where the one-time approval code is shown, and this guard has none",
    );
    assert.equal(existsSync(store.dir), false);
  });

  test('a folder that cannot be used and no asking at the terminal: the call cannot be approved', async () => {
    const blocker = join(root, 'blocker');
    writeFileSync(blocker, '');
    const lines: string[] = [];
    const broker = new ApprovalBroker({
      store: new ApprovalStore(join(blocker, 'approvals')),
      timeoutMs: 1000,
      terminal: new ScreenTerminal(),
      ask: false,
      log: (line) => lines.push(line),
    });
    const outcome = await broker.request(REQUEST, new AbortController().signal);
    assert.equal(outcome.decision, 'unavailable');
    assert.equal(
      outcome.decision === 'unavailable' ? outcome.message : '',
      `the approvals folder ${join(blocker, 'approvals')} cannot be used and asking at the terminal is switched off`,
    );
    assert.match(lines[0] ?? '', /^cannot store approval [0-9a-f]{12} in .*blocker\/approvals: (ENOTDIR|EEXIST)$/);
    assert.equal(existsSync(join(blocker, 'approvals')), false);

    const open = freshStore();
    mkdirSync(open.dir, { recursive: true });
    chmodSync(open.dir, 0o777);
    const refused = await new ApprovalBroker({
      store: open,
      timeoutMs: 1000,
      terminal: new ScreenTerminal(),
      ask: false,
      log: () => undefined,
    }).request(REQUEST, new AbortController().signal);
    assert.equal(refused.decision, 'unavailable');
    assert.deepEqual(readdirSync(open.dir), []);
  });
});

describe('terminal prompt', () => {
  test('no terminal: no prompter (a missing device, or a file that is not a terminal)', () => {
    assert.equal(TtyPrompter.open(join(root, 'no-such-tty')), null);
    const file = join(root, 'not-a-tty');
    writeFileSync(file, '');
    assert.equal(TtyPrompter.open(file), null);
  });

  test('on a real terminal (script gives one): yes approves, a withdrawn question is skipped, anything else denies', async () => {
    const child = spawn(
      'script',
      ['-qfec', `${JSON.stringify(process.execPath)} --import tsx test/guard/fixtures/ask-tty.ts`, '/dev/null'],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
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
    const lines = output
      .replace(/\r/g, '')
      .split('\n')
      .filter((line) => line !== '');
    assert.deepEqual(lines, [
      'Approve first? [y/N] yes',
      'approved',
      'Approve second? [y/N] ',
      '(decided elsewhere)',
      'Approve third? [y/N] n',
      'denied',
      'ANSWER:true,undefined,false',
      'SHOWN ONLY',
      lines.at(-1) ?? '',
    ]);
    assert.match(lines.at(-1) ?? '', /^WHO:\S+ at \/dev\/pts\/\d+$/);
  });
});

// ---- end to end: a real agent (MCP client) → a real guard → the Flowforge server ---------------

// These tests run the built CLI (npm run build first), as a client would.
const AGENT = join(ROOT, 'test', 'guard', 'fixtures', 'agent-at-terminal.mjs');
const BUILT_CLI = join(ROOT, 'dist', 'cli', 'main.js');
const CHARGE = { name: 'flowforge_charge_customer', arguments: { customerId: 'cus_1', amount: 500, currency: 'usd' } };
const CODE_LINE = /waits for approval ([0-9a-f]{12}), arguments sha256 [0-9a-f]{12}; approval code ([0-9A-Z]{4}-[0-9A-Z]{4})/g;

interface AgentSession {
  /** Everything shown on the terminal so far (the agent's output and what the guard wrote there). */
  screen(): string;
  type(text: string): void;
  /** Waits until the screen matches `pattern` (from `from` on) and returns the match. */
  see(pattern: RegExp, what: string, from?: number): Promise<RegExpExecArray>;
  result(n: number): Promise<{ isError?: boolean; content?: { text: string }[]; thrown?: string }>;
  exited: Promise<number | null>;
}

function quoteForShell(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Starts the agent. With a terminal, under `script` (the guard's /dev/tty is script's terminal,
 * which this test reads and types into: the person at the guard's terminal); without, in a new
 * session (setsid), so neither it nor the guard has a controlling terminal.
 */
function startAgent(options: { guardArgs: string[]; env?: Record<string, string>; calls?: unknown[] }, terminal: boolean): AgentSession {
  const agentArgs = [AGENT, JSON.stringify(options)];
  const child = terminal
    ? spawn('script', ['-qfec', [process.execPath, ...agentArgs].map(quoteForShell).join(' '), '/dev/null'], {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'ignore'],
      })
    : spawn(process.execPath, agentArgs, { cwd: ROOT, stdio: ['pipe', 'pipe', 'ignore'], detached: true });
  let screen = '';
  const watchers = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8').replace(/\r/g, '');
    for (const watcher of watchers) watcher();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const see = (pattern: RegExp, what: string, from = 0): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(screen.slice(from));
        if (found === null) return false;
        watchers.delete(watch);
        resolve(found);
        return true;
      };
      const watch = (): void => void check();
      if (check()) return;
      watchers.add(watch);
      void exited.then(() => {
        if (watchers.delete(watch) && !check()) reject(new Error(`the agent exited before showing ${what}; screen:\n${screen}`));
      });
    });
  return {
    screen: () => screen,
    type: (text) => child.stdin.write(text),
    see,
    result: async (n) =>
      JSON.parse((await see(new RegExp(`RESULT ${n} (\\{.*\\})\\n`), `result ${n}`))[1] ?? '{}') as {
        isError?: boolean;
        content?: { text: string }[];
        thrown?: string;
      },
    exited,
  };
}

interface AuditCall {
  event: string;
  decision?: string;
  approvalId?: string;
  approvalVia?: string;
  approvalBy?: string;
  reason?: string;
  upstream?: string;
}

function auditCalls(file: string): AuditCall[] {
  return readJsonLines<AuditCall>(file).filter((event) => event.event === 'call');
}

function chargesMade(file: string): number {
  return readJsonLines<{ tool: string }>(file).filter((line) => line.tool === 'flowforge_charge_customer').length;
}

function e2eFiles(): { policy: string; audit: string; calls: string; approvals: string } {
  counter += 1;
  const base = join(root, `e2e-${counter}`);
  mkdirSync(base, { recursive: true });
  const policy = join(base, 'policy.json');
  writeFileSync(
    policy,
    JSON.stringify({
      version: '1',
      default: 'deny',
      tools: { flowforge_charge_customer: { action: 'require_approval', reason: 'Moves money.' } },
    }),
  );
  return { policy, audit: join(base, 'audit.jsonl'), calls: join(base, 'calls.jsonl'), approvals: join(base, 'approvals') };
}

describe('approvals end to end: an agent, a real guard and its terminal', { timeout: 600_000 }, () => {
  test('the agent cannot approve its own call (decision file, approvals command without or with a wrong code); the person with the code can', async () => {
    const f = e2eFiles();
    const agent = startAgent(
      {
        guardArgs: [
          '--policy',
          f.policy,
          '--audit-log',
          f.audit,
          '--approvals-dir',
          f.approvals,
          '--no-tty',
          '--approval-timeout',
          '120000',
        ],
        env: { FLOWFORGE_CALL_LOG: f.calls },
      },
      true,
    );
    await agent.see(/READY\n/, 'READY');
    const approvalsCli = (args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [BUILT_CLI, 'approvals', ...args, '--approvals-dir', f.approvals], {
          cwd: ROOT,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(input);
      });
    const codes: string[] = [];
    const nextCode = async (n: number): Promise<{ id: string; code: string }> => {
      const from = agent.screen().length;
      agent.type(`call ${n} ${JSON.stringify(CHARGE)}\n`);
      const shown = await agent.see(CODE_LINE, `the approval code for call ${n}`, from);
      codes.push(shown[2] ?? '');
      return { id: shown[1] ?? '', code: shown[2] ?? '' };
    };
    try {
      // 1. The agent writes an approving decision file itself.
      const first = await nextCode(1);
      const store = new ApprovalStore(f.approvals);
      writeFileSync(
        store.decisionFile(first.id),
        JSON.stringify({ version: 1, id: first.id, decision: 'approve', decidedAt: new Date().toISOString(), decidedBy: 'me' }),
      );
      const forged = await agent.result(1);
      assert.equal(forged.isError, true);
      assert.match(
        forged.content?.[0]?.text ?? '',
        /a person denied this call to flowforge_charge_customer .*approved without the valid code from the guard's terminal, so denied/,
      );

      // 2. The agent runs the approvals command: without the code it is refused; a guessed code denies the call.
      const second = await nextCode(2);
      const noCode = await approvalsCli(['approve', second.id]);
      assert.equal(noCode.code, 2);
      assert.equal(noCode.stderr, "mcp-risk: approving needs the code shown at the guard's terminal (--code, or type it when asked)\n");
      const guess = second.code === 'AAAA-AAAA' ? 'BBBB-BBBB' : 'AAAA-AAAA';
      assert.equal((await approvalsCli(['approve', second.id, '--code', guess])).code, 0);
      assert.equal((await agent.result(2)).isError, true);
      assert.equal(chargesMade(f.calls), 0, 'a call went through without the code');

      // 3. The person reads the code at the guard's terminal and types it into the approvals command.
      const third = await nextCode(3);
      const listed = await approvalsCli(['list']);
      assert.match(listed.stdout, new RegExp(`^${third.id}  flowforge_charge_customer on flowforge for stdio`));
      const approved = await approvalsCli(['approve', third.id.slice(0, 6)], `${third.code.toLowerCase()}\n`);
      assert.equal(approved.code, 0, approved.stderr);
      const granted = await agent.result(3);
      assert.equal(granted.isError, undefined, JSON.stringify(granted));
      assert.equal(granted.content?.[0]?.text, 'flowforge: flowforge_charge_customer done');
      assert.equal(chargesMade(f.calls), 1);

      // 4. Denying needs no code.
      const fourth = await nextCode(4);
      assert.equal((await approvalsCli(['deny', fourth.id, '--note', 'amount too high'])).code, 0);
      assert.match((await agent.result(4)).content?.[0]?.text ?? '', /a person denied this call .* Note: amount too high\./);

      // 5. The client gives up on a call: the approval is withdrawn.
      const fifth = await nextCode(5);
      agent.type('cancel 5\n');
      assert.match((await agent.result(5)).thrown ?? '', /abort/i);
      await waitFor(() => !existsSync(store.pendingFile(fifth.id)), 'the cancelled approval to be withdrawn');

      agent.type('quit\n');
      const stderr = JSON.parse((await agent.see(/STDERR (".*")\n/, "the guard's stderr"))[1] ?? '""') as string;
      assert.equal(await agent.exited, 0);
      // The codes were shown only at the terminal: not on stderr (the client's, and its logs), not in the audit log or the folder.
      assert.equal(codes.length, 5);
      for (const code of codes) {
        assert.ok(!stderr.includes(code), 'a code on stderr');
        assert.ok(!readFileSync(f.audit, 'utf8').includes(code), 'a code in the audit log');
      }
      assert.deepEqual(readdirSync(f.approvals), []);

      const events = auditCalls(f.audit);
      assert.deepEqual(
        events.map((event) => [event.decision, event.approvalVia, event.upstream]),
        [
          ['approval-denied', 'approvals-command', 'not-sent'],
          ['approval-denied', 'approvals-command', 'not-sent'],
          ['approved', 'approvals-command', 'ok'],
          ['approval-denied', 'approvals-command', 'not-sent'],
          ['approval-cancelled', undefined, 'not-sent'],
        ],
      );
      assert.deepEqual(
        events.map((event) => event.approvalId),
        [first.id, second.id, third.id, fourth.id, fifth.id],
      );
      assert.equal(events[0]?.approvalBy, 'me (claimed)');
      assert.equal(events[0]?.reason, "approved without the valid code from the guard's terminal, so denied");
      assert.match(events[2]?.approvalBy ?? '', /^\S+ at (no terminal|\/dev\/pts\/\d+) \(pid \d+\)$/);
      assert.match(events[3]?.approvalBy ?? '', / \(claimed\)$/);
    } finally {
      agent.type('quit\n');
      await agent.exited;
    }
  });

  test('no decision within --approval-timeout denies the call', async () => {
    const f = e2eFiles();
    const agent = startAgent(
      {
        guardArgs: ['--policy', f.policy, '--audit-log', f.audit, '--approvals-dir', f.approvals, '--no-tty', '--approval-timeout', '700'],
        env: { FLOWFORGE_CALL_LOG: f.calls },
        calls: [CHARGE],
      },
      true,
    );
    await agent.see(CODE_LINE, 'the approval code');
    const result = await agent.result(1);
    assert.equal(await agent.exited, 0);
    assert.equal(
      result.content?.[0]?.text,
      'Blocked by mcp-risk guard: no one approved this call to flowforge_charge_customer within 0.7 s (rule /tools/flowforge_charge_customer: Moves money.), so it was denied. The call was not sent to the server.',
    );
    assert.equal(chargesMade(f.calls), 0);
    assert.deepEqual(readdirSync(f.approvals), []);
    assert.deepEqual(
      auditCalls(f.audit).map((event) => [event.decision, event.reason]),
      [['approval-timeout', 'no decision within 700 ms']],
    );
  });

  test("typing the code at the guard's terminal approves (a bare y denies); the audit line names the terminal and its user", async () => {
    const f = e2eFiles();
    const agent = startAgent(
      {
        guardArgs: ['--policy', f.policy, '--audit-log', f.audit, '--approvals-dir', f.approvals, '--approval-timeout', '120000'],
        env: { FLOWFORGE_CALL_LOG: f.calls },
        calls: [CHARGE, CHARGE],
      },
      true,
    );
    const question =
      /Type ([0-9A-Z]{4}-[0-9A-Z]{4}) to approve, anything else denies, within 120 s \(or elsewhere: mcp-risk approvals approve [0-9a-f]{12} with this code\): $/m;
    await agent.see(question, 'the first question');
    agent.type('y\n');
    assert.equal((await agent.result(1)).isError, true);
    const from = agent.screen().indexOf('RESULT 1');
    const code = (await agent.see(question, 'the second question', from))[1] ?? '';
    agent.type(`${code}\n`);
    assert.equal((await agent.result(2)).content?.[0]?.text, 'flowforge: flowforge_charge_customer done');
    assert.equal(await agent.exited, 0);
    assert.equal(chargesMade(f.calls), 1);
    const events = auditCalls(f.audit);
    assert.deepEqual(
      events.map((event) => [event.decision, event.approvalVia]),
      [
        ['approval-denied', 'terminal'],
        ['approved', 'terminal'],
      ],
    );
    assert.match(events[1]?.approvalBy ?? '', /^\S+ at \/dev\/pts\/\d+$/);
  });

  test('a guard without a terminal cannot have calls approved: denied at once, nothing stored', async () => {
    const f = e2eFiles();
    const agent = startAgent(
      {
        guardArgs: ['--policy', f.policy, '--audit-log', f.audit, '--approvals-dir', f.approvals],
        env: { FLOWFORGE_CALL_LOG: f.calls },
        calls: [CHARGE],
      },
      false,
    );
    const result = await agent.result(1);
    assert.equal(await agent.exited, 0);
    assert.equal(result.isError, true);
    assert.equal(
      result.content?.[0]?.text,
      "Blocked by mcp-risk guard: flowforge_charge_customer needs a person's approval (rule /tools/flowforge_charge_customer) and there is no way to ask: approvals need the guard's terminal, where the one-time approval code is shown, and this guard has none. The call was not sent to the server.",
    );
    assert.equal(existsSync(f.approvals), false);
    assert.equal(chargesMade(f.calls), 0);
    assert.deepEqual(
      auditCalls(f.audit).map((event) => [event.decision, event.upstream]),
      [['approval-denied', 'not-sent']],
    );
  });
});
