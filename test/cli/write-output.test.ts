import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { writeOutputStream } from '../../src/cli/write-output.js';
import { InputError } from '../../src/errors.js';
import { memoryIo } from './cli-io.js';

const PIECE = 'x'.repeat(1023) + '\n';
const PIECES = 8 * 1024;

describe('writeOutputStream', () => {
  test('writes pieces as they come and waits for a full stdout to drain: what is pending stays bounded', async () => {
    let produced = 0;
    let received = 0;
    let writesWhileFull = 0;
    let maxAhead = 0;
    const stdout = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        setImmediate(callback);
      },
    });
    const write = stdout.write.bind(stdout);
    const guarded = Object.assign(stdout, {
      write: (text: string) => {
        if (stdout.writableNeedDrain) writesWhileFull += 1;
        return write(text);
      },
    });
    async function* pieces(): AsyncGenerator<string> {
      for (let i = 0; i < PIECES; i++) {
        produced += PIECE.length;
        maxAhead = Math.max(maxAhead, produced - received);
        yield PIECE;
      }
    }
    const io = { ...memoryIo(), stdout: guarded };
    await writeOutputStream(pieces(), undefined, io);
    await new Promise<void>((resolveEnd) => stdout.end(resolveEnd));
    assert.equal(received, PIECES * PIECE.length);
    assert.equal(writesWhileFull, 0);
    assert.ok(maxAhead < 1024 * 1024, `${maxAhead} characters produced ahead of what stdout took`);
  });

  test('--out: written atomically as the pieces come; a failing source leaves no file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-risk-write-'));
    try {
      const io = memoryIo({ cwd: dir });
      async function* good(): AsyncGenerator<string> {
        for (let i = 0; i < 600; i++) yield PIECE;
      }
      await writeOutputStream(good(), 'out/report.json', io);
      assert.equal(await readFile(join(dir, 'out', 'report.json'), 'utf8'), PIECE.repeat(600));
      async function* failing(): AsyncGenerator<string> {
        for (let i = 0; i < 600; i++) yield PIECE;
        throw new InputError('input-invalid', 'line 601 is not JSON');
      }
      await assert.rejects(writeOutputStream(failing(), 'out/other.json', io), { message: 'line 601 is not JSON' });
      await assert.rejects(readFile(join(dir, 'out', 'other.json')), { code: 'ENOENT' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
