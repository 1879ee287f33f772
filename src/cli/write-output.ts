/**
 * Writing a rendered report: to standard output, or atomically to the --out file
 * (written beside it under a temporary name, then renamed), so a reader never sees half a file.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { CliIo } from './io.js';

export async function writeOutput(text: string, out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined || out === '-') {
    io.stdout.write(text);
    return;
  }
  const path = resolve(io.cwd, out);
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError('input-unreadable', `cannot write --out ${out}: ${code}`, { cause: error });
  }
}
