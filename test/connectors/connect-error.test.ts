import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { toServerError } from '../../src/connectors/connect-error.js';
import { ServerError } from '../../src/errors.js';

function mapped(error: unknown): [string, string] | null {
  const result = toServerError(error, 'tools/list', 'http://127.0.0.1:9/mcp');
  return result === null ? null : [result.code, result.message];
}

describe('toServerError', () => {
  test('keeps ServerErrors as they are', () => {
    const original = new ServerError('output-limit', 'too big');
    assert.equal(toServerError(original, 'x', 'y'), original);
  });

  test('JSON-RPC errors and SDK timeouts', () => {
    assert.deepEqual(mapped(new McpError(ErrorCode.MethodNotFound, 'Method not found')), [
      'protocol-error',
      'http://127.0.0.1:9/mcp answered tools/list with error -32601: Method not found',
    ]);
    assert.deepEqual(mapped(new McpError(ErrorCode.RequestTimeout, 'Request timed out')), [
      'server-timeout',
      'no answer to tools/list from http://127.0.0.1:9/mcp in time',
    ]);
    assert.deepEqual(mapped(new McpError(ErrorCode.ConnectionClosed, 'Connection closed')), [
      'connection-failed',
      'http://127.0.0.1:9/mcp closed the connection during tools/list',
    ]);
  });

  test('HTTP statuses from either transport', () => {
    assert.deepEqual(mapped(new StreamableHTTPError(502, 'Error POSTing to endpoint: <h1>Bad gateway</h1>')), [
      'http-error',
      'HTTP 502 from http://127.0.0.1:9/mcp: Bad gateway',
    ]);
    assert.deepEqual(mapped(new StreamableHTTPError(-1, 'Unexpected content type: text/plain')), [
      'protocol-error',
      'http://127.0.0.1:9/mcp did not answer tools/list as MCP: Unexpected content type: text/plain',
    ]);
    assert.deepEqual(mapped(new Error('Error POSTing to endpoint (HTTP 503): busy')), [
      'http-error',
      'HTTP 503 from http://127.0.0.1:9/mcp: busy',
    ]);
    assert.deepEqual(
      mapped(new SseError(undefined, 'TypeError: fetch failed: connect ECONNREFUSED 127.0.0.1:9', new Event('error') as never)),
      ['connection-failed', 'cannot connect to http://127.0.0.1:9/mcp: connection refused (ECONNREFUSED)'],
    );
  });

  test('network failures behind fetch', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    assert.deepEqual(mapped(refused), ['connection-failed', 'cannot connect to http://127.0.0.1:9/mcp: connection refused (ECONNREFUSED)']);
    const badPort = new TypeError('fetch failed', { cause: new Error('bad port') });
    assert.deepEqual(mapped(badPort), ['connection-failed', 'cannot connect to http://127.0.0.1:9/mcp: request failed: bad port']);
  });

  test('answers that do not parse', () => {
    const zodError = z.object({ tools: z.array(z.unknown()) }).safeParse({ tools: 3 }).error;
    assert.equal(mapped(zodError)?.[0], 'protocol-error');
    assert.match(mapped(zodError)?.[1] ?? '', /^invalid answer to tools\/list from http:\/\/127\.0\.0\.1:9\/mcp: /);
    assert.equal(mapped(new SyntaxError('Unexpected token'))?.[0], 'protocol-error');
  });

  test('programming errors are not server errors', () => {
    assert.equal(mapped(new TypeError("Cannot read properties of undefined (reading 'x')")), null);
    assert.equal(mapped(new RangeError('Maximum call stack size exceeded')), null);
    assert.equal(mapped('a string'), null);
  });
});
