import { errorMessage } from '../errors.js';
import { InstallError } from './install-errors.js';

export interface RegistryRequestOptions {
  /** Budget for the whole request, body included. */
  timeoutMs: number;
  /** Aborting it stops the request; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface RegistryResponse {
  status: number;
  body: Buffer;
}

/**
 * GET `url` and read its body, at most `maxBytes` of it. Network failures, a
 * timeout and an oversized body are InstallError('install-failed'); any HTTP
 * status is returned for the caller to judge. `what` names the request in
 * messages ("the packument of x").
 */
export async function getFromRegistry(
  url: string,
  what: string,
  maxBytes: number,
  options: RegistryRequestOptions & { accept?: string },
): Promise<RegistryResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  try {
    const response = await fetch(url, {
      signal,
      redirect: 'follow',
      headers: { accept: options.accept ?? 'application/json', 'user-agent': 'mcp-risk crawler' },
    });
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new InstallError('install-failed', `${what} is ${declared} bytes, more than the ${maxBytes} we read`);
    }
    const body = await readBounded(response, what, maxBytes);
    return { status: response.status, body };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof InstallError) throw error;
    if (timeout.aborted)
      throw new InstallError('install-failed', `${what}: no complete answer within ${options.timeoutMs} ms`, { cause: error });
    throw new InstallError('install-failed', `cannot fetch ${what}: ${describeFetchError(error)}`, { cause: error });
  }
}

async function readBounded(response: Response, what: string, maxBytes: number): Promise<Buffer> {
  if (response.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw new InstallError('install-failed', `${what} is larger than the ${maxBytes} bytes we read`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** undici hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
function describeFetchError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return errorMessage(cause instanceof Error ? cause : error);
}
