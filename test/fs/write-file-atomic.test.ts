import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporaryPathFor, writeFileAtomic } from '../../src/fs/write-file-atomic.js';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-risk-atomic-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('writeFileAtomic', () => {
  test('replaces the file whole, returns the bytes written and leaves no temporary file', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'out.json');
    await writeFile(path, 'old');
    assert.equal(await writeFileAtomic(path, 'né\n'), 4);
    assert.equal(await readFile(path, 'utf8'), 'né\n');
    assert.deepEqual(await readdir(dir), ['out.json']);
  });

  test('writes the concatenation of pieces, across chunk boundaries', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'big.txt');
    const piece = 'x'.repeat(300_000);
    assert.equal(await writeFileAtomic(path, [piece, piece, piece, piece, 'end'], { temporary: 'fixed' }), 1_200_003);
    assert.equal(await readFile(path, 'utf8'), `${piece.repeat(4)}end`);
    assert.deepEqual(await readdir(dir), ['big.txt']);
  });

  test('sets the given mode exactly, whatever the umask', async (t) => {
    if (process.platform === 'win32') return;
    const dir = await tempDir(t);
    const path = join(dir, 'secret.json');
    await writeFileAtomic(path, '{}', { mode: 0o600 });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    await writeFileAtomic(path, '{}', { mode: 0o640 });
    assert.equal((await stat(path)).mode & 0o777, 0o640);
  });

  test('the fixed temporary file is .<name>.tmp and a leftover there is overwritten', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'catalogue.json');
    assert.equal(temporaryPathFor(path), join(dir, '.catalogue.json.tmp'));
    await writeFile(temporaryPathFor(path), 'torn');
    await writeFileAtomic(path, 'whole', { temporary: 'fixed' });
    assert.equal(await readFile(path, 'utf8'), 'whole');
    assert.deepEqual(await readdir(dir), ['catalogue.json']);
  });

  test('a failed rename keeps the old content and removes the temporary file', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'taken');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'kept');
    await assert.rejects(writeFileAtomic(path, 'new'), (error: NodeJS.ErrnoException) => error.code === 'EISDIR');
    assert.deepEqual(await readdir(dir), ['taken']);
    assert.equal(await readFile(join(path, 'inside'), 'utf8'), 'kept');
  });
});
