import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createBoundedFetch } from '../../src/connectors/bounded-fetch.js';
import { ServerError } from '../../src/errors.js';

test('createBoundedFetch passes small bodies and errors on bodies over the limit', async (t) => {
  const server = createServer((req, res) => {
    if (req.url === '/empty') res.writeHead(204).end();
    else res.writeHead(200, { 'content-type': 'text/plain', 'x-kind': 'test' }).end(req.url === '/big' ? 'b'.repeat(5000) : 'small');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  const base = `http://127.0.0.1:${address.port}`;
  const boundedFetch = createBoundedFetch(1000);

  const small = await boundedFetch(`${base}/small`);
  assert.equal(small.status, 200);
  assert.equal(small.headers.get('x-kind'), 'test');
  assert.equal(await small.text(), 'small');

  const empty = await boundedFetch(new URL(`${base}/empty`));
  assert.equal(empty.status, 204);

  const big = await boundedFetch(`${base}/big`);
  await assert.rejects(big.text(), (error) => {
    assert.ok(error instanceof ServerError);
    assert.equal(error.code, 'output-limit');
    assert.equal(error.message, `${base} sent more than 1000 bytes in one response`);
    return true;
  });
});
