/**
 * `mcp-risk policy`: the policy that makes one server safe to hand to an agent.
 *
 *   mcp-risk policy [options] <target>            scan, then print the recommended policy
 *   mcp-risk policy --from <scan.json>            the same from a saved scan report
 *   mcp-risk policy --merge <policy> <target>     keep every existing decision, add new tools
 *   mcp-risk policy check <file>                  validate a policy in any format mcp-risk writes
 *   mcp-risk policy explain <tool> <target>       why this tool gets this action
 *
 * This file declares the command (options, help); ../runners/policy.ts runs it, imported only then.
 */
import { Option, type Command } from 'commander';
import { PROFILES } from '../../policy/policy-model.js';
import { refuseCommandWords, type CommandContext } from '../command-context.js';
import { collect, DEFAULT_TIMEOUT_MS } from '../option-values.js';
import type { RawPolicyCheckOptions, RawPolicyOptions, RawPolicySourceOptions } from '../runners/policy.js';

/** The options that say which server a policy command is about (`policy` and `policy explain`). */
function addPolicySourceOptions(command: Command): Command {
  return command
    .option('--from <scan.json>', 'a report saved with mcp-risk scan --format json, instead of connecting')
    .option('--config <file>', 'an MCP client config file (Claude, Cursor, VS Code, Codex, Zed, ...)')
    .option('--server <name>', 'the server, when the config or the report has several')
    .addOption(new Option('--transport <transport>', 'for a URL: force http (streamable HTTP) or sse').choices(['http', 'sse']))
    .option('--header <"Name: value">', 'an HTTP header for a URL server (repeatable)', collect, [])
    .option('--timeout <ms>', `time allowed for the server, in milliseconds (default: ${DEFAULT_TIMEOUT_MS})`)
    .option('--env <KEY=VALUE>', 'set an environment variable for a stdio server (repeatable)', collect, [])
    .option('--profile <profile>', `how cautious: ${PROFILES.join(', ')} (default: balanced)`);
}

/** Adds `policy` (with check and explain) to the program. */
export function register(program: Command, context: CommandContext): void {
  const { io, commandWords, setCode } = context;
  const policy = addPolicySourceOptions(
    program
      .command('policy')
      .summary('the policy that makes a server safe for an agent: generate, merge, check, explain')
      .description(
        'Scan one server and print the policy that makes it safe to hand to an agent: each tool allowed, rate-limited, sent for approval, denied or hidden, with the evidence that decided it.',
      )
      .addHelpText(
        'after',
        `
Forms:
  mcp-risk policy -- <command> [args...]      a stdio server (or <url>, --config)
  mcp-risk policy --from <scan.json>          from a saved scan --format json
  mcp-risk policy --merge <policy> <target>   keep its decisions, add new tools
  mcp-risk policy check <file>                is this policy valid, and can the guard enforce it exactly?
  mcp-risk policy explain <tool> <target>     why this tool gets this action

Formats: json (default), yaml, intercept, claude-code, codex. Claude Code and Codex cannot rate-limit:
a rate-limited tool that runs code or is high or critical risk is asked about there (ask, approval_mode "prompt").`,
      )
      .enablePositionalOptions()
      .argument('[url]', 'an http(s) URL of a remote MCP server'),
  )
    .option('--format <format>', 'json, yaml, intercept, claude-code, codex (default: json)')
    .option('--merge <policy>', 'a policy to keep: its decisions stay, new tools get recommendations, changes are reported')
    .option('--name <server>', "the server's name in your client config (claude-code, codex; default: its config or own name)")
    .option('--out <file>', 'write the policy to this file instead of standard output')
    .action(async (url: string | undefined, options: RawPolicyOptions) => {
      const { runPolicy } = await import('../runners/policy.js');
      setCode(await runPolicy(url === undefined ? [] : [url], commandWords, options, io));
    });
  policy
    .command('check')
    .summary('validate a policy: mcp-risk JSON or YAML, Intercept, Claude Code or Codex')
    .argument('<file>', 'the policy file')
    .option('--server <name>', 'only the rules for this server (Claude Code and Codex files may hold several)')
    .action(async (file: string, options: RawPolicyCheckOptions) => {
      refuseCommandWords(context, 'policy check takes a file, not a command after --');
      const { runPolicyCheck } = await import('../runners/policy.js');
      setCode(await runPolicyCheck(file, options, io));
    });
  addPolicySourceOptions(
    policy
      .command('explain')
      .summary('why a tool gets its action: category, severity, evidence, reason')
      .argument('<tool>', 'the tool name')
      .argument('[url]', 'an http(s) URL of a remote MCP server (or a command after --, or --config, or --from)'),
  ).action(async (tool: string, url: string | undefined, options: RawPolicySourceOptions) => {
    const { runPolicyExplain } = await import('../runners/policy.js');
    setCode(await runPolicyExplain(tool, url === undefined ? [] : [url], commandWords, options, io));
  });
}
