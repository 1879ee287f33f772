/**
 * `mcp-risk guard`: a policy-enforcing MCP proxy between an agent and a server.
 *
 *   mcp-risk guard --policy <file> [options] -- <command> [args...]    stdio: the client starts the guard, the guard the server
 *   mcp-risk guard --policy <file> --upstream <url> [--listen h:p]      streamable HTTP in front of an HTTP (or SSE) server
 *   mcp-risk guard --upstream <url> --grants <file>                     ... with per-token identities and policies
 *   mcp-risk guard hash-token                                          the sha256 of a token (stdin), for grants files
 *   mcp-risk guard install --config <file> --server <name> --policy <file>
 *   mcp-risk guard uninstall --config <file> --server <name>
 *
 * The guard's stdin and stdout belong to the MCP client: everything it says goes to stderr.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { quoteUntrusted } from '../../hostile-text/untrusted-value.js';
import { UsageError } from '../../errors.js';
import { ApprovalStore } from '../../guard/approval-store.js';
import { ApprovalBroker, CLIENT_REQUEST_TIMEOUT_MS, DEFAULT_APPROVAL_TIMEOUT_MS } from '../../guard/approvals.js';
import { AuditLog, NO_AUDIT, type AuditSink } from '../../guard/audit-log.js';
import { hashToken, readGrants } from '../../guard/grants.js';
import { HttpGuard, type HttpAccess } from '../../guard/http-guard.js';
import { isUpstreamTransportMode, UPSTREAM_TRANSPORTS } from '../../guard/http-upstream.js';
import { installGuard, uninstallGuard } from '../../guard/install-guard.js';
import { loadGuardPolicy } from '../../guard/load-guard-policy.js';
import { WatchedPolicy } from '../../guard/policy-watcher.js';
import { SlidingWindowLimiter } from '../../guard/rate-limiter.js';
import { StdioGuard } from '../../guard/stdio-guard.js';
import { TtyPrompter } from '../../guard/tty-prompt.js';
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { collect } from '../report-options.js';
import { moveUrlCredentials } from '../../connectors/url-credentials.js';

export const DEFAULT_LISTEN = '127.0.0.1:7331';
const MAX_APPROVAL_TIMEOUT_MS = 24 * 60 * 60 * 1000;

export interface RawGuardOptions {
  policy?: string;
  auditLog?: string;
  name?: string;
  upstream?: string;
  upstreamTransport?: string;
  header?: string[];
  listen?: string;
  grants?: string;
  approvalsDir?: string;
  approvalTimeout?: string;
  tty?: boolean;
}

export interface RawGuardInstallOptions {
  config?: string;
  server?: string;
  policy?: string;
  auditLog?: string;
  approvalsDir?: string;
  approvalTimeout?: string;
  tty?: boolean;
}

export interface CommandContext {
  io: CliIo;
  /** The words after `--`, or null. */
  commandWords: string[] | null;
  setCode: (code: ExitCode) => void;
}

function say(io: CliIo, line: string): void {
  io.stderr.write(`mcp-risk guard: ${sanitizeForTerminal(line, 1000)}\n`);
}

/** The default approvals folder: ~/.mcp-risk/approvals. */
export function defaultApprovalsDir(io: CliIo): string {
  return join(io.home, '.mcp-risk', 'approvals');
}

export function approvalsDirOption(raw: string | undefined, io: CliIo): string {
  return raw === undefined ? defaultApprovalsDir(io) : resolve(io.cwd, raw);
}

function approvalTimeoutOption(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_APPROVAL_TIMEOUT_MS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 100 || value > MAX_APPROVAL_TIMEOUT_MS) {
    throw new UsageError(`--approval-timeout takes milliseconds from 100 to ${MAX_APPROVAL_TIMEOUT_MS} (got ${quoteUntrusted(raw, 40)})`);
  }
  return value;
}

function headersOption(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = line.slice(colon + 1).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\u0000]/.test(value)) throw new UsageError('--header takes "Name: value"');
    headers[name] = value;
  }
  return headers;
}

/** `--listen`: "host:port", "[v6]:port" or a port alone (on 127.0.0.1). */
export function parseListen(raw: string): { host: string; port: number } {
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(raw);
  const port = Number(match?.[2]);
  if (match === null || !Number.isInteger(port) || port > 65535) {
    throw new UsageError(`--listen takes host:port, e.g. 127.0.0.1:7331 (got ${quoteUntrusted(raw, 60)})`);
  }
  const host = (match[1] ?? '127.0.0.1').replace(/^\[|\]$/g, '');
  return { host, port };
}

function upstreamUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError('--upstream is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--upstream must be an http(s) URL (got ${quoteUntrusted(url.protocol, 20)})`);
  return url;
}

/** The mcp-risk entry script as node runs it: dist/cli/main.js, also when this module runs from src/ under tsx. */
export function guardBinPath(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts')
    ? resolve(dirname(here), '..', '..', '..', 'dist', 'cli', 'main.js')
    : resolve(dirname(here), '..', 'main.js');
}

interface GuardParts {
  audit: AuditSink;
  approvals: ApprovalBroker;
  limiter: SlidingWindowLimiter;
  log: (line: string) => void;
}

function guardParts(raw: RawGuardOptions, io: CliIo): GuardParts {
  const log = (line: string): void => say(io, line);
  const timeoutMs = approvalTimeoutOption(raw.approvalTimeout);
  const audit = raw.auditLog === undefined ? NO_AUDIT : AuditLog.open(resolve(io.cwd, raw.auditLog), log);
  if (raw.approvalTimeout !== undefined && timeoutMs >= CLIENT_REQUEST_TIMEOUT_MS) {
    log(
      `--approval-timeout ${timeoutMs} ms: clients built on the MCP SDK give up on a call after ${CLIENT_REQUEST_TIMEOUT_MS / 1000} s unless told to wait longer; raise the client's timeout too`,
    );
  }
  // The terminal is where the one-time approval codes are shown; --no-tty only stops asking there.
  const terminal = TtyPrompter.open();
  const approvals = new ApprovalBroker({
    store: new ApprovalStore(approvalsDirOption(raw.approvalsDir, io)),
    timeoutMs,
    terminal,
    ask: raw.tty !== false,
    log,
  });
  return { audit, approvals, limiter: new SlidingWindowLimiter(), log };
}

/** Resolves when the guard should stop: Ctrl-C (io.signal), SIGTERM or SIGHUP. */
function stopRequested(io: CliIo): { stopped: Promise<void>; dispose: () => void } {
  let fire: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    fire = resolve;
  });
  const onSignal = (): void => fire();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  if (io.signal?.aborted === true) fire();
  io.signal?.addEventListener('abort', onSignal, { once: true });
  return {
    stopped,
    dispose: () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      io.signal?.removeEventListener('abort', onSignal);
    },
  };
}

export async function runGuard(commandWords: string[] | null, raw: RawGuardOptions, io: CliIo): Promise<ExitCode> {
  const stdio = commandWords !== null;
  if (stdio && commandWords.length === 0) throw new UsageError('give the server command after --');
  if (stdio && raw.upstream !== undefined)
    throw new UsageError('give either a command after -- (stdio) or --upstream <url> (HTTP), not both');
  if (!stdio && raw.upstream === undefined)
    throw new UsageError('guard needs the server: a command after -- (stdio) or --upstream <url> (HTTP)');
  if (stdio && (raw.grants !== undefined || raw.listen !== undefined))
    throw new UsageError('--grants and --listen are for an HTTP guard (--upstream <url>)');
  if (raw.policy === undefined && (stdio || raw.grants === undefined)) throw new UsageError('--policy <file> is required');
  const transport = raw.upstreamTransport ?? 'auto';
  if (!isUpstreamTransportMode(transport)) throw new UsageError(`--upstream-transport must be one of ${UPSTREAM_TRANSPORTS.join(', ')}`);
  const headers = headersOption(raw.header ?? []);
  const url = raw.upstream === undefined ? undefined : upstreamUrl(raw.upstream);
  const listen = parseListen(raw.listen ?? DEFAULT_LISTEN);
  const policyFile = raw.policy === undefined ? undefined : resolve(io.cwd, raw.policy);

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
    if (stdio) {
      const [command, ...args] = commandWords;
      if (command === undefined || policyFile === undefined) throw new UsageError('give the server command after --');
      return await runStdio(command, args, await openPolicy(policyFile), raw, parts, io);
    }
    if (url === undefined) throw new UsageError('--upstream <url> is required');
    let access: HttpAccess;
    if (raw.grants === undefined) {
      if (policyFile === undefined) throw new UsageError('--policy <file> is required');
      access = { kind: 'open', policy: await openPolicy(policyFile) };
    } else {
      const grants = await readGrants(resolve(io.cwd, raw.grants), policyFile);
      const policies = new Map<string, WatchedPolicy>();
      for (const grant of grants.grants)
        if (!policies.has(grant.policyFile)) policies.set(grant.policyFile, await openPolicy(grant.policyFile));
      access = { kind: 'grants', grants, policies };
    }
    // user:password in --upstream becomes Basic auth (fetch refuses such a URL, quoting it).
    const upstream = moveUrlCredentials(url, headers);
    return await runHttp(upstream.url, upstream.headers, transport, listen, access, raw, parts, io);
  } finally {
    for (const watched of opened) watched.close();
    await parts.approvals.close();
    parts.audit.close();
  }
}

async function runStdio(
  command: string,
  args: string[],
  policy: WatchedPolicy,
  raw: RawGuardOptions,
  parts: GuardParts,
  io: CliIo,
): Promise<ExitCode> {
  const guard = await StdioGuard.start({
    command,
    args,
    env: io.env,
    cwd: io.cwd,
    input: process.stdin,
    output: process.stdout,
    policy,
    approvals: parts.approvals,
    audit: parts.audit,
    ...(raw.name === undefined ? {} : { serverName: raw.name }),
    log: parts.log,
  });
  // However the process ends, the server's tree goes with it.
  const killOnExit = (): void => guard.killNow();
  process.once('exit', killOnExit);
  const stop = stopRequested(io);
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
    process.off('exit', killOnExit);
  }
}

async function runHttp(
  url: URL,
  headers: Record<string, string>,
  transport: 'auto' | 'http' | 'sse',
  listen: { host: string; port: number },
  access: HttpAccess,
  raw: RawGuardOptions,
  parts: GuardParts,
  io: CliIo,
): Promise<ExitCode> {
  const stop = stopRequested(io);
  let guard: HttpGuard;
  try {
    guard = await HttpGuard.start({
      upstreamUrl: url,
      upstreamHeaders: headers,
      upstreamTransport: transport,
      host: listen.host,
      port: listen.port,
      access,
      approvals: parts.approvals,
      audit: parts.audit,
      ...(raw.name === undefined ? {} : { serverName: raw.name }),
      log: parts.log,
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

export async function runHashToken(io: CliIo): Promise<ExitCode> {
  const input = await io.readStdin();
  const token = input.replace(/\r?\n$/, '');
  if (token === '')
    throw new UsageError('hash-token reads the token on standard input (e.g. printf %s "$TOKEN" | mcp-risk guard hash-token)');
  if (token.length > 4096 || /\s/.test(token))
    throw new UsageError('a bearer token is at most 4096 characters with no spaces or line breaks');
  io.stdout.write(`${hashToken(token)}\n`);
  return EXIT.ok;
}

export async function runGuardInstall(raw: RawGuardInstallOptions, io: CliIo): Promise<ExitCode> {
  if (raw.config === undefined || raw.server === undefined || raw.policy === undefined) {
    throw new UsageError('guard install needs --config <file>, --server <name> and --policy <file>');
  }
  const policyFile = resolve(io.cwd, raw.policy);
  const loaded = await loadGuardPolicy(policyFile, raw.server);
  if (!loaded.ok) throw new UsageError(`not installing: ${loaded.message}`);
  const guardOptions = ['--name', raw.server];
  if (raw.auditLog !== undefined) guardOptions.push('--audit-log', resolve(io.cwd, raw.auditLog));
  if (raw.approvalsDir !== undefined) guardOptions.push('--approvals-dir', resolve(io.cwd, raw.approvalsDir));
  if (raw.approvalTimeout !== undefined) guardOptions.push('--approval-timeout', String(approvalTimeoutOption(raw.approvalTimeout)));
  if (raw.tty === false) guardOptions.push('--no-tty');
  const result = await installGuard({
    configFile: raw.config,
    server: raw.server,
    policyFile,
    launcher: { node: process.execPath, bin: guardBinPath() },
    guardOptions,
    cwd: io.cwd,
    home: io.home,
    env: io.env,
  });
  const backup = result.backupWritten === null ? `kept the earlier backup ${result.file}.mcp-risk.bak` : `backup: ${result.backupWritten}`;
  io.stdout.write(
    `${sanitizeForTerminal(`${result.file}: ${raw.server} now runs through mcp-risk guard with ${policyFile} (${backup}); restart the client to apply`, 2000)}\n`,
  );
  const held = Object.values(loaded.policy.tools ?? {}).filter((rule) => rule.action === 'require_approval').length;
  if (held > 0) {
    io.stdout.write(
      `note: ${held} tool${held === 1 ? ' needs' : 's need'} approval; the guard shows each call's approval code on its terminal, so they can be approved only when the client runs in a terminal (started from a desktop app, such calls are denied)\n`,
    );
  }
  return EXIT.ok;
}

export async function runGuardUninstall(raw: RawGuardInstallOptions, io: CliIo): Promise<ExitCode> {
  if (raw.config === undefined || raw.server === undefined)
    throw new UsageError('guard uninstall needs --config <file> and --server <name>');
  const result = await uninstallGuard({ configFile: raw.config, server: raw.server, cwd: io.cwd, home: io.home, env: io.env });
  const how = result.restoredFrom === 'backup' ? 'its command line restored from the backup' : 'its command line unwrapped';
  const backup = result.backupRemoved === null ? '' : `; backup ${result.backupRemoved} removed`;
  io.stdout.write(
    `${sanitizeForTerminal(`${result.file}: ${raw.server} no longer runs through mcp-risk guard (${how}, the rest of its entry kept${backup}); restart the client to apply`, 2000)}\n`,
  );
  return EXIT.ok;
}

/** Adds `guard` (with hash-token, install, uninstall) to the program. */
export function registerGuardCommand(program: Command, context: CommandContext): void {
  const { io, setCode } = context;
  const noCommand = (what: string): void => {
    if (context.commandWords !== null) throw new UsageError(`${what} takes no command after --`);
  };
  const guard = program
    .command('guard')
    .summary('enforce a policy on every tool call: a transparent MCP proxy (stdio or HTTP)')
    .description(
      'Run between an MCP client and a server and apply a policy to every call before it reaches the server: hidden tools vanish from tools/list, denied calls never reach the server, rate limits and approvals are enforced, every decision is audited.',
    )
    .addHelpText(
      'after',
      `
Forms:
  mcp-risk guard --policy <file> [options] -- <command> [args...]     stdio (put this in the client's config)
  mcp-risk guard --policy <file> --upstream <url> [--listen h:port]   streamable HTTP in front of a server
  mcp-risk guard --upstream <url> --grants <file>                     per-token identities and policies
  mcp-risk guard hash-token                                          hash a token (stdin) for a grants file
  mcp-risk guard install --config <file> --server <name> --policy <file>
  mcp-risk guard uninstall --config <file> --server <name>

Calls that need approval wait for a person who sees the guard's terminal (/dev/tty), where each
held call's one-time code is shown: type it back there, or give it to mcp-risk approvals approve <id>
from any other terminal (deny needs no code). Without a terminal nothing can be approved: such
calls are denied at once. No decision within --approval-timeout (default ${DEFAULT_APPROVAL_TIMEOUT_MS} ms, below the
60 s MCP SDK clients wait) denies.
An invalid policy refuses to start (exit 2); an invalid edit while running is ignored and logged.`,
    )
    .enablePositionalOptions()
    .option('--policy <file>', 'the policy to enforce: mcp-risk JSON or YAML, Intercept, Claude Code or Codex')
    .option('--audit-log <file>', 'append one JSON line per decision to this file; <file>.key (0600, made once) keys its argument hashes')
    .option('--name <server>', "the server's name in the audit log; also picks its rules in a policy file for several servers")
    .option('--upstream <url>', 'the HTTP server to guard (streamable HTTP, or legacy SSE)')
    .addOption(new Option('--upstream-transport <transport>', 'how to reach --upstream (default: auto)').choices([...UPSTREAM_TRANSPORTS]))
    .option('--header <"Name: value">', 'an HTTP header for --upstream (repeatable)', collect, [])
    .option('--listen <host:port>', `where the HTTP guard listens (default: ${DEFAULT_LISTEN})`)
    .option('--grants <file>', 'bearer tokens (sha256) → identity and policy, JSON or YAML; no or unknown token → 401')
    .option('--approvals-dir <dir>', 'where pending approvals are kept (default: ~/.mcp-risk/approvals)')
    .option('--approval-timeout <ms>', `how long a call waits for approval before it is denied (default: ${DEFAULT_APPROVAL_TIMEOUT_MS})`)
    .option('--no-tty', 'never ask at the terminal, only show the approval code there; approve with mcp-risk approvals')
    .action(async (options: RawGuardOptions) => {
      setCode(await runGuard(context.commandWords, options, io));
    });
  guard
    .command('hash-token')
    .summary('print the sha256 of a bearer token read on stdin, for a grants file')
    .action(async () => {
      noCommand('guard hash-token');
      setCode(await runHashToken(io));
    });
  const installOptions = (command: Command): Command =>
    command
      .option('--config <file>', 'the MCP client config (Claude Desktop, Claude Code .mcp.json, Cursor, VS Code mcp.json, ...)')
      .option('--server <name>', "the server's name in that config");
  installOptions(guard.command('install'))
    .summary("make a client start a server through the guard (rewrites that server's entry)")
    .option('--policy <file>', 'the policy to enforce')
    .option('--audit-log <file>', 'the guard appends its decisions to this file')
    .option('--approvals-dir <dir>', 'where pending approvals are kept')
    .option('--approval-timeout <ms>', 'how long a call waits for approval')
    .option(
      '--no-tty',
      'the guard never asks at the terminal, only shows approval codes there (for clients that own the terminal, e.g. full-screen CLIs)',
    )
    .action(async (options: RawGuardInstallOptions) => {
      noCommand('guard install');
      setCode(await runGuardInstall(options, io));
    });
  installOptions(guard.command('uninstall'))
    .summary("put a server's own command line back (the rest of its entry stays as it is now)")
    .action(async (options: RawGuardInstallOptions) => {
      noCommand('guard uninstall');
      setCode(await runGuardUninstall(options, io));
    });
}
