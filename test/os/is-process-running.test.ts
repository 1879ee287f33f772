import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { isProcessRunning } from '../../src/os/is-process-running.js';

describe('isProcessRunning', () => {
  test('this process and init run; a child that has exited and been reaped does not', async () => {
    assert.equal(isProcessRunning(process.pid), true);
    assert.equal(isProcessRunning(1), true);
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid as number;
    await once(child, 'exit');
    assert.equal(isProcessRunning(pid), false);
  });
});
