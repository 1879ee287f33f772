/**
 * One bounded HTTP GET for a catalogue source: a time limit, a size limit on the body
 * (5 MB unless told otherwise), redirects followed by hand so that every hop can be checked
 * (same site, robots.txt) and paced, and a text body decoded from its declared charset.
 *
 * Every failure is an InputError('input-unreadable') naming the URL, except an abort of the
 * caller's signal, which rethrows the signal's reason.
 */
import { TextDecoder } from 'node:util';
import { InputError } from '../../errors.js';
import { VERSION } from '../../version.js';

/** The most we read of one page or API response. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/** The product token robots.txt groups are matched against. */
export const CRAWLER_NAME = 'mcp-risk';
export const USER_AGENT = `${CRAWLER_NAME}/${VERSION} (MCP server risk catalogue crawler)`;

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface FetchTextOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Default MAX_RESPONSE_BYTES. */
  maxBytes?: number;
  accept?: string;
  /** Called before every request, redirects included: may wait (politeness) or throw to refuse the URL. */
  beforeRequest?: (url: URL) => Promise<void>;
  /** Called when a request that beforeRequest let through has finished, whatever its outcome. */
  afterRequest?: (url: URL) => void;
}

export interface FetchedText {
  /** The URL that answered, after redirects. */
  url: URL;
  status: number;
  /** The media type, lower case, without parameters ('' when absent). */
  mediaType: string;
  text: string;
}

export async function fetchText(url: URL, options: FetchTextOptions): Promise<FetchedText> {
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  let current = url;
  for (let hop = 0; ; hop += 1) {
    checkScheme(current);
    await options.beforeRequest?.(current);
    const requested = current;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
    try {
      const response = await fetch(current, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': USER_AGENT, accept: options.accept ?? '*/*' },
      });
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (location === null)
          throw new InputError('input-unreadable', `cannot fetch ${current.href}: HTTP ${response.status} without a Location`);
        if (hop >= MAX_REDIRECTS)
          throw new InputError('input-unreadable', `cannot fetch ${url.href}: more than ${MAX_REDIRECTS} redirects`);
        current = parseLocation(location, current);
        continue;
      }
      const contentType = response.headers.get('content-type') ?? '';
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > maxBytes) {
        await response.body?.cancel();
        throw tooLarge(current, maxBytes);
      }
      const bytes = await readAtMost(response, maxBytes, current);
      return { url: current, status: response.status, mediaType: mediaTypeOf(contentType), text: decode(bytes, contentType) };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (error instanceof InputError) throw error;
      if (timeout.aborted)
        throw new InputError('input-unreadable', `cannot fetch ${current.href}: no complete answer within ${options.timeoutMs} ms`, {
          cause: error,
        });
      if (error instanceof TypeError)
        throw new InputError('input-unreadable', `cannot fetch ${current.href}: ${networkReason(error)}`, { cause: error });
      throw error;
    } finally {
      options.afterRequest?.(requested);
    }
  }
}

function checkScheme(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError('input-unreadable', `cannot fetch ${url.href}: only http and https URLs are fetched`);
  }
}

function parseLocation(location: string, base: URL): URL {
  try {
    return new URL(location, base);
  } catch (error) {
    throw new InputError('input-unreadable', `cannot fetch ${base.href}: it redirects to an invalid URL`, { cause: error });
  }
}

async function readAtMost(response: Response, maxBytes: number, url: URL): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel();
      throw tooLarge(url, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}

function tooLarge(url: URL, maxBytes: number): InputError {
  return new InputError('input-unreadable', `cannot fetch ${url.href}: the response is larger than ${Math.round(maxBytes / 1024)} KB`);
}

function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w.:-]{1,40})"?/i.exec(contentType)?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

function networkReason(error: TypeError): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message.replace(/\s+/g, ' ').slice(0, 200);
  return error.message.replace(/\s+/g, ' ').slice(0, 200);
}
