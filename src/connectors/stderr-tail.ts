import { tellingLine } from './telling-line.js';
import { sanitizeTerminalText } from '../hostile-text/terminal-text.js';
import { shortenText } from '../hostile-text/bounded-text.js';

/** How much of a server's stderr we keep: enough to explain a crash, never more. */
export const STDERR_TAIL_BYTES = 4096;

/**
 * The last few KB of a server's stderr. The bytes are kept raw (bounded);
 * `text()` decodes and strips escape sequences and control characters so the
 * tail is safe to print in a terminal.
 */
export class StderrTail {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly limit: number;

  constructor(limit: number = STDERR_TAIL_BYTES) {
    this.limit = limit;
  }

  append(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const recent = bytes.length > this.limit ? bytes.subarray(bytes.length - this.limit) : bytes;
    const joined = Buffer.concat([this.buffer, recent]);
    this.buffer = joined.length > this.limit ? joined.subarray(joined.length - this.limit) : joined;
  }

  /** The kept tail, decoded and sanitised; '' when the server wrote nothing. */
  text(): string {
    return sanitizeTerminalText(this.buffer.toString('utf8')).replace(/^\uFFFD+/, '');
  }

  /** The last non-empty line of the tail, at most `maxLength` characters; '' if none. */
  lastLine(maxLength = 300): string {
    const lines = this.text()
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    const last = lines.at(-1) ?? '';
    return shortenText(last, maxLength);
  }

  /** The line that says what went wrong (the thrown error's message, not `Node.js v20…`); '' if none. See telling-line.ts. */
  tellingLine(maxLength = 200): string {
    return tellingLine(this.text(), maxLength);
  }
}
