import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { excerptLine, sanitizeTerminalText } from '../../src/hostile-text/terminal-text.js';

describe('sanitizeTerminalText', () => {
  test('removes ANSI, OSC, C0/C1 controls, bidi and zero-width characters; keeps tabs and newlines', () => {
    assert.equal(sanitizeTerminalText('a\u001b[2Jb\u001b]0;title\u0007c\u0000\u009b\u202Ed\u200be\tf\r\ng\rh'), 'abcde\tf\ng\nh');
  });
});

describe('excerptLine', () => {
  test('one sanitised line, bounded', () => {
    assert.equal(excerptLine('  first\n\u001b[1msecond\u001b[0m  '), 'first second');
    assert.equal(excerptLine('z'.repeat(300), 10), 'zzzzzzz...');
  });
});
