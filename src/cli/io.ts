/**
 * What a command may touch of the outside world. `main.ts` hands in the real process;
 * tests hand in buffers, a fake HOME and their own environment.
 */
import type { Readable, Writable } from 'node:stream';

export interface OutputStream {
  /** False when the stream's buffer is full: wait for 'drain' before writing more (when `once` is there). */
  write(text: string): boolean | void;
  once?(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Reads all of standard input (for `classify -`). */
  readStdin(): Promise<string>;
  /** Reads one line of standard input, after showing `prompt` on stderr when stdin is a terminal (for `approvals approve`). */
  readLine?(prompt: string): Promise<string>;
  /** Standard input as it arrives (for `classify -` of JSON Lines); without it, readStdin is used. */
  stdinChunks?(): AsyncIterable<Uint8Array | string>;
  /** Standard input and output as byte streams, for a protocol relayed over them (the stdio guard). */
  stdio?: { input: Readable; output: Writable };
  /** Calls `listener` when the process is asked to stop (SIGTERM, SIGHUP); the function returned stops listening. */
  onTerminate?(listener: () => void): () => void;
  /** Runs `cleanup` when the process exits, however it exits; the function returned cancels it. */
  atExit?(cleanup: () => void): () => void;
  env: Record<string, string | undefined>;
  cwd: string;
  home: string;
  platform: NodeJS.Platform;
  /** Aborted on Ctrl-C: long work stops and reports what it has. */
  signal?: AbortSignal;
}
