/**
 * A small HTTP site on 127.0.0.1 for source tests: answers from a handler, records every request
 * (path with query, user agent, arrival time) so tests can assert what was — and was not — asked.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResponse {
  status?: number;
  type?: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  /** Answer only after this long (a slow site). */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as requested. */
  path: string;
  userAgent: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface FakeSite {
  origin: string;
  requests: RecordedRequest[];
  paths(): string[];
  close(): Promise<void>;
}

export async function startFakeSite(handler: (path: string, site: { origin: string }) => FakeResponse | undefined): Promise<FakeSite> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push({ method: request.method ?? 'GET', path, userAgent: request.headers['user-agent'] ?? '', at: performance.now() });
    const answer = handler(path, { origin });
    if (answer === undefined) {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
      return;
    }
    const send = (): void => {
      response.writeHead(answer.status ?? 200, { 'content-type': answer.type ?? 'text/html; charset=utf-8', ...answer.headers });
      response.end(answer.body);
    };
    if (answer.delayMs === undefined) send();
    else timers.add(setTimeout(send, answer.delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    paths: () => requests.map((request) => request.path),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
