import { ChildProcess } from 'node:child_process';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { trackProcess, type TrackedProcess } from './process-tree.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The SDK's stdio transport, plus what it keeps to itself: the child process,
 * so we know its PID after it is gone and how it exited (exit code, signal).
 */
export class TrackedStdioTransport extends StdioClientTransport {
  /** The server process as spawned; null until start() or if spawning failed. */
  root: TrackedProcess | null = null;
  exit: ProcessExit | null = null;
  private child: ChildProcess | null = null;

  override start(): Promise<void> {
    const started = super.start();
    // start() spawns synchronously. The SDK exposes only the PID of the
    // child, and only while it runs; the process object itself is private.
    const child: unknown = Reflect.get(this, '_process');
    if (child instanceof ChildProcess) {
      this.child = child;
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
      });
    }
    const pid = this.child?.pid ?? this.pid;
    if (typeof pid === 'number') this.root = trackProcess(pid);
    return started;
  }

  /** Resolves once the child has exited or `ms` passed; true if it exited. */
  waitForExit(ms: number): Promise<boolean> {
    const child = this.child;
    if (this.exit !== null || child === null || child.exitCode !== null || child.signalCode !== null) {
      return Promise.resolve(this.exit !== null || (child !== null && (child.exitCode !== null || child.signalCode !== null)));
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        resolve(false);
      }, ms);
      const onExit = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      child.once('exit', onExit);
    });
  }

  /** How the child exited, if it did. */
  exitInfo(): ProcessExit | null {
    if (this.exit !== null) return this.exit;
    const child = this.child;
    if (child !== null && (child.exitCode !== null || child.signalCode !== null)) {
      return { code: child.exitCode, signal: child.signalCode };
    }
    return null;
  }
}
