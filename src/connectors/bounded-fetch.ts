import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ServerError } from '../errors.js';

/** The most we read from one HTTP response (a JSON answer or a whole SSE stream). */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * `fetch`, except that a response body longer than `maxBytes` errors with
 * ServerError('output-limit') instead of filling our memory.
 */
export function createBoundedFetch(maxBytes: number = MAX_RESPONSE_BYTES): FetchLike {
  return async (url, init) => {
    const response = await fetch(url, init);
    if (response.body === null || NULL_BODY_STATUSES.has(response.status)) return response;
    let received = 0;
    const limiter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) {
          controller.error(
            new ServerError('output-limit', `${new URL(String(url)).origin} sent more than ${maxBytes} bytes in one response`),
          );
          return;
        }
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(limiter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
