/**
 * Writing a rendered report: to standard output, or atomically to the --out file
 * (written beside it under a temporary name, then renamed), so a reader never sees half a file.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import type { CliIo } from './io.js';

export async function writeOutput(text: string, out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined || out === '-') {
    io.stdout.write(text);
    return;
  }
  const path = resolve(io.cwd, out);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError('input-unreadable', `cannot write --out ${out}: ${code}`, { cause: error });
  }
}
