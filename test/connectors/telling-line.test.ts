import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { connect } from '../../src/connectors/connect.js';
import { tellingLine } from '../../src/connectors/telling-line.js';
import { ServerError } from '../../src/errors.js';
import { FIXTURE_DIR } from '../fixtures/servers/fixture-processes.js';

const CRASHING = join(FIXTURE_DIR, 'crashing.mjs');

/** The message a real crashing fixture server's connect fails with. */
async function crashMessage(mode: string): Promise<string> {
  try {
    const connection = await connect({ kind: 'stdio', command: process.execPath, args: [CRASHING, mode] }, { timeoutMs: 10_000 });
    await connection.close();
  } catch (error) {
    assert.ok(error instanceof ServerError, String(error));
    assert.equal(error.code, 'server-exited');
    return error.message;
  }
  throw new Error(`the ${mode} fixture did not crash`);
}

describe('the stderr line quoted when a server dies', () => {
  test('a thrown Error: its message, not "Node.js vX" nor the quoted source line', async () => {
    const message = await crashMessage('missing-env');
    assert.equal(message, 'server exited with code 1 before answering initialize (stderr: Error: GITHUB_TOKEN must be set)');
  });

  test('a module that is not installed: "Cannot find module …" / "Cannot find package …"', async () => {
    assert.equal(
      await crashMessage('missing-module'),
      "server exited with code 1 before answering initialize (stderr: Error: Cannot find module 'mcp-risk-fixture-no-such-module')",
    );
    assert.match(
      await crashMessage('missing-package'),
      /\(stderr: Error \[ERR_MODULE_NOT_FOUND\]: Cannot find package 'mcp-risk-fixture-no-such-package' imported from .*crashing\.mjs\)$/,
    );
  });

  test('a TypeError, and an error whose cause says what is required', async () => {
    assert.match(await crashMessage('type-error'), /\(stderr: TypeError: Cannot read properties of undefined \(reading 'port'\)\)$/);
    assert.match(await crashMessage('cause'), /\(stderr: Error: DATABASE_URL is required\)$/);
  });

  test('escape sequences and bidi overrides in the message are removed', async () => {
    assert.match(await crashMessage('escapes'), /\(stderr: Error: API_KEY must be set evil\)$/);
  });

  test('plain text: the last line saying what is missing wins over later chatter; else the last real line', () => {
    assert.equal(tellingLine('Error: retrying in 1s\nfatal: missing API key\n\n'), 'fatal: missing API key');
    assert.equal(tellingLine('listening\nshutting down\n'), 'shutting down');
    assert.equal(
      tellingLine(
        'Traceback (most recent call last):\n  File "server.py", line 3, in <module>\nModuleNotFoundError: No module named \'mcp\'\n',
      ),
      "ModuleNotFoundError: No module named 'mcp'",
    );
    assert.equal(tellingLine('\n\nNode.js v20.20.2\n'), '');
    assert.equal(tellingLine(`Error: ${'x'.repeat(500)}`, 50), `Error: ${'x'.repeat(40)}...`);
  });
});
