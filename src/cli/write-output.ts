/**
 * Writing a rendered report: to standard output, or atomically to the --out file
 * (written beside it under a temporary name, then renamed), so a reader never sees half a file.
 * A report made piece by piece is written as it comes, waiting for standard output to drain
 * whenever its buffer is full, so memory holds only what the reader has not taken yet.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import type { CliIo, OutputStream } from './io.js';

/** Pieces are gathered into writes of about this many characters. */
const WRITE_CHARACTERS = 256 * 1024;

export async function writeOutput(text: string, out: string | undefined, io: CliIo): Promise<void> {
  await writeOutputStream([text], out, io);
}

async function* batched(pieces: Iterable<string> | AsyncIterable<string>): AsyncGenerator<string> {
  let pending: string[] = [];
  let length = 0;
  for await (const piece of pieces) {
    pending.push(piece);
    length += piece.length;
    if (length >= WRITE_CHARACTERS) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (length > 0) yield pending.join('');
}

/** Writes to a stream, waiting for 'drain' whenever it says its buffer is full. */
async function writeWithBackpressure(stream: OutputStream, pieces: AsyncIterable<string>): Promise<void> {
  for await (const piece of pieces) {
    if (stream.write(piece) === false && stream.once !== undefined) {
      const once = stream.once.bind(stream);
      await new Promise<void>((resolveDrain) => once('drain', resolveDrain));
    }
  }
}

/** Writes the pieces of a report, in order, as they come. */
export async function writeOutputStream(
  pieces: Iterable<string> | AsyncIterable<string>,
  out: string | undefined,
  io: CliIo,
): Promise<void> {
  if (out === undefined || out === '-') {
    await writeWithBackpressure(io.stdout, batched(pieces));
    return;
  }
  const path = resolve(io.cwd, out);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, batched(pieces));
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError('input-unreadable', `cannot write --out ${out}: ${code}`, { cause: error });
  }
}
