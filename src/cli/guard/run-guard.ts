/**
 * `mcp-risk guard` itself: checks the options, opens the policies (watched, so that edits apply
 * while running), runs the stdio or the HTTP guard, and closes everything it opened.
 */
import { moveUrlCredentials } from '../../connectors/url-credentials.js';
import { readGrants } from '../../guard/grants.js';
import type { HttpAccess } from '../../guard/http-guard.js';
import { WatchedPolicy } from '../../guard/policy-watcher.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { parseGuardTarget, type RawGuardOptions } from './guard-options.js';
import { guardParts } from './guard-parts.js';
import { runHttpGuard } from './run-http-guard.js';
import { runStdioGuard } from './run-stdio-guard.js';

export async function runGuard(commandWords: string[] | null, raw: RawGuardOptions, io: CliIo): Promise<ExitCode> {
  const target = parseGuardTarget(commandWords, raw, io);
  const parts = guardParts(raw, io);
  const opened: WatchedPolicy[] = [];
  const openPolicy = async (file: string): Promise<WatchedPolicy> => {
    const watched = await WatchedPolicy.open(file, {
      ...(raw.name === undefined ? {} : { serverName: raw.name }),
      limiter: parts.limiter,
      audit: parts.audit,
      log: parts.log,
    });
    opened.push(watched);
    return watched;
  };
  try {
    if (target.kind === 'stdio') {
      const policy = await openPolicy(target.policyFile);
      return await runStdioGuard({ command: target.command, args: target.args, policy, serverName: raw.name }, parts, io);
    }
    let access: HttpAccess;
    if (target.access.kind === 'open') {
      access = { kind: 'open', policy: await openPolicy(target.access.policyFile) };
    } else {
      const grants = await readGrants(target.access.grantsFile, target.access.policyFile);
      const policies = new Map<string, WatchedPolicy>();
      for (const grant of grants.grants)
        if (!policies.has(grant.policyFile)) policies.set(grant.policyFile, await openPolicy(grant.policyFile));
      access = { kind: 'grants', grants, policies };
    }
    // user:password in --upstream becomes Basic auth (fetch refuses such a URL, quoting it).
    const upstream = moveUrlCredentials(target.url, target.headers);
    return await runHttpGuard(
      { url: upstream.url, headers: upstream.headers, transport: target.transport, listen: target.listen, access, serverName: raw.name },
      parts,
      io,
    );
  } finally {
    for (const watched of opened) watched.close();
    await parts.approvals.close();
    parts.audit.close();
  }
}
