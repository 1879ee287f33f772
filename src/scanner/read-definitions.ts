/**
 * Reading tool definitions for `classify` from a byte stream (a file or standard input), without
 * ever holding more than one JSON Lines line:
 *
 * - **JSON Lines** (the first non-blank line is one tool, `{"name": …}`): streamed line by line;
 *   each line at most MAX_LINE_CHARACTERS, no limit on the number of lines. An over-long line or
 *   one that is not JSON stops the read with an InputError naming the line.
 * - **A JSON document** (anything else: a tools/list result, an array, a saved report): read whole,
 *   up to MAX_DEFINITIONS_BYTES, and parsed at once.
 */
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../errors.js';
import {
  MAX_DEFINITIONS_BYTES,
  parseDocument,
  snapshotsFromDocument,
  ACCEPTED_SHAPES,
  type DefinitionsResult,
} from './snapshot-from-definitions.js';

/** One JSON Lines line (one tool definition) is at most this many characters. */
export const MAX_LINE_CHARACTERS = 16 * 1024 * 1024;

/** Consecutive lines of JSON Lines, unparsed; `first` is the number of the first. */
export interface LineBatch {
  first: number;
  lines: string[];
}

/** Read JSON Lines either as parsed values (`tools`) or as batches of raw lines (`batches`): one of them, once. */
export type DefinitionsInput =
  | { kind: 'document'; result: DefinitionsResult }
  | { kind: 'lines'; tools: AsyncGenerator<unknown>; batches(characters: number): AsyncGenerator<LineBatch> };

/** The error for a JSON Lines line that is not JSON. */
export function lineNotJson(label: string, line: number): InputError {
  return new InputError('input-invalid', `${label}: line ${line} is not JSON (expected ${ACCEPTED_SHAPES})`);
}

/** Lines of a byte stream, decoded as UTF-8 (a leading BOM dropped), each bounded. */
class LineReader {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private position = 0;
  private ended = false;
  /** The 1-based number of the last line returned. */
  line = 0;

  constructor(
    private readonly chunks: AsyncIterator<Uint8Array | string>,
    private readonly label: string,
  ) {}

  private async more(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.chunks.next();
    let text: string;
    if (next.done === true) {
      this.ended = true;
      text = this.decoder.end();
    } else {
      text = typeof next.value === 'string' ? next.value : this.decoder.write(next.value as Buffer);
    }
    if (this.line === 0 && this.position === 0 && this.buffer === '' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.buffer = this.position === 0 ? this.buffer + text : this.buffer.slice(this.position) + text;
    this.position = 0;
    return true;
  }

  /** The next line (without its newline or carriage return), or undefined at the end. */
  async next(): Promise<string | undefined> {
    for (;;) {
      const newline = this.buffer.indexOf('\n', this.position);
      if (newline !== -1) {
        const end = newline > this.position && this.buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        const line = this.buffer.slice(this.position, end);
        this.position = newline + 1;
        this.line += 1;
        if (line.length > MAX_LINE_CHARACTERS) throw this.tooLong();
        return line;
      }
      if (this.buffer.length - this.position > MAX_LINE_CHARACTERS) {
        this.line += 1;
        throw this.tooLong();
      }
      if (!(await this.more())) {
        if (this.position >= this.buffer.length) return undefined;
        const line = this.buffer.slice(this.position);
        this.position = this.buffer.length;
        this.line += 1;
        return line;
      }
    }
  }

  /** Everything not yet returned, whole; InputError past `limit` characters. */
  async rest(limit: number): Promise<string> {
    while (await this.more()) {
      if (this.buffer.length - this.position > limit)
        throw new InputError(
          'input-invalid',
          `${this.label}: a JSON document larger than ${limit / 1024 / 1024} MB (JSON Lines have no such limit)`,
        );
    }
    return this.buffer.slice(this.position);
  }

  private tooLong(): InputError {
    return new InputError(
      'input-invalid',
      `${this.label}: line ${this.line} is longer than ${MAX_LINE_CHARACTERS / 1024 / 1024} MB; one tool definition per line is expected`,
    );
  }
}

function isToolLine(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return typeof record['name'] === 'string' && !Array.isArray(record['tools']) && !Array.isArray(record['servers']);
}

async function* lineTools(first: unknown, reader: LineReader, label: string): AsyncGenerator<unknown> {
  yield first;
  for (let line = await reader.next(); line !== undefined; line = await reader.next()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw lineNotJson(label, reader.line);
    }
    yield value;
  }
}

async function* lineBatches(first: string, firstNumber: number, reader: LineReader, characters: number): AsyncGenerator<LineBatch> {
  let batch: LineBatch = { first: firstNumber, lines: [first] };
  let size = first.length;
  for (let line = await reader.next(); line !== undefined; line = await reader.next()) {
    if (size >= characters) {
      yield batch;
      batch = { first: reader.line, lines: [] };
      size = 0;
    }
    batch.lines.push(line);
    size += line.length;
  }
  yield batch;
}

/** Decides JSON Lines or a document from the first line, and reads accordingly. */
export async function readDefinitions(
  chunks: AsyncIterable<Uint8Array | string>,
  options: { label: string; name: string },
): Promise<DefinitionsInput> {
  const reader = new LineReader(chunks[Symbol.asyncIterator](), options.label);
  let first = await reader.next();
  while (first !== undefined && first.trim() === '') first = await reader.next();
  if (first === undefined) throw new InputError('input-invalid', `${options.label}: empty input`);
  const leading = reader.line - 1;
  let parsed: unknown;
  try {
    parsed = JSON.parse(first);
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined && isToolLine(parsed)) {
    const firstNumber = reader.line;
    return {
      kind: 'lines',
      tools: lineTools(parsed, reader, options.label),
      batches: (characters) => lineBatches(first, firstNumber, reader, characters),
    };
  }
  const rest = await reader.rest(MAX_DEFINITIONS_BYTES - first.length);
  if (parsed !== undefined && rest.trim() === '') return { kind: 'document', result: snapshotsFromDocument(parsed, options) };
  const text = `${'\n'.repeat(leading)}${first}\n${rest}`;
  return { kind: 'document', result: snapshotsFromDocument(parseDocument(text, options.label), options) };
}
