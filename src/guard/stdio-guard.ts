/**
 * The guard over stdio: the MCP client starts the guard instead of the server; the guard starts
 * the server as its child and relays between the two with the policy applied (see relay.ts).
 *
 *   client ⇄ (stdin/stdout of the guard: StdioServerTransport) guard ⇄ (StdioClientTransport) server
 *
 * The server's stderr is the guard's (the client logs it as it would the server's). When the
 * client goes away (stdin closes), the guard is stopped, or the server exits, the session ends and
 * the server's whole process tree is killed (recorded while the server still runs, so children of
 * `npx` or a shell are found too).
 */
import { basename } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { killProcessTree, listDescendants, type TrackedProcess } from '../connectors/process-tree.js';
import { MAX_STDIO_MESSAGE_BYTES } from '../connectors/stdio-connection.js';
import { TrackedStdioTransport, type ProcessExit } from '../connectors/stdio-transport.js';
import { ServerError, errorMessage } from '../errors.js';
import type { ApprovalBroker } from './approvals.js';
import type { AuditSink } from './audit-log.js';
import type { WatchedPolicy } from './policy-watcher.js';
import { GuardRelay } from './relay.js';

/** After the client leaves, how long the server may take to exit on stdin EOF before its tree is killed. */
const GRACEFUL_EXIT_MS = 1000;
/** After SIGKILL, how long we wait to see the server reaped. */
const KILLED_EXIT_WAIT_MS = 2000;

export const STDIO_IDENTITY = 'stdio';

export type StdioGuardEnd = { reason: 'client-closed' | 'stopped' } | { reason: 'server-exited'; exit: ProcessExit | null };

export interface StdioGuardOptions {
  command: string;
  args: string[];
  /** The server's environment: the guard's own, so the server sees what the client gave. */
  env: Record<string, string | undefined>;
  cwd: string;
  /** The client's side: the guard process's stdin and stdout. */
  input: Readable;
  output: Writable;
  policy: WatchedPolicy;
  approvals: ApprovalBroker;
  audit: AuditSink;
  serverName?: string;
  /** One line for the operator (stderr). */
  log: (line: string) => void;
}

export class StdioGuard {
  private ending: Promise<void> | null = null;
  private endWith: ((end: StdioGuardEnd) => void) | null = null;
  /** Resolves once the session is over and the server's tree is gone. */
  readonly done: Promise<StdioGuardEnd>;

  private constructor(
    private readonly upstream: TrackedStdioTransport,
    private readonly downstream: StdioServerTransport,
    private readonly relay: GuardRelay,
    private readonly options: StdioGuardOptions,
  ) {
    this.done = new Promise((resolve) => {
      this.endWith = resolve;
    });
  }

  /** Starts the server and begins relaying. Throws ServerError('spawn-failed') when the server cannot be started. */
  static async start(options: StdioGuardOptions): Promise<StdioGuard> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
    const upstream = new TrackedStdioTransport({
      command: options.command,
      args: options.args,
      env,
      cwd: options.cwd,
      stderr: 'inherit',
      maxBufferSize: MAX_STDIO_MESSAGE_BYTES,
    });
    try {
      await upstream.start();
    } catch (error) {
      throw describeSpawnFailure(error, options.command);
    }
    // Wired right after the spawn (no I/O callback can run before): a failed spawn is reported once, above.
    const downstream = new StdioServerTransport(options.input, options.output, { maxBufferSize: MAX_STDIO_MESSAGE_BYTES });
    const relay = new GuardRelay({
      downstream,
      upstream,
      identity: STDIO_IDENTITY,
      policy: options.policy,
      approvals: options.approvals,
      audit: options.audit,
      ...(options.serverName === undefined ? {} : { serverName: options.serverName }),
      fallbackServerName: basename(options.command),
      log: options.log,
    });
    const guard = new StdioGuard(upstream, downstream, relay, options);
    options.log(`server started (pid ${upstream.root?.pid ?? '?'}): ${basename(options.command)}`);
    upstream.onclose = () => void guard.end({ reason: 'server-exited', exit: upstream.exitInfo() });
    downstream.onclose = () => void guard.end({ reason: 'client-closed' });
    options.input.once('end', () => void guard.end({ reason: 'client-closed' }));
    options.input.once('close', () => void guard.end({ reason: 'client-closed' }));
    options.output.once('error', () => void guard.end({ reason: 'client-closed' }));
    await downstream.start();
    return guard;
  }

  /** The server's process id, while it runs. */
  get serverPid(): number | null {
    return this.upstream.root?.pid ?? null;
  }

  /** Ends the session (e.g. on SIGTERM); resolves once the server's tree is gone. */
  stop(): Promise<void> {
    return this.end({ reason: 'stopped' });
  }

  /**
   * Kills the server's tree at once, synchronously: for a process `exit` hook, when there is no
   * time for the graceful path.
   */
  killNow(): void {
    const root = this.upstream.root;
    if (root === null || this.upstream.exitInfo() !== null) return;
    killProcessTree(root, listDescendants(root.pid));
  }

  private end(end: StdioGuardEnd): Promise<void> {
    this.ending ??= this.finish(end);
    return this.ending;
  }

  private async finish(end: StdioGuardEnd): Promise<void> {
    const root = this.upstream.root;
    const alive = root !== null && this.upstream.exitInfo() === null;
    // Record the tree while the server still runs: once it dies its children are re-parented.
    const descendants: TrackedProcess[] = alive ? listDescendants(root.pid) : [];
    const why = end.reason === 'server-exited' ? 'the server exited before answering' : 'the session ended before the server answered';
    await this.relay.close(why);
    const closing = this.upstream.close().catch((error: unknown) => this.options.log(`closing the server: ${errorMessage(error)}`));
    if (root !== null) {
      if (alive && end.reason !== 'server-exited') await this.upstream.waitForExit(GRACEFUL_EXIT_MS);
      killProcessTree(root, descendants);
      await this.upstream.waitForExit(KILLED_EXIT_WAIT_MS);
    }
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, KILLED_EXIT_WAIT_MS).unref())]);
    await this.downstream.close();
    if (end.reason === 'server-exited') {
      end.exit = this.upstream.exitInfo() ?? end.exit;
    }
    this.endWith?.(end);
  }
}

function describeSpawnFailure(error: unknown, command: string): unknown {
  if (!(error instanceof Error)) return error;
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (typeof syscall !== 'string' || !syscall.startsWith('spawn')) return error;
  const shown = JSON.stringify(command);
  if (code === 'ENOENT') return new ServerError('spawn-failed', `command not found: ${shown}`, { cause: error });
  if (code === 'EACCES') return new ServerError('spawn-failed', `command is not executable: ${shown}`, { cause: error });
  return new ServerError('spawn-failed', `cannot start ${shown}: ${code ?? error.message}`, { cause: error });
}
