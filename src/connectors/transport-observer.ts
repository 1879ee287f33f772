import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { excerptLine } from '../hostile-text/terminal-text.js';

const MAX_PROTOCOL_VERSION_LENGTH = 64;

/**
 * Watches a transport before the SDK client takes it over (the client keeps
 * handlers that are already set and calls them first), to learn what the
 * client does not expose: the protocol version of the initialize result, and
 * whether the server wrote anything that is not JSON-RPC.
 */
export class TransportObserver {
  protocolVersion: string | null = null;
  validMessages = 0;
  invalidMessages = 0;
  /** The parser's complaint about the first invalid message, sanitised, one line. */
  firstInvalid: string | null = null;
  /** Set when a single message exceeded the transport's size limit. */
  oversizedMessage = false;
  closed = false;
  /** Called once when a message exceeds the size limit (the SDK then closes the transport gracefully, which can take seconds). */
  onOversizedMessage: (() => void) | null = null;

  attach(transport: Transport): void {
    transport.onmessage = (message) => {
      this.validMessages += 1;
      if (this.protocolVersion === null && 'result' in message) {
        const version: unknown = (message.result as { protocolVersion?: unknown }).protocolVersion;
        if (typeof version === 'string' && version.length > 0) {
          this.protocolVersion = version.slice(0, MAX_PROTOCOL_VERSION_LENGTH);
        }
      }
    };
    transport.onerror = (error) => {
      if (isParseError(error)) {
        this.invalidMessages += 1;
        this.firstInvalid ??= excerptLine(error.message, 160);
      } else if (error.message.startsWith('ReadBuffer exceeded maximum size') && !this.oversizedMessage) {
        this.oversizedMessage = true;
        this.onOversizedMessage?.();
      }
    };
    transport.onclose = () => {
      this.closed = true;
    };
  }

  /** True when the server wrote only things that are not JSON-RPC messages. */
  get sawOnlyGarbage(): boolean {
    return this.invalidMessages > 0 && this.validMessages === 0;
  }
}

/** A line that is not JSON (SyntaxError) or JSON that is not a JSON-RPC message (ZodError). */
export function isParseError(error: unknown): boolean {
  return error instanceof SyntaxError || (error instanceof Error && error.name === 'ZodError');
}
