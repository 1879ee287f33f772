import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argumentsHmac, auditKeyFile } from '../../src/guard/audit-key.js';
import { AuditLog, formatAuditLine, MAX_AUDIT_LINE_CHARS, type CallAuditEvent } from '../../src/guard/audit-log.js';
import { canonicalJson, previewArguments, summarizeArguments } from '../../src/guard/call-arguments.js';
import { InputError } from '../../src/errors.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('call arguments', () => {
  test('canonical JSON sorts keys at every level and drops undefined', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined }),
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
    assert.equal(canonicalJson(null), 'null');
  });

  test('the hash does not depend on key order; keys are listed in call order', () => {
    const one = summarizeArguments({ path: '/etc/passwd', mode: 'r' });
    const two = summarizeArguments({ mode: 'r', path: '/etc/passwd' });
    assert.deepEqual(one, { keys: ['path', 'mode'], sha256: sha('{"mode":"r","path":"/etc/passwd"}') });
    assert.equal(two.sha256, one.sha256);
    assert.deepEqual(summarizeArguments(undefined), { keys: [], sha256: sha('{}') });
  });

  test('keys are bounded in number and length; arguments nested beyond reason get no hash', () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    assert.equal(summarizeArguments(many).keys.length, 64);
    assert.equal(summarizeArguments({ ['x'.repeat(500)]: 1 }).keys[0]?.length, 100);
    let deep: unknown = 1;
    for (let i = 0; i < 300; i++) deep = [deep];
    assert.deepEqual(summarizeArguments({ deep }), { keys: ['deep'], sha256: null });
  });

  test('the preview for a person is cut to its bound', () => {
    assert.equal(previewArguments({ a: 1 }, 100), '{\n  "a": 1\n}');
    assert.equal(previewArguments({ a: 'x'.repeat(100) }, 20).length, 20);
  });
});

describe('audit log', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-risk-audit-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const event: CallAuditEvent = {
    event: 'call',
    identity: 'stdio',
    server: 'flowforge',
    tool: 'flowforge_run_sql',
    decision: 'rate-limited',
    rule: '/tools/flowforge_run_sql/rate_limit',
    reason: 'at most 2 calls in 1 s',
    argumentKeys: ['sql'],
    argumentsHmac: 'ab'.repeat(32),
    upstream: 'not-sent',
    latencyMs: 0.12,
    retryAfterMs: 640,
  };

  test('one JSON line per event with the time first, appended', () => {
    const file = join(dir, 'nested', 'audit.jsonl');
    const failures: string[] = [];
    const log = AuditLog.open(
      file,
      (line) => failures.push(line),
      () => new Date('2025-01-02T03:04:05.678Z'),
    );
    log.write(event);
    log.write({ event: 'policy-rejected', file: '/p.json', message: '/p.json: /default: must be one of "allow", "deny"' });
    log.close();
    log.write(event);
    const again = AuditLog.open(file, (line) => failures.push(line));
    again.write({ event: 'policy-reloaded', file: '/p.json' });
    again.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '');
    assert.equal(
      lines[0],
      '{"time":"2025-01-02T03:04:05.678Z","event":"call","identity":"stdio","server":"flowforge","tool":"flowforge_run_sql","decision":"rate-limited","rule":"/tools/flowforge_run_sql/rate_limit","reason":"at most 2 calls in 1 s","argumentKeys":["sql"],"argumentsHmac":"' +
        'ab'.repeat(32) +
        '","upstream":"not-sent","latencyMs":0.12,"retryAfterMs":640}',
    );
    assert.deepEqual(JSON.parse(lines[1] ?? ''), {
      time: '2025-01-02T03:04:05.678Z',
      event: 'policy-rejected',
      file: '/p.json',
      message: '/p.json: /default: must be one of "allow", "deny"',
    });
    assert.equal((JSON.parse(lines[2] ?? '') as { event: string }).event, 'policy-reloaded');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(failures, []);
  });

  test('every line is bounded, whatever the tool name, reason or keys', () => {
    const huge: CallAuditEvent = {
      ...event,
      tool: '\u0001'.repeat(10_000),
      reason: 'r\n'.repeat(10_000),
      identity: 'i'.repeat(10_000),
      server: 's'.repeat(10_000),
      rule: '/'.repeat(10_000),
      argumentKeys: Array.from({ length: 64 }, () => '\u0002'.repeat(100)),
    };
    const line = formatAuditLine(huge, new Date(0));
    assert.ok(line.length <= MAX_AUDIT_LINE_CHARS + 1, `line is ${line.length} characters`);
    assert.equal(line.indexOf('\n'), line.length - 1);
    const parsed = JSON.parse(line) as { tool: string; reason: string; argumentKeys: string[]; argumentKeysTruncated?: boolean };
    assert.equal(parsed.tool.length, 200);
    assert.equal(parsed.reason.length, 500);
    assert.equal(parsed.argumentKeys.length, 8);
    assert.equal(parsed.argumentKeysTruncated, true);
  });

  test('an audit log that cannot be opened is an input error', () => {
    const blocker = join(dir, 'blocker');
    AuditLog.open(blocker, () => undefined).close();
    assert.throws(
      () => AuditLog.open(join(blocker, 'x.jsonl'), () => undefined),
      (error: unknown) =>
        error instanceof InputError &&
        error.code === 'input-unreadable' &&
        /^cannot open the audit log .*blocker\/x\.jsonl: (ENOTDIR|EEXIST)$/.test(error.message),
    );
  });

  test('the arguments hash is keyed by a per-log secret kept beside the log (0600): a 4-digit PIN cannot be recovered from the log alone', () => {
    const file = join(dir, 'keyed', 'audit.jsonl');
    const log = AuditLog.open(file, () => undefined);
    log.close();
    const keyFile = auditKeyFile(file);
    assert.equal(keyFile, `${file}.key`);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const keyText = readFileSync(keyFile, 'utf8');
    assert.match(keyText, /^[0-9a-f]{64}\n$/);
    const key = Buffer.from(keyText.trim(), 'hex');
    const pin = { pin: '4821' };
    const logged = log.argumentsHmac(pin);
    // Whoever holds the key verifies a known argument with a standard HMAC of its canonical JSON.
    assert.equal(logged, createHmac('sha256', key).update('{"pin":"4821"}').digest('hex'));
    assert.equal(logged, argumentsHmac(key, { pin: '4821' }));
    // The attack on the unsalted hash: try all 10,000 PINs against the logged value. Without the key, none matches.
    const guesses = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(4, '0'));
    assert.equal(guesses.filter((guess) => sha(canonicalJson({ pin: guess })) === logged).length, 0);
    assert.equal(guesses.filter((guess) => argumentsHmac(key, { pin: guess }) === logged).length, 1);
    // The key is made once: reopening the log (another guard, a restart) keeps it, and no temporary file is left.
    AuditLog.open(file, () => undefined).close();
    assert.equal(readFileSync(keyFile, 'utf8'), keyText);
    assert.deepEqual(readdirSync(join(dir, 'keyed')).sort(), ['audit.jsonl', 'audit.jsonl.key']);
    // Each log has its own key.
    const other = AuditLog.open(join(dir, 'keyed', 'other.jsonl'), () => undefined);
    other.close();
    assert.notEqual(other.argumentsHmac(pin), logged);
  });

  test('a key that others can read, or that is not a key, stops the guard instead of being replaced', () => {
    const file = join(dir, 'bad-key', 'audit.jsonl');
    AuditLog.open(file, () => undefined).close();
    const keyFile = auditKeyFile(file);
    const keyText = readFileSync(keyFile, 'utf8');
    chmodSync(keyFile, 0o644);
    assert.throws(
      () => AuditLog.open(file, () => undefined),
      (error: unknown) =>
        error instanceof InputError &&
        error.code === 'input-invalid' &&
        error.message === `the audit log key ${keyFile} is readable by others (mode 644); run chmod 600 on it`,
    );
    chmodSync(keyFile, 0o600);
    writeFileSync(keyFile, 'not a key\n');
    assert.throws(
      () => AuditLog.open(file, () => undefined),
      (error: unknown) => error instanceof InputError && error.code === 'input-invalid' && /is not 64 hex digits/.test(error.message),
    );
    assert.equal(readFileSync(keyFile, 'utf8'), 'not a key\n');
    assert.notEqual(keyText, 'not a key\n');
  });
});
