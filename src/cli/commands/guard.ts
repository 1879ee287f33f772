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
 * This file declares the command (options, help); its parts are in ../guard/, each imported only
 * when its command runs.
 */
import { Option, type Command } from 'commander';
import { DEFAULT_APPROVAL_TIMEOUT_MS, UPSTREAM_TRANSPORTS } from '../../guard/guard-settings.js';
import { refuseCommandWords, type CommandContext } from '../command-context.js';
import { DEFAULT_LISTEN, type RawGuardInstallOptions, type RawGuardOptions } from '../guard/guard-options.js';
import { collect } from '../option-values.js';

/** Adds `guard` (with hash-token, install, uninstall) to the program. */
export function register(program: Command, context: CommandContext): void {
  const { io, setCode } = context;
  const noCommand = (what: string): void => refuseCommandWords(context, `${what} takes no command after --`);
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
      const { runGuard } = await import('../guard/run-guard.js');
      setCode(await runGuard(context.commandWords, options, io));
    });
  guard
    .command('hash-token')
    .summary('print the sha256 of a bearer token read on stdin, for a grants file')
    .action(async () => {
      noCommand('guard hash-token');
      const { runHashToken } = await import('../guard/hash-token.js');
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
      const { runGuardInstall } = await import('../guard/guard-install.js');
      setCode(await runGuardInstall(options, io));
    });
  installOptions(guard.command('uninstall'))
    .summary("put a server's own command line back (the rest of its entry stays as it is now)")
    .action(async (options: RawGuardInstallOptions) => {
      noCommand('guard uninstall');
      const { runGuardUninstall } = await import('../guard/guard-install.js');
      setCode(await runGuardUninstall(options, io));
    });
}
