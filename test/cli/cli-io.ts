/** An in-memory CliIo for running the CLI in-process. */
import type { CliIo } from '../../src/cli/io.js';

export interface MemoryIo extends CliIo {
  out(): string;
  err(): string;
}

export function memoryIo(
  options: { cwd?: string; home?: string; env?: Record<string, string>; stdin?: string; tty?: boolean } = {},
): MemoryIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => void (out += text), isTTY: options.tty ?? false, columns: 120 },
    stderr: { write: (text: string) => void (err += text) },
    readStdin: async () => options.stdin ?? '',
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    home: options.home ?? '/nonexistent-home',
    platform: 'linux',
    out: () => out,
    err: () => err,
  };
}
