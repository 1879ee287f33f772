/**
 * The stdio guard: the MCP client starts `mcp-risk guard ... -- <command>`, the guard starts the
 * server and relays between the client (on the guard's own stdin and stdout) and the server.
 */
import { StdioGuard } from '../../guard/stdio-guard.js';
import type { WatchedPolicy } from '../../guard/policy-watcher.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { commonGuardOptions, type GuardParts } from './guard-parts.js';
import { stopRequested } from './guard-signals.js';

export interface StdioGuardRun {
  command: string;
  args: string[];
  policy: WatchedPolicy;
  serverName: string | undefined;
}

export async function runStdioGuard(run: StdioGuardRun, parts: GuardParts, io: CliIo): Promise<ExitCode> {
  if (io.stdio === undefined) throw new Error('the stdio guard needs the standard input and output of the process (CliIo.stdio)');
  // Listening before the server starts: a SIGTERM or SIGHUP while it starts stops the guard once it has
  // started, where the signal's default action would end the guard and leave the server running.
  const stop = stopRequested(io);
  let guard: StdioGuard;
  try {
    guard = await StdioGuard.start({
      command: run.command,
      args: run.args,
      env: io.env,
      cwd: io.cwd,
      input: io.stdio.input,
      output: io.stdio.output,
      policy: run.policy,
      ...commonGuardOptions(parts, run.serverName),
    });
  } catch (error) {
    stop.dispose();
    throw error;
  }
  // However the process ends, the server's tree goes with it.
  const cancelKillOnExit = io.atExit?.(() => guard.killNow());
  void stop.stopped.then(() => guard.stop());
  try {
    const end = await guard.done;
    if (end.reason !== 'server-exited') return EXIT.ok;
    const exit = end.exit;
    const how =
      exit === null ? 'closed its output' : exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
    parts.log(`the server ${how}`);
    return EXIT.server;
  } finally {
    stop.dispose();
    cancelKillOnExit?.();
  }
}
