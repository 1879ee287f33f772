import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ServerError } from '../errors.js';
import { CLIENT_INFO } from './client-info.js';
import { toServerError } from './connect-error.js';
import type { CloseOptions, ConnectTarget, Connection } from './connection.js';
import type { Deadline } from './deadline.js';
import { killProcessTree, listDescendants } from './process-tree.js';
import { StderrTail } from './stderr-tail.js';
import { TrackedStdioTransport } from './stdio-transport.js';
import { TransportObserver, isParseError } from './transport-observer.js';

type StdioTarget = Extract<ConnectTarget, { kind: 'stdio' }>;

/**
 * The largest single JSON-RPC message we accept on stdout: the SDK's own
 * default, so a server that works with other SDK clients works here. (The
 * SDK's read buffer costs quadratic time in the message size; a larger bound
 * would let one endless line burn seconds of CPU.)
 */
export const MAX_STDIO_MESSAGE_BYTES = 10 * 1024 * 1024;
/** After stdin EOF, how long a server may take to exit by itself before we kill its tree. */
const GRACEFUL_EXIT_MS = 1000;
/** After SIGKILL, how long we wait for the process to be reaped and the SDK to see it close. */
const KILLED_CLOSE_WAIT_MS = 2000;
/** After a failed request, how long we wait to learn whether the server exited. */
const EXIT_NOTICE_MS = 300;

/**
 * Starts a server as a child process and initializes an MCP session over its
 * stdin/stdout. Its stderr never reaches our terminal: we keep a bounded tail.
 * On any failure the whole process tree is killed before the error is thrown.
 */
export async function connectStdio(target: StdioTarget, deadline: Deadline): Promise<Connection> {
  const transport = new TrackedStdioTransport({
    command: target.command,
    args: target.args,
    env: { ...getDefaultEnvironment(), ...target.env },
    ...(target.cwd === undefined ? {} : { cwd: target.cwd }),
    stderr: 'pipe',
    maxBufferSize: MAX_STDIO_MESSAGE_BYTES,
  });
  const tail = new StderrTail();
  // Always consumed, so a chatty server never blocks on a full stderr pipe.
  transport.stderr?.on('data', (chunk: Buffer) => tail.append(chunk));
  const observer = new TransportObserver();
  observer.attach(transport);
  const client = new Client({ ...CLIENT_INFO }, { capabilities: {} });
  const describeFailure = (error: unknown, step: string): Promise<ServerError | null> =>
    describeStdioFailure(error, step, { target, transport, observer, tail });
  const close = closeOnce(transport);
  // Do not wait for the SDK's graceful close of a server flooding stdout: pending requests fail once it is dead.
  observer.onOversizedMessage = () => void close({ force: true });

  try {
    await deadline.run('initialize', (bounds) => client.connect(transport, bounds));
  } catch (error) {
    const cause = deadline.timedOut ? deadline.timeoutError('initialize') : error;
    const failure = deadline.cancelled ? null : await describeFailure(cause, 'initialize');
    await close({ force: true });
    throw failure ?? (deadline.cancelled ? deadline.signal.reason : error);
  }
  if (observer.protocolVersion === null) {
    await close({ force: true });
    throw new Error('initialize succeeded but no protocol version was observed');
  }
  return {
    client,
    transport: 'stdio',
    protocolVersion: observer.protocolVersion,
    stderrTail: () => tail.text(),
    describeFailure,
    close,
  };
}

interface FailureContext {
  target: StdioTarget;
  transport: TrackedStdioTransport;
  observer: TransportObserver;
  tail: StderrTail;
}

async function describeStdioFailure(error: unknown, step: string, context: FailureContext): Promise<ServerError | null> {
  const { target, transport, observer, tail } = context;
  const spawnFailure = describeSpawnError(error, target);
  if (spawnFailure !== null) return spawnFailure;
  if (isTimeout(error)) {
    const timeoutMessage = error instanceof ServerError ? error.message : `no answer to ${step} in time`;
    if (observer.sawOnlyGarbage) {
      return new ServerError(
        'protocol-error',
        `server wrote ${observer.invalidMessages} line(s) to stdout that are not JSON-RPC (first: ${observer.firstInvalid ?? 'unreadable'}) and ${timeoutMessage}`,
        { cause: error },
      );
    }
    return new ServerError('server-timeout', `${timeoutMessage}${stderrSuffix(tail)}`, { cause: error });
  }
  if (isAnswer(error)) return toServerError(error, step, 'server');
  if (observer.oversizedMessage) {
    return new ServerError('output-limit', `server sent a message larger than ${MAX_STDIO_MESSAGE_BYTES} bytes on stdout`, {
      cause: error,
    });
  }
  await transport.waitForExit(EXIT_NOTICE_MS);
  const exit = transport.exitInfo();
  if (exit !== null) {
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
    const when = step === 'initialize' ? 'before answering initialize' : `during ${step}`;
    return new ServerError('server-exited', `server ${how} ${when}${stderrSuffix(tail)}`, { cause: error });
  }
  if (observer.sawOnlyGarbage && error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
    return new ServerError(
      'protocol-error',
      `server closed stdout after writing only lines that are not JSON-RPC (first: ${observer.firstInvalid ?? 'unreadable'})`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
    return new ServerError('server-exited', `server closed its stdout during ${step}${stderrSuffix(tail)}`, { cause: error });
  }
  return toServerError(error, step, 'server');
}

function describeSpawnError(error: unknown, target: StdioTarget): ServerError | null {
  if (!(error instanceof Error)) return null;
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (typeof syscall !== 'string' || !syscall.startsWith('spawn')) return null;
  const command = JSON.stringify(target.command);
  if (code === 'ENOENT' && target.cwd !== undefined && !existsSync(target.cwd)) {
    return new ServerError('spawn-failed', `cannot start ${command}: working directory ${JSON.stringify(target.cwd)} does not exist`, {
      cause: error,
    });
  }
  if (code === 'ENOENT') return new ServerError('spawn-failed', `command not found: ${command}`, { cause: error });
  if (code === 'EACCES') return new ServerError('spawn-failed', `command is not executable: ${command}`, { cause: error });
  return new ServerError('spawn-failed', `cannot start ${command}: ${code ?? error.message}`, { cause: error });
}

function isTimeout(error: unknown): boolean {
  return (
    (error instanceof ServerError && error.code === 'server-timeout') ||
    (error instanceof McpError && error.code === ErrorCode.RequestTimeout)
  );
}

/** The server is alive and answered: a JSON-RPC error, an invalid result, or a failure we already explained. */
function isAnswer(error: unknown): boolean {
  if (error instanceof ServerError) return true;
  if (error instanceof McpError) return error.code !== ErrorCode.ConnectionClosed && error.code !== ErrorCode.RequestTimeout;
  return isParseError(error);
}

function stderrSuffix(tail: StderrTail): string {
  const line = tail.tellingLine(200);
  return line.length > 0 ? ` (stderr: ${line})` : '';
}

/**
 * close() for a stdio connection: record the process tree while the server
 * still runs, let it exit on stdin EOF (unless forced), then SIGKILL every
 * process of the tree that is still there.
 */
function closeOnce(transport: TrackedStdioTransport): (options?: CloseOptions) => Promise<void> {
  let closing: Promise<void> | null = null;
  return (options) => {
    closing ??= closeTree(transport, options?.force ?? false);
    return closing;
  };
}

async function closeTree(transport: TrackedStdioTransport, force: boolean): Promise<void> {
  const root = transport.root;
  const descendants = root !== null && transport.exitInfo() === null ? listDescendants(root.pid) : [];
  const closed = transport.close();
  if (root === null) {
    await closed;
    return;
  }
  if (!force) await transport.waitForExit(GRACEFUL_EXIT_MS);
  killProcessTree(root, descendants);
  // The child's exit event means it has been reaped: its PID is gone for good.
  await transport.waitForExit(KILLED_CLOSE_WAIT_MS);
  await settleWithin(closed, KILLED_CLOSE_WAIT_MS);
}

/** Waits for `promise` for at most `ms`; never keeps the process alive longer. */
function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
