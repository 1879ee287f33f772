import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STDERR_TAIL_BYTES, StderrTail } from '../../src/connectors/stderr-tail.js';

describe('StderrTail', () => {
  test('keeps only the last bytes', () => {
    const tail = new StderrTail(10);
    tail.append('0123456789');
    tail.append(Buffer.from('abc'));
    assert.equal(tail.text(), '3456789abc');
    tail.append('x'.repeat(50));
    assert.equal(tail.text(), 'x'.repeat(10));
    assert.equal(STDERR_TAIL_BYTES, 4096);
  });

  test('is empty until the server writes', () => {
    const tail = new StderrTail();
    assert.equal(tail.text(), '');
    assert.equal(tail.lastLine(), '');
  });

  test('strips escape sequences and control characters', () => {
    const tail = new StderrTail();
    tail.append('\u001b[31merror\u001b[0m: \u001b]8;;https://x.test\u0007link\u001b]8;;\u0007 bell\u0007 \u202Eevil\r\nnext\u200b line\n');
    assert.equal(tail.text(), 'error: link bell evil\nnext line\n');
  });

  test('drops the broken start of a multi-byte character cut by the bound', () => {
    const tail = new StderrTail(4);
    tail.append('a€zz');
    assert.equal(tail.text(), 'zz');
    const whole = new StderrTail(5);
    whole.append('a€zz');
    assert.equal(whole.text(), '€zz');
  });

  test('lastLine is the last non-empty line, shortened', () => {
    const tail = new StderrTail();
    tail.append('starting\nfatal: missing key\n\n   \n');
    assert.equal(tail.lastLine(), 'fatal: missing key');
    tail.append(`${'y'.repeat(500)}\n`);
    assert.equal(tail.lastLine(20), `${'y'.repeat(17)}...`);
  });
});
