import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ServerError } from '../errors.js';

/** Where a server is: a command we start (stdio) or a URL we call. */
export type ConnectTarget =
  | { kind: 'stdio'; command: string; args: string[]; env?: Record<string, string>; cwd?: string }
  | { kind: 'url'; url: string; headers?: Record<string, string>; transport?: 'auto' | 'http' | 'sse' };

export type ConnectionTransport = 'stdio' | 'http' | 'sse';

export interface ConnectOptions {
  /** Budget for reaching the server and completing initialize. */
  timeoutMs: number;
  /** Aborting it stops the attempt; connect then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface CloseOptions {
  /** Skip the graceful phase (stdin EOF and a short wait) and kill at once. */
  force?: boolean;
}

/** An initialized MCP session with a server. */
export interface Connection {
  /** The SDK client, already initialized. */
  client: Client;
  transport: ConnectionTransport;
  /** The protocol version the server answered in its initialize result. */
  protocolVersion: string;
  /** The last ~4 KB of the server's stderr (stdio only), sanitised of control characters; '' otherwise. */
  stderrTail(): string;
  /**
   * Explains why a request on this connection failed, as a ServerError with
   * the right code (a stdio server that died reports `server-exited` with its
   * exit code and last stderr line, a timeout after nothing but garbage on
   * stdout reports `protocol-error`, ...). Null when `error` is not about
   * the server (a programming error), which the caller should rethrow.
   */
  describeFailure(error: unknown, step: string): Promise<ServerError | null>;
  /** Idempotent. For stdio, the whole process tree of the server is killed. */
  close(options?: CloseOptions): Promise<void>;
}
