import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/connectors/connect.js';
import { ServerError } from '../../src/errors.js';
import { freePort, startEverything, startFlowforgeHttp } from '../fixtures/servers/fixture-processes.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

function assertServerError(code: string, message: RegExp | string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof ServerError, `expected a ServerError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  };
}

/** A plain HTTP server on 127.0.0.1 whose answers the tests choose by path. */
describe('connect over HTTP to misbehaving endpoints', () => {
  let server: Server;
  let base = '';
  const seenHeaders: IncomingHttpHeaders[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seenHeaders.push(req.headers);
      const path = (req.url ?? '').split('?')[0];
      if (path === '/500') res.writeHead(500, { 'content-type': 'text/plain' }).end('database is down');
      else if (path === '/403') res.writeHead(403).end();
      else if (path === '/auth') {
        if (req.headers.authorization === 'Bearer t0k3n') res.writeHead(500).end('authorized but broken');
        else res.writeHead(401, { 'content-type': 'text/plain' }).end('missing token');
      } else if (path === '/basic') {
        // user "us er", password "p@ss:w0rd/x", percent-encoded in the URL.
        const expected = `Basic ${Buffer.from('us er:p@ss:w0rd/x').toString('base64')}`;
        if (req.headers.authorization === expected) res.writeHead(500).end('authorized but broken');
        else res.writeHead(401, { 'content-type': 'text/plain' }).end('missing token');
      } else if (path === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome</body></html>');
      else if (path === '/hang') req.resume();
      else if (path === '/huge') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
          while (sent < 40) {
            sent += 1;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        pump();
      } else res.writeHead(404).end('<!DOCTYPE html><title>404</title><pre>Not here</pre>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('connection refused: connection-failed for every transport', async () => {
    const port = await freePort();
    for (const transport of ['auto', 'http', 'sse'] as const) {
      await assert.rejects(
        connect({ kind: 'url', url: `http://127.0.0.1:${port}/mcp`, transport }, { timeoutMs: SAFETY_NET_MS }),
        assertServerError('connection-failed', `cannot connect to http://127.0.0.1:${port}/mcp: connection refused (ECONNREFUSED)`),
      );
    }
  });

  test('HTTP 500: http-error with the status and the body', async () => {
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/500`, transport: 'auto' }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('http-error', `HTTP 500 from ${base}/500: database is down`),
    );
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/500`, transport: 'sse' }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('http-error', `HTTP 500 from ${base}/500 (SSE stream)`),
    );
  });

  test('HTTP 401 and 403: http-error, no fallback to SSE; headers are sent', async () => {
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/auth`, transport: 'auto' }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('http-error', `HTTP 401 from ${base}/auth: missing token`),
    );
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/403?token=secret`, transport: 'auto' }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('http-error', `HTTP 403 from ${base}/403`),
    );
    seenHeaders.length = 0;
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/auth`, headers: { Authorization: 'Bearer t0k3n' } }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('http-error', `HTTP 500 from ${base}/auth: authorized but broken`),
    );
    assert.equal(seenHeaders[0]?.authorization, 'Bearer t0k3n');
    assert.equal(seenHeaders[0]?.['content-type'], 'application/json');
  });

  test('404 under auto: falls back to SSE, then reports both', async () => {
    seenHeaders.length = 0;
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/nothing`, transport: 'auto', headers: { 'X-Api-Key': 'k1' } }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('http-error', `streamable HTTP answered 404, legacy SSE failed too: HTTP 404 from ${base}/nothing (SSE stream)`),
    );
    assert.equal(seenHeaders.length, 2);
    assert.equal(seenHeaders[0]?.['x-api-key'], 'k1');
    assert.equal(seenHeaders[1]?.['x-api-key'], 'k1');
    assert.equal(seenHeaders[1]?.accept, 'text/event-stream');
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/nothing`, transport: 'http' }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('http-error', `HTTP 404 from ${base}/nothing: 404 Not here`),
    );
  });

  test('an answer that is not MCP: protocol-error', async () => {
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/html` }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('protocol-error', `${base}/html did not answer initialize as MCP: Unexpected content type: text/html`),
    );
  });

  test('no answer: server-timeout within the budget', async () => {
    const start = performance.now();
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/hang`, transport: 'auto' }, { timeoutMs: 800 }),
      assertServerError('server-timeout', 'no answer to initialize within 800 ms'),
    );
    const elapsed = performance.now() - start;
    assert.ok(elapsed >= 750 && elapsed < 1500, `took ${elapsed} ms`);
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/hang`, transport: 'sse' }, { timeoutMs: 500 }),
      assertServerError('server-timeout', 'no answer to initialize within 500 ms'),
    );
  });

  test('an endless answer: output-limit', async () => {
    await assert.rejects(
      connect({ kind: 'url', url: `${base}/huge`, transport: 'http' }, { timeoutMs: SAFETY_NET_MS }),
      assertServerError('output-limit', `${base} sent more than 33554432 bytes in one response`),
    );
  });

  test('credentials in the URL are sent as Basic auth, never echoed; an explicit Authorization header wins', async () => {
    const withCredentials = base.replace('http://', 'http://us%20er:p%40ss%3Aw0rd%2Fx@');
    for (const transport of ['auto', 'http', 'sse'] as const) {
      seenHeaders.length = 0;
      await assert.rejects(connect({ kind: 'url', url: `${withCredentials}/basic`, transport }, { timeoutMs: 3000 }), (error: unknown) => {
        assert.ok(error instanceof ServerError, String(error));
        assert.equal(error.code, 'http-error');
        assert.match(error.message, new RegExp(`^HTTP 500 from ${base}/basic`));
        assert.equal(error.message.includes('w0rd'), false);
        return true;
      });
      assert.equal(seenHeaders[0]?.authorization, `Basic ${Buffer.from('us er:p@ss:w0rd/x').toString('base64')}`);
    }
    seenHeaders.length = 0;
    await assert.rejects(
      connect({ kind: 'url', url: `${withCredentials}/auth`, headers: { authorization: 'Bearer t0k3n' } }, { timeoutMs: 3000 }),
      assertServerError('http-error', `HTTP 500 from ${base}/auth: authorized but broken`),
    );
    assert.equal(seenHeaders[0]?.authorization, 'Bearer t0k3n');
  });

  test('URLs we cannot use: connection-failed without echoing the URL', async () => {
    await assert.rejects(
      connect({ kind: 'url', url: 'http//user:secret@host' }, { timeoutMs: 1000 }),
      assertServerError('connection-failed', 'the server URL is not a valid URL'),
    );
    await assert.rejects(
      connect({ kind: 'url', url: 'ftp://127.0.0.1/mcp' }, { timeoutMs: 1000 }),
      assertServerError('connection-failed', 'unsupported URL scheme "ftp:" (use http: or https:)'),
    );
  });
});

describe('connect over HTTP to working servers', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-risk-http-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('streamable HTTP: an initialized client whose calls reach the server', async (t) => {
    const callLog = join(dir, 'calls.jsonl');
    const flowforge = await startFlowforgeHttp({ FLOWFORGE_CALL_LOG: callLog });
    t.after(() => flowforge.stop());
    const connection = await connect({ kind: 'url', url: flowforge.url }, { timeoutMs: SAFETY_NET_MS });
    try {
      assert.equal(connection.transport, 'http');
      assert.match(connection.protocolVersion, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(connection.stderrTail(), '');
      assert.deepEqual(connection.client.getServerVersion(), { name: 'flowforge', version: '1.4.0' });
      await connection.client.callTool({ name: 'flowforge_add_tag', arguments: { workflowId: 'wf_1', tag: 'nightly' } });
      const logged = JSON.parse(readFileSync(callLog, 'utf8').trim()) as { tool: string; arguments: unknown };
      assert.deepEqual([logged.tool, logged.arguments], ['flowforge_add_tag', { workflowId: 'wf_1', tag: 'nightly' }]);
    } finally {
      await connection.close();
      await connection.close();
    }
  });

  test('legacy SSE: transport sse, and auto falls back to it', async (t) => {
    const everything = await startEverything('sse');
    t.after(() => everything.stop());
    for (const transport of ['sse', 'auto'] as const) {
      const connection = await connect({ kind: 'url', url: everything.url, transport }, { timeoutMs: SAFETY_NET_MS });
      try {
        assert.equal(connection.transport, 'sse');
        assert.match(connection.protocolVersion, /^\d{4}-\d{2}-\d{2}$/);
        assert.equal(connection.client.getServerVersion()?.name, 'mcp-servers/everything');
        const listed = await connection.client.listTools();
        assert.ok(listed.tools.some((tool) => tool.name === 'echo'));
      } finally {
        await connection.close();
      }
    }
  });
});
