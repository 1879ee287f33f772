import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { isProcessPresent, killProcessTree, listDescendants, trackProcess } from '../../src/connectors/process-tree.js';
import { isRunning, stopProcess, waitUntilGone } from '../fixtures/servers/fixture-processes.js';

/** node → node → node, each level idle; resolves with the three PIDs once the deepest runs. */
async function spawnThreeLevels(): Promise<{ root: number; pids: number[]; stop: () => Promise<void>; killAll: () => void }> {
  const leaf = 'process.stdout.write(String(process.pid)); setInterval(() => {}, 1000)';
  const spawnAndReport = (script: string, prefix: string): string =>
    `const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(script)}], { stdio: ['ignore', 'pipe', 'ignore'] });
c.stdout.on('data', (d) => process.stdout.write(${prefix} + d));
setInterval(() => {}, 1000);`;
  const middle = spawnAndReport(leaf, "process.pid + ' '");
  const top = spawnAndReport(middle, "''");
  const root = spawn(process.execPath, ['-e', top], { stdio: ['ignore', 'pipe', 'ignore'] });
  let output = '';
  await new Promise<void>((resolve) =>
    root.stdout.on('data', (data: Buffer) => {
      output += data.toString('utf8');
      if (/^\d+ \d+$/.test(output.trim())) resolve();
    }),
  );
  const [middlePid, leafPid] = output.trim().split(' ').map(Number);
  assert.ok(root.pid !== undefined && middlePid !== undefined && leafPid !== undefined);
  const pids = [root.pid, middlePid, leafPid];
  const killAll = (): void => {
    for (const pid of pids) {
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
  };
  return { root: root.pid, pids, stop: () => stopProcess(root), killAll };
}

describe('process tree', () => {
  test('listDescendants finds children and grandchildren', async (t) => {
    const tree = await spawnThreeLevels();
    t.after(tree.killAll);
    const found = listDescendants(tree.root).map((entry) => entry.pid);
    assert.deepEqual(found, tree.pids.slice(1));
    assert.deepEqual(listDescendants(tree.pids[2] ?? 0), []);
  });

  test('killProcessTree kills every level, even when the root is already gone', async () => {
    const tree = await spawnThreeLevels();
    const known = listDescendants(tree.root);
    await tree.stop();
    assert.equal(isRunning(tree.root), false);
    assert.equal(isRunning(tree.pids[1] ?? 0), true);
    killProcessTree(trackProcess(tree.root), known);
    for (const pid of tree.pids) assert.equal(await waitUntilGone(pid), true, `process ${pid} still running`);
  });

  test('killProcessTree finds descendants that appeared after the list was taken', async () => {
    const tree = await spawnThreeLevels();
    const root = trackProcess(tree.root);
    killProcessTree(root, []);
    for (const pid of tree.pids) assert.equal(await waitUntilGone(pid), true, `process ${pid} still running`);
  });

  test('a recorded process whose start time no longer matches its PID is left alone', async (t) => {
    // Echoes its standard input: an answer to a line sent after the kill proves it survived it.
    const sleeper = spawn(process.execPath, ['-e', 'process.stdin.pipe(process.stdout)'], { stdio: ['pipe', 'pipe', 'ignore'] });
    t.after(() => stopProcess(sleeper));
    assert.ok(sleeper.pid !== undefined);
    const tracked = trackProcess(sleeper.pid);
    if (process.platform === 'linux') assert.match(tracked.startTime ?? '', /^\d+$/);
    killProcessTree({ pid: sleeper.pid, startTime: 'not-its-start-time' }, []);
    const answer = new Promise<string>((resolve, reject) => {
      sleeper.stdout.once('data', (data: Buffer) => resolve(data.toString('utf8')));
      sleeper.once('exit', (code, signal) => reject(new Error(`killed anyway (${String(signal ?? code)})`)));
    });
    sleeper.stdin.on('error', () => undefined);
    sleeper.stdin.write('still here\n');
    assert.equal(await answer, 'still here\n');
    assert.equal(isProcessPresent(sleeper.pid), true);
    assert.equal(isRunning(sleeper.pid), true);
    killProcessTree(tracked, []);
    assert.equal(await waitUntilGone(sleeper.pid), true);
  });
});
