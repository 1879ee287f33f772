import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLowdbStore } from '../../src/catalogue/lowdb-store.js';
import { StoreLockedError } from '../../src/catalogue/store-errors.js';
import { InputError } from '../../src/errors.js';
import { makeServerRecord, serverId } from './fixtures/catalogue-records.js';
import { describeStoreConformance } from './store-conformance.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const ROOT = join(FIXTURES, '..', '..', '..');

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-risk-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens stores at `<dir>/catalogue.json`, collecting warnings, closing them after the test. */
async function storeAt(t: TestContext): Promise<{
  dir: string;
  path: string;
  warnings: string[];
  open: (options: { write: boolean; compactEvery?: number }) => ReturnType<typeof openLowdbStore>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-risk-store-'));
  const path = join(dir, 'catalogue.json');
  const warnings: string[] = [];
  const opened: Awaited<ReturnType<typeof openLowdbStore>>[] = [];
  t.after(async () => {
    for (const store of opened) await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    dir,
    path,
    warnings,
    open: async (options) => {
      const store = await openLowdbStore(path, { ...options, onWarning: (message) => warnings.push(message) });
      opened.push(store);
      return store;
    },
  };
}

function spawnFixture(
  t: TestContext,
  script: string,
  args: string[],
): { child: ChildProcessWithoutNullStreams; lines: string[]; waitFor: (predicate: (lines: string[]) => boolean) => Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, script), ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (data: Buffer) => {
    const text = partial + data.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString('utf8');
  });
  const waitFor = (predicate: (lines: string[]) => boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (predicate(lines)) {
          listeners.delete(check);
          resolve();
        }
      };
      listeners.add(check);
      child.once('exit', (code, signal) => {
        if (!predicate(lines)) reject(new Error(`${script} exited (${code ?? signal}) before it was expected: ${stderr.slice(-2000)}`));
      });
      check();
    });
  return { child, lines, waitFor };
}

function killAndWait(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(child.pid !== undefined);
  return child.pid;
}

describeStoreConformance({
  name: 'lowdb',
  createLocation: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-risk-store-'));
    const path = join(dir, 'catalogue.json');
    return {
      open: (options) => openLowdbStore(path, { ...options, onWarning: (message) => assert.fail(`unexpected warning: ${message}`) }),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
});

describe('lowdb store: files', () => {
  test('the snapshot is a lowdb JSON document, one record per line, ids in order', async (t) => {
    const { path, open } = await storeAt(t);
    const store = await open({ write: true });
    for (const index of [3, 1, 2]) await store.put(makeServerRecord(index));
    await store.close();
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    assert.equal(lines[0], '{"schemaVersion":1,"servers":{');
    assert.equal(lines[1], `${JSON.stringify(serverId(1))}:${JSON.stringify(makeServerRecord(1))},`);
    assert.equal(lines[3], `${JSON.stringify(serverId(3))}:${JSON.stringify(makeServerRecord(3))}`);
    assert.deepEqual(lines.slice(4), ['}}', '']);
    const parsed = JSON.parse(text) as { schemaVersion: number; servers: Record<string, unknown> };
    assert.equal(parsed.schemaVersion, 1);
    assert.deepEqual(Object.keys(parsed.servers), [serverId(1), serverId(2), serverId(3)]);
  });

  test('an empty catalogue closed by its writer is {"schemaVersion":1,"servers":{}}', async (t) => {
    const { dir, path, open } = await storeAt(t);
    await (await open({ write: true })).close();
    assert.equal(await readFile(path, 'utf8'), '{"schemaVersion":1,"servers":{}}\n');
    assert.deepEqual(await readdir(dir), ['catalogue.json']);
  });

  test('while open: snapshot, journal and lock, no temporary file; after close: the catalogue alone', async (t) => {
    const { dir, path, open } = await storeAt(t);
    const store = await open({ write: true, compactEvery: 4 });
    for (let i = 0; i < 10; i += 1) await store.put(makeServerRecord(i));
    assert.deepEqual((await readdir(dir)).sort(), ['catalogue.json', 'catalogue.json.journal.jsonl', 'catalogue.json.lock']);
    const journal = await readFile(`${path}.journal.jsonl`, 'utf8');
    // Compacted at 4 and 8 records: the journal holds the last two, one line each.
    assert.deepEqual(journal.split('\n'), [JSON.stringify(makeServerRecord(8)), JSON.stringify(makeServerRecord(9)), '']);
    const lock = JSON.parse(await readFile(`${path}.lock`, 'utf8')) as { pid: number; host: string; startedAt: string };
    assert.equal(lock.pid, process.pid);
    assert.equal(lock.host, hostname());
    assert.ok(!Number.isNaN(Date.parse(lock.startedAt)));
    await store.close();
    assert.deepEqual(await readdir(dir), ['catalogue.json']);
  });

  test('a put resolves with its record already in the journal file', async (t) => {
    const { path, open } = await storeAt(t);
    const store = await open({ write: true });
    await store.put(makeServerRecord(5));
    assert.equal(await readFile(`${path}.journal.jsonl`, 'utf8'), `${JSON.stringify(makeServerRecord(5))}\n`);
  });

  test('a temporary snapshot left by a crash is removed when a writer opens', async (t) => {
    const { dir, open } = await storeAt(t);
    await writeFile(join(dir, '.catalogue.json.tmp'), '{"schemaVersion":1,"serv');
    const store = await open({ write: true });
    await store.put(makeServerRecord(1));
    await store.close();
    assert.deepEqual(await readdir(dir), ['catalogue.json']);
  });

  test('creates the directory of a new catalogue', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'data', 'nested', 'catalogue.json');
    const store = await openLowdbStore(path, { write: true });
    await store.put(makeServerRecord(1));
    await store.close();
    assert.equal((await openLowdbStore(path, { write: false })).size(), 1);
  });

  test('a reader of a catalogue that does not exist is told so', async (t) => {
    const { path, open } = await storeAt(t);
    await assert.rejects(open({ write: false }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, 'input-unreadable');
      assert.equal(error.message, `there is no catalogue at ${path} (mcp-risk crawl creates it)`);
      return true;
    });
  });
});

describe('lowdb store: refusing files it does not read', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', 'this is not json', /is not valid JSON/],
    ['a snapshot cut short', '{"schemaVersion":1,"servers":{"npm:a":{"id":"npm:a"', /is not valid JSON/],
    ['an empty file', '', /is not valid JSON/],
    ['another schemaVersion', '{"schemaVersion":2,"servers":{}}', /has schemaVersion 2; this version of mcp-risk reads 1/],
    ['no schemaVersion', '{"servers":{}}', /has no schemaVersion/],
    ['an array', '[]', /not a JSON object/],
    ['servers not an object', '{"schemaVersion":1,"servers":[]}', /no "servers" object/],
    [
      'a record that is not one',
      '{"schemaVersion":1,"servers":{"npm:a":{"id":"npm:a"}}}',
      /server "npm:a" is not a catalogue record \(no name\)/,
    ],
    [
      'a record under another id',
      `{"schemaVersion":1,"servers":{"npm:a":${JSON.stringify(makeServerRecord(1))}}}`,
      /the record under "npm:a" has another id/,
    ],
  ];
  for (const [label, content, message] of cases) {
    test(`${label}: refused by writers and readers with input-invalid, and left untouched`, async (t) => {
      const { dir, path, open } = await storeAt(t);
      await writeFile(path, content);
      for (const write of [true, false]) {
        await assert.rejects(open({ write }), (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.code, 'input-invalid');
          assert.equal(error.next, 'fix-input');
          assert.match(error.message, message);
          assert.match(error.message, /was left untouched; move it away or use another catalogue file\.$/);
          return true;
        });
      }
      assert.equal(await readFile(path, 'utf8'), content);
      // No lock left behind, no journal created.
      assert.deepEqual(await readdir(dir), ['catalogue.json']);
    });
  }
});

describe('lowdb store: journal', () => {
  test('a torn last line is ignored with a warning by readers, and compacted away by the next writer', async (t) => {
    const { dir, path, warnings, open } = await storeAt(t);
    const writer = await open({ write: true });
    await writer.put(makeServerRecord(1));
    await writer.put(makeServerRecord(2));
    await writer.close();
    // A crash mid-append: a journal with one whole record and a torn one.
    const torn = JSON.stringify(makeServerRecord(4)).slice(0, 120);
    await writeFile(`${path}.journal.jsonl`, `${JSON.stringify(makeServerRecord(3))}\n${torn}`);
    const reader = await open({ write: false });
    assert.deepEqual(
      reader.list().map((record) => record.id),
      [serverId(1), serverId(2), serverId(3)],
    );
    assert.deepEqual(warnings, [
      `ignored an incomplete record at the end of ${path}.journal.jsonl (120 bytes): a put cut short by a crash, which had not resolved`,
    ]);
    const again = await open({ write: true });
    assert.equal(warnings.length, 2);
    assert.equal(again.size(), 3);
    assert.equal(again.stats().snapshotWrites, 1);
    assert.equal(await readFile(`${path}.journal.jsonl`, 'utf8'), '');
    await again.put(makeServerRecord(4));
    await again.close();
    assert.deepEqual(await readdir(dir), ['catalogue.json']);
    const last = await open({ write: false });
    assert.equal(last.size(), 4);
    assert.deepEqual(last.get(serverId(4)), makeServerRecord(4));
    assert.equal(warnings.length, 2);
  });

  test('a whole line that is not a record, at the end, is a torn write too', async (t) => {
    const { path, warnings, open } = await storeAt(t);
    await writeFile(`${path}.journal.jsonl`, `${JSON.stringify(makeServerRecord(1))}\n\u0000\u0000\u0000\n`);
    const reader = await open({ write: false });
    assert.equal(reader.size(), 1);
    assert.equal(warnings.length, 1);
  });

  test('a bad line followed by records is refused, and the journal left untouched', async (t) => {
    const { path, open } = await storeAt(t);
    const content = `${JSON.stringify(makeServerRecord(1))}\n{"id":\n${JSON.stringify(makeServerRecord(2))}\n`;
    await writeFile(`${path}.journal.jsonl`, content);
    for (const write of [true, false]) {
      await assert.rejects(open({ write }), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.code, 'input-invalid');
        assert.match(
          error.message,
          /^line 2 of the catalogue journal .* is not a record, and valid records follow it: this is not a torn write\./,
        );
        return true;
      });
    }
    assert.equal(await readFile(`${path}.journal.jsonl`, 'utf8'), content);
  });

  test('a journal without a snapshot (a crash before the first compaction) is read', async (t) => {
    const { path, open } = await storeAt(t);
    await writeFile(
      `${path}.journal.jsonl`,
      `${JSON.stringify(makeServerRecord(1))}\n${JSON.stringify(makeServerRecord(1, { tools: 2 }))}\n`,
    );
    const reader = await open({ write: false });
    assert.equal(reader.size(), 1);
    assert.equal(reader.get(serverId(1))?.report.tools.length, 2);
  });

  test('a record put again after a compaction replaces the snapshot one on replay', async (t) => {
    const { path, open } = await storeAt(t);
    const writer = await open({ write: true, compactEvery: 2 });
    await writer.put(makeServerRecord(1));
    await writer.put(makeServerRecord(2));
    assert.equal(writer.stats().snapshotWrites, 1);
    await writer.put(makeServerRecord(1, { tools: 6 }));
    const reader = await open({ write: false });
    assert.equal(reader.get(serverId(1))?.report.tools.length, 6);
    assert.equal(JSON.parse(await readFile(path, 'utf8')).servers[serverId(1)].report.tools.length, 3);
  });
});

describe('lowdb store: lock', () => {
  test('a lock left by a dead process is taken over, with a warning', async (t) => {
    const { path, warnings, open } = await storeAt(t);
    const pid = await deadPid();
    await writeFile(`${path}.lock`, JSON.stringify({ pid, startedAt: '2026-01-01T00:00:00.000Z', host: hostname() }));
    const store = await open({ write: true });
    assert.deepEqual(warnings, [
      `took over the lock of ${path} left by process ${pid} on ${hostname()} (since 2026-01-01T00:00:00.000Z), which is no longer running`,
    ]);
    assert.equal((JSON.parse(await readFile(`${path}.lock`, 'utf8')) as { pid: number }).pid, process.pid);
    await store.put(makeServerRecord(1));
  });

  test('a lock held by a live process is refused, naming it and how to remove a stale lock', async (t) => {
    const { path, open } = await storeAt(t);
    const holder = spawnFixture(t, 'hold-store.ts', [path]);
    await holder.waitFor((lines) => lines.includes('locked'));
    await assert.rejects(open({ write: true }), (error: unknown) => {
      assert.ok(error instanceof StoreLockedError);
      assert.equal(error.holder?.pid, holder.child.pid);
      assert.equal(error.lockPath, `${path}.lock`);
      assert.equal(
        error.message,
        `The catalogue ${path} is locked by process ${holder.child.pid} on ${hostname()} (since ${error.holder?.startedAt}): ` +
          `another crawl is writing it; wait for it to finish. If no mcp-risk process is writing it, the lock is stale: delete ${path}.lock and run again.`,
      );
      return true;
    });
    const reader = await open({ write: false });
    assert.equal(reader.size(), 0);
    await killAndWait(holder.child);
    const store = await open({ write: true });
    assert.equal(store.writable, true);
  });

  test('a lock from another host is refused (its process cannot be checked)', async (t) => {
    const { path, open } = await storeAt(t);
    await writeFile(
      `${path}.lock`,
      JSON.stringify({ pid: await deadPid(), startedAt: '2026-01-01T00:00:00.000Z', host: 'elsewhere.example' }),
    );
    await assert.rejects(
      open({ write: true }),
      (error: unknown) => error instanceof StoreLockedError && / on elsewhere\.example /.test(error.message),
    );
  });

  test('a lock file that names nobody is refused while fresh, taken over once a minute old', async (t) => {
    const { path, warnings, open } = await storeAt(t);
    await writeFile(`${path}.lock`, '');
    await assert.rejects(open({ write: true }), (error: unknown) => {
      assert.ok(error instanceof StoreLockedError);
      assert.equal(error.holder, null);
      assert.match(error.message, /exists but does not say by whom/);
      return true;
    });
    const old = new Date(Date.now() - 120_000);
    await utimes(`${path}.lock`, old, old);
    await open({ write: true });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /named no process and was 1\d\d s old$/);
  });
});

describe('lowdb store: durability', () => {
  test('after kill -9 mid-crawl, every record whose put resolved is there, once, in a valid file', async (t) => {
    const { path, warnings, open } = await storeAt(t);
    const writer = spawnFixture(t, 'put-records.ts', [path, '100000', '50', '4']);
    await writer.waitFor((lines) => lines.length >= 400);
    await killAndWait(writer.child);
    const printed = [...writer.lines];
    assert.ok(printed.length >= 400 && !printed.includes('done'));
    assert.equal(new Set(printed).size, printed.length);

    const reader = await open({ write: false });
    const ids = reader.list().map((record) => record.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.length >= printed.length);
    for (const id of printed) {
      const index = Number(id.slice(id.lastIndexOf('-') + 1));
      assert.deepEqual(reader.get(id), makeServerRecord(index));
    }
    JSON.parse(await readFile(path, 'utf8'));

    // The dead writer's lock is taken over; the journal is folded into a valid snapshot.
    const reopened = await open({ write: true });
    assert.equal(reopened.size(), ids.length);
    assert.ok(warnings.some((message) => message.startsWith(`took over the lock of ${path} left by process ${writer.child.pid} `)));
    await reopened.close();
    const snapshot = JSON.parse(await readFile(path, 'utf8')) as { servers: Record<string, unknown> };
    assert.deepEqual(Object.keys(snapshot.servers), ids);
  });
});

describe('lowdb store: writes grow linearly', () => {
  async function writeRecords(
    t: TestContext,
    count: number,
  ): Promise<{ snapshotWrites: number; bytesWritten: number; journalBytes: number }> {
    const { open } = await storeAt(t);
    const store = await open({ write: true, compactEvery: 100 });
    for (let start = 0; start < count; start += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(makeServerRecord(start + i, { tools: 1 }))));
    }
    await store.close();
    let journalBytes = 0;
    for (let i = 0; i < count; i += 1) journalBytes += Buffer.byteLength(JSON.stringify(makeServerRecord(i, { tools: 1 }))) + 1;
    return { ...store.stats(), journalBytes };
  }

  test('snapshot writes stay within ceil(N / compactEvery) + 1, bytes written within a constant factor of the records', async (t) => {
    const small = await writeRecords(t, 1000);
    const large = await writeRecords(t, 2000);
    assert.ok(small.snapshotWrites <= Math.ceil(1000 / 100) + 1, `1000 records: ${small.snapshotWrites} snapshot writes`);
    assert.ok(large.snapshotWrites <= Math.ceil(2000 / 100) + 1, `2000 records: ${large.snapshotWrites} snapshot writes`);
    // Twice the records, about twice the bytes (a snapshot rewrite per 100 records would give about 4 times).
    const ratio = large.bytesWritten / small.bytesWritten;
    assert.ok(ratio > 1.8 && ratio < 2.4, `bytes ratio ${ratio.toFixed(2)}`);
    for (const run of [small, large]) {
      assert.ok(run.bytesWritten < 4 * run.journalBytes, `${run.bytesWritten} bytes for ${run.journalBytes} bytes of records`);
    }
  });
});

describe('lowdb store: concurrent readers and failures', () => {
  test('readers opened during writes and compactions see whole files and every resolved put', async (t) => {
    const { path, open } = await storeAt(t);
    const writer = await open({ write: true, compactEvery: 5 });
    let resolved = 0;
    let writing = true;
    const writes = (async () => {
      for (let i = 0; i < 150; i += 1) {
        await writer.put(makeServerRecord(i, { tools: 1 }));
        resolved += 1;
        if (i % 10 === 9) await writer.flush();
      }
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const before = resolved;
      const reader = await openLowdbStore(path, { write: false, onWarning: () => {} });
      assert.ok(reader.size() >= before, `a reader saw ${reader.size()} records after ${before} puts had resolved`);
      JSON.parse(await readFile(path, 'utf8').catch(() => '{}'));
      reads += 1;
    }
    await writes;
    assert.ok(reads >= 2, `${reads} reads`);
    assert.ok(writer.stats().snapshotWrites >= 15);
  });

  test('a failed compaction loses nothing: puts resolve, flush and close reject, the journal keeps the records', async (t) => {
    const { dir, path, warnings, open } = await storeAt(t);
    // Opened outside the harness: this writer's close fails, by design.
    const writer = await openLowdbStore(path, { write: true, compactEvery: 3, onWarning: (message) => warnings.push(message) });
    // A directory where the temporary snapshot goes makes every snapshot write fail.
    await mkdir(join(dir, '.catalogue.json.tmp'));
    for (let i = 0; i < 4; i += 1) await writer.put(makeServerRecord(i));
    assert.equal(writer.stats().snapshotWrites, 0);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] ?? '',
      new RegExp(`^compacting the catalogue ${path} failed \\(EISDIR: .*\\); its records are safe in the journal$`),
    );
    await assert.rejects(writer.flush(), /EISDIR/);
    await assert.rejects(writer.close(), /EISDIR/);
    // The lock is released all the same.
    assert.deepEqual((await readdir(dir)).sort(), ['.catalogue.json.tmp', 'catalogue.json.journal.jsonl']);
    await rm(join(dir, '.catalogue.json.tmp'), { recursive: true });
    const reopened = await open({ write: true });
    assert.deepEqual(
      reopened.list().map((record) => record.id),
      [0, 1, 2, 3].map((i) => serverId(i)),
    );
    await reopened.close();
    assert.deepEqual(await readdir(dir), ['catalogue.json']);
  });
});
