/**
 * Which servers `scan` reaches, and how: URLs with credentials, the client configs found on the
 * machine (their variables, where each server came from, the same server in several clients).
 * Real fixture servers over real stdio and HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run } from '../../src/cli/run.js';
import type { ScanReport } from '../../src/model.js';
import { FLOWFORGE_TOOLS } from '../fixtures/servers/flowforge-tools.mjs';
import { startFlowforgeHttp } from '../fixtures/servers/fixture-processes.js';
import { memoryIo } from './cli-io.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-risk-targets-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function parse(text: string): ScanReport {
  return JSON.parse(text) as ScanReport;
}

describe('scan of a URL with credentials', () => {
  test('user:password in the URL: scanned with Basic auth, exit 0, the password printed nowhere', async (t) => {
    const flowforge = await startFlowforgeHttp();
    t.after(() => flowforge.stop());
    const password = 'pw-canary-93c1d7';
    const url = flowforge.url.replace('http://', `http://alice:${password}@`);
    for (const format of ['json', 'table']) {
      const io = memoryIo();
      const code = await run(['scan', '--format', format, '--timeout', '10000', url], io);
      assert.equal(code, 0, io.err());
      assert.equal(io.out().includes(password), false, `${format} output leaks the password`);
      assert.equal(io.err().includes(password), false);
      if (format === 'json') {
        const server = parse(io.out()).servers[0];
        assert.equal(server?.target, flowforge.url);
        assert.equal(server?.tools.length, FLOWFORGE_TOOLS.length);
      }
    }
  });
});
