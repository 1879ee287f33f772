/** The HTTP guard: listens for MCP clients and relays to the upstream server until it is asked to stop. */
import { HttpGuard, type HttpAccess } from '../../guard/http-guard.js';
import { UsageError } from '../../errors.js';
import type { UpstreamTransportMode } from '../../guard/http-upstream.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { Listen } from './guard-options.js';
import { commonGuardOptions, type GuardParts } from './guard-parts.js';
import { stopRequested } from './guard-signals.js';

export interface HttpGuardRun {
  url: URL;
  headers: Record<string, string>;
  transport: UpstreamTransportMode;
  listen: Listen;
  access: HttpAccess;
  serverName: string | undefined;
}

export async function runHttpGuard(run: HttpGuardRun, parts: GuardParts, io: CliIo): Promise<ExitCode> {
  const { listen, access } = run;
  const stop = stopRequested(io);
  let guard: HttpGuard;
  try {
    guard = await HttpGuard.start({
      upstreamUrl: run.url,
      upstreamHeaders: run.headers,
      upstreamTransport: run.transport,
      host: listen.host,
      port: listen.port,
      access,
      ...commonGuardOptions(parts, run.serverName),
    });
  } catch (error) {
    stop.dispose();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')
      throw new UsageError(`cannot listen on ${listen.host}:${listen.port}: ${code}`);
    throw error;
  }
  const who =
    access.kind === 'grants'
      ? `${access.grants.grants.length} grant${access.grants.grants.length === 1 ? '' : 's'}`
      : 'no authentication, one identity: anonymous';
  parts.log(`listening on ${guard.url}; ${who}`);
  if (access.kind === 'open' && !['127.0.0.1', 'localhost', '::1'].includes(listen.host)) {
    parts.log('warning: listening beyond this machine without --grants: anyone who reaches the address can use the server');
  }
  try {
    await stop.stopped;
  } finally {
    stop.dispose();
    await guard.close();
  }
  return EXIT.ok;
}
