/**
 * The crawler's sandbox seen from a crawl, with real list files, the real
 * runner, the real store and the CLI, as root (as CI runs): what a list
 * file's server can see (items 2), HOMEs left by a killed crawl and a full
 * disk (item 4). The hostile servers are fixtures (sandbox-attacker.mjs,
 * hostile.mjs); an ordinary server runs in the same crawl each time.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openLowdbStore } from '../../src/catalogue/lowdb-store.js';
import { crawl } from '../../src/crawler/crawl.js';
import { createServerRunner } from '../../src/crawler/run-server.js';
import { sandboxCommand } from '../../src/crawler/sandbox/sandbox-command.js';
import { listSource } from '../../src/sources/list-source.js';
import { FIXTURE_DIR, FLOWFORGE, HOSTILE, waitUntilGone } from '../fixtures/servers/fixture-processes.js';

const NODE = process.execPath;
const ATTACKER = join(FIXTURE_DIR, 'sandbox-attacker.mjs');
const BIN = join(process.cwd(), 'dist', 'cli', 'main.js');
const CONTEXT = { npmRegistry: 'http://127.0.0.1:9/', cwd: process.cwd(), render: false, pageCap: 10, politeDelayMs: 0, timeoutMs: 30_000 };

let scratch: string;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'mcp-risk-crawl-sandbox-'));
  await chmod(scratch, 0o755);
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A folder readable by others (servers run as an unprivileged user when the crawler is root). */
async function folder(name: string): Promise<string> {
  const dir = join(scratch, name);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  return dir;
}

async function writeList(dir: string, servers: Record<string, { command: string; args: string[] }>): Promise<string> {
  const path = join(dir, 'servers.json');
  await writeFile(path, JSON.stringify({ mcpServers: servers }));
  return path;
}

/** Crawls `list` with the real runner (crawler working folder `cwd`) and returns the stored records by name. */
async function crawlList(list: string, cwd: string, expose: string[] = []) {
  const store = await openLowdbStore(join(await mkdtemp(join(scratch, 'store-')), 'catalogue.json'), { write: true });
  try {
    const runner = createServerRunner({
      nodePath: NODE,
      registry: 'http://127.0.0.1:9/',
      cacheDir: join(scratch, 'cache'),
      cwd,
      allowUnsandboxed: false,
      installTimeoutMs: 30_000,
      expose,
    });
    await crawl({
      store,
      sources: [{ source: listSource, location: list }],
      sourceContext: { ...CONTEXT, cwd },
      runner,
      concurrency: 2,
      timeoutMs: 30_000,
      maxAgeMs: 0,
    });
    return new Map(store.list().map((record) => [record.name, record]));
  } finally {
    await store.close();
  }
}

function attackReport(record: { report: { tools: { name: string; description?: string }[] } } | undefined): Record<string, unknown> {
  const description = record?.report.tools.find((tool) => tool.name === 'attack_report')?.description;
  assert.ok(description !== undefined, 'the attacker listed its report');
  return JSON.parse(description) as Record<string, unknown>;
}

describe("item 2: a list file's server sees the system, its own files and nothing else", () => {
  let project: string;
  let socketServer: Server;
  let socketConnections = 0;

  before(async () => {
    // A project folder the crawl is started from, holding the list file, a secret, the store and a unix socket.
    project = await folder('project');
    await writeFile(join(project, '.env'), 'API_KEY=real-secret-of-the-project\n', { mode: 0o600 });
    await mkdir(join(project, 'data'), { mode: 0o755 });
    await writeFile(join(project, 'data', 'catalogue.json'), '{"the":"whole store"}', { mode: 0o644 });
    await chmod(join(project, 'data', 'catalogue.json'), 0o644);
    socketServer = createServer((socket) => {
      socketConnections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => socketServer.listen(join(project, 'agent.sock'), resolve));
    await chmod(join(project, 'agent.sock'), 0o777);
  });
  after(async () => {
    await new Promise<void>((resolve) => socketServer.close(() => resolve()));
  });

  test("a server cannot read the .env or the store of the crawler's folder, nor reach a unix socket there; absolute script paths work; an ordinary server lists its tools", async () => {
    const list = await writeList(project, {
      thief: { command: NODE, args: [ATTACKER, '--steal'] },
      flowforge: { command: NODE, args: [FLOWFORGE] },
    });
    const records = await crawlList(list, project);
    assert.equal(records.get('thief')?.status, 'ok', JSON.stringify(records.get('thief')?.error));
    assert.deepEqual(attackReport(records.get('thief'))['stolen'], {
      '.env': 'ENOENT',
      'data/catalogue.json': 'ENOENT',
      'agent.sock': 'ENOENT',
    });
    assert.equal(socketConnections, 0);
    assert.equal(records.get('flowforge')?.status, 'ok', JSON.stringify(records.get('flowforge')?.error));
    assert.equal(records.get('flowforge')?.report.tools.length, 45);
  });

  test('--expose makes a folder readable (read-only) for the servers', async () => {
    const list = await writeList(await folder('expose-list'), { thief: { command: NODE, args: [ATTACKER, '--steal'] } });
    const records = await crawlList(list, project, [join(project, 'data')]);
    const stolen = attackReport(records.get('thief'))['stolen'] as Record<string, string>;
    assert.equal(stolen['data/catalogue.json'], 'read:{"the":"whole store"}');
    assert.equal(stolen['.env'], 'ENOENT');
  });

  test("started from the temporary folder, a server cannot read another running server's HOME (HOMEs are private tmpfs folders)", async () => {
    const secret = `home-secret-${process.pid}-${Date.now()}`;
    const keeper = await sandboxCommand(
      {
        command: NODE,
        args: [ATTACKER, '--keep-secret', secret],
        env: {},
        cwd: FIXTURE_DIR,
        readOnlyPaths: [FIXTURE_DIR, join(process.cwd(), 'node_modules')],
      },
      { allowUnsandboxed: false },
    );
    const child = spawn(keeper.command, keeper.args, { env: keeper.env, cwd: keeper.cwd, stdio: ['pipe', 'ignore', 'pipe'] });
    const exited = new Promise((resolve) => child.once('close', resolve));
    try {
      const kept = await new Promise<Record<string, unknown>>((resolve, reject) => {
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          const line = /ATTACK_REPORT (.*)\n/.exec(stderr);
          if (line !== null) resolve(JSON.parse(line[1] as string) as Record<string, unknown>);
        });
        void exited.then(() => reject(new Error(`keeper exited before reporting: ${stderr}`)));
      });
      assert.equal(kept['keptSecret'], 'written');
      // Nothing of the keeper's HOME is on the host.
      assert.equal(existsSync(keeper.home), false);
      const list = await writeList(await folder('snoop-list'), {
        snooper: { command: NODE, args: [ATTACKER, '--read-homes', tmpdir()] },
        flowforge: { command: NODE, args: [FLOWFORGE] },
      });
      const records = await crawlList(list, tmpdir());
      assert.deepEqual(attackReport(records.get('snooper'))['otherHomes'], []);
      assert.equal(records.get('flowforge')?.report.tools.length, 45);
    } finally {
      child.kill('SIGKILL');
      await exited;
      await keeper.dispose();
    }
  });
});

describe('a crawler that is not root', () => {
  test('keeps working as before (bubblewrap as itself) with the new mounts and caps, and says memory is bounded per process only', async () => {
    const work = await folder('non-root');
    await chmod(work, 0o777);
    const list = await writeList(work, {
      attacker: { command: NODE, args: [ATTACKER, '--proc-sys', '--fill-tmp', '64'] },
      flowforge: { command: NODE, args: [FLOWFORGE] },
    });
    const db = join(work, 'catalogue.json');
    const crawlAs = (argv: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', NODE, BIN, ...argv], {
          env: { ...process.env, HOME: work },
          cwd: process.cwd(),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.once('close', (code) => resolve({ code, stdout, stderr }));
      });
    const crawled = await crawlAs(['crawl', '--source', `list:${list}`, '--db', db, '--tmp-size', '16', '--timeout', '60000', '--json']);
    assert.equal(crawled.code, 0, crawled.stderr);
    assert.match(
      crawled.stderr,
      /^mcp-risk: warning: no cgroup can be made for crawled servers .* memory is bounded per process only, by the address-space limit \(16384 MiB\); 256 processes, \/tmp, \/dev\/shm and HOME 16 MiB each$/m,
    );
    const shown = await crawlAs(['catalogue', '--db', db, '--format', 'json']);
    const view = JSON.parse(shown.stdout) as {
      servers: { name: string; status: string; tools: { name: string; description?: string }[] }[];
    };
    const byName = new Map(view.servers.map((server) => [server.name, server]));
    assert.equal(byName.get('flowforge')?.tools.length, 45);
    const report = JSON.parse(byName.get('attacker')?.tools[0]?.description ?? '{}') as {
      procSys: Record<string, string>;
      fillTmp: { bytes: number; error: string };
    };
    assert.deepEqual(Object.values(report.procSys), ['EROFS', 'EROFS', 'EROFS', 'EROFS']);
    assert.equal(report.fillTmp.error, 'ENOSPC');
    assert.ok(report.fillTmp.bytes <= 16 * 1024 * 1024, `wrote ${report.fillTmp.bytes} bytes`);
  });
});

describe('item 4: what a killed crawl leaves, and a full disk', () => {
  test('a crawl killed with -9 leaves no server HOME behind, and the next crawl removes HOMEs that dead crawls left', async () => {
    const temp = await folder('private-tmp');
    // A HOME left by a crawler that is gone (an unsandboxed run killed with -9), and one of a crawler still running.
    const gone = spawn('true');
    await new Promise((resolve) => gone.once('exit', resolve));
    const stale = join(temp, `mcp-risk-home-${gone.pid as number}-abcdef`);
    const live = join(temp, `mcp-risk-home-${process.pid}-ghijkl`);
    await mkdir(stale);
    await writeFile(join(stale, 'secret'), 'left behind');
    await mkdir(live);
    const tag = `silent-${process.pid}-${Date.now()}`;
    const servers: Record<string, { command: string; args: string[] }> = {};
    for (let i = 0; i < 3; i++) servers[`hangs-${i}`] = { command: NODE, args: [HOSTILE, 'silent', tag] };
    servers['flowforge'] = { command: NODE, args: [FLOWFORGE] };
    const list = await writeList(await folder('killed-list'), servers);
    const crawler = spawn(
      NODE,
      [
        BIN,
        'crawl',
        '--source',
        `list:${list}`,
        '--db',
        join(temp, '..', 'killed-catalogue.json'),
        '--concurrency',
        '4',
        '--timeout',
        '600000',
        '--json',
      ],
      {
        env: { ...process.env, TMPDIR: temp },
        stdio: 'ignore',
      },
    );
    const crawlerExited = new Promise((resolve) => crawler.once('exit', resolve));
    // Wait until the three hanging servers run, then kill the crawler.
    const servers3 = await waitForPids(tag, 3);
    assert.equal(existsSync(stale), false, 'the stale HOME was removed when the crawl started');
    crawler.kill('SIGKILL');
    await crawlerExited;
    for (const pid of servers3) assert.equal(await waitUntilGone(pid, 10_000), true, `server ${pid} died with the crawler`);
    assert.deepEqual(
      (await readdir(temp)).filter((name) => name.startsWith('mcp-risk-home-')),
      [`mcp-risk-home-${process.pid}-ghijkl`],
    );
  });

  test('a full disk ends the crawl with one clear line and exit 2, and every server recorded before is kept', async () => {
    const disk = await folder('full-disk');
    const servers: Record<string, { command: string; args: string[] }> = {};
    for (let i = 0; i < 8; i++) servers[`s-${i}`] = { command: NODE, args: [FLOWFORGE] };
    const list = await writeList(await folder('full-list'), servers);
    const db = join(disk, 'catalogue.json');
    // A private mount namespace with a 200 KiB tmpfs on `disk`: the crawl, then a read of what it kept, both inside.
    const script =
      'mount -t tmpfs -o size=200k mcp-risk-full-disk "$1" && "$2" "$3" crawl --source "list:$4" --db "$5" --concurrency 1 --timeout 60000 --json; echo "crawl-exit $?" >&2; echo CATALOGUE; "$2" "$3" catalogue --db "$5" --format json';
    const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', disk, NODE, BIN, list, db], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    await new Promise((resolve) => child.once('close', resolve));
    const lines = stderr.trim().split('\n');
    assert.equal(lines.at(-1), 'crawl-exit 2', stderr);
    assert.match(
      lines.at(-2) ?? '',
      /^mcp-risk: no space left on the disk \(writing the crawl store .* free some space and run the same command again$/,
    );
    assert.doesNotMatch(stderr, /internal error|\n\s+at /);
    // What was recorded before the disk filled up is readable and whole.
    const kept = JSON.parse(stdout.slice(stdout.indexOf('CATALOGUE\n') + 'CATALOGUE\n'.length)) as {
      servers: { name: string; status: string; tools: unknown[] }[];
    };
    assert.ok(kept.servers.length >= 1 && kept.servers.length < 8, `kept ${kept.servers.length}`);
    for (const server of kept.servers) assert.deepEqual([server.status, server.tools.length], ['ok', 45]);
  });
});

/** Waits (polling the process table) until `count` processes have `tag` in their command line; returns their pids. */
async function waitForPids(tag: string, count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        if (argv[0] === NODE && argv.includes(tag)) pids.push(Number(entry));
      } catch {
        // Gone meanwhile.
      }
    }
    if (pids.length >= count) return pids;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${count} processes tagged ${tag} never ran`);
}
