#!/usr/bin/env node
/**
 * The process edge: real streams, real environment, Ctrl-C, and an exit only after standard
 * output has drained (so output piped to another program arrives whole).
 */
import { homedir } from 'node:os';
import { createInterface } from 'node:readline';
import { errorMessage } from '../errors.js';
import type { CliIo } from './io.js';
import { EXIT } from './exit-codes.js';
import { run } from './run.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function readLine(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
    let answer = '';
    lines.once('close', () => resolve(answer));
    // Ctrl-C while asked: no answer.
    lines.once('SIGINT', () => lines.close());
    lines.question(process.stdin.isTTY ? prompt : '', (line) => {
      answer = line;
      lines.close();
    });
  });
}

function drain(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.once('drain', () => resolve());
  });
}

async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('mcp-risk: interrupted; finishing what is under way (Ctrl-C again to quit at once)\n');
    controller.abort(new Error('interrupted'));
  });
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin,
    readLine,
    stdinChunks: () => process.stdin,
    stdio: { input: process.stdin, output: process.stdout },
    onTerminate: (listener) => {
      process.once('SIGTERM', listener);
      process.once('SIGHUP', listener);
      return () => {
        process.off('SIGTERM', listener);
        process.off('SIGHUP', listener);
      };
    },
    atExit: (cleanup) => {
      process.once('exit', cleanup);
      return () => process.off('exit', cleanup);
    },
    env: process.env,
    cwd: process.cwd(),
    home: process.env['HOME'] ?? homedir(),
    platform: process.platform,
    signal: controller.signal,
  };
  let code: number;
  try {
    code = await run(process.argv.slice(2), io);
  } catch (error) {
    process.stderr.write(`mcp-risk: internal error: ${errorMessage(error)}\n`);
    if (process.env['MCP_RISK_DEBUG'] && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    code = EXIT.internal;
  }
  process.exitCode = code;
  await Promise.all([drain(process.stdout), drain(process.stderr)]);
  // Servers are closed by now; do not wait for stray handles of third-party code.
  process.exit(code);
}

void main();
