/**
 * The command line: `run(argv, io)` parses arguments, runs one command and returns its exit
 * code. It never exits the process and never prints a stack: known errors become one line on
 * stderr (and a JSON error object with `--format json`); unknown errors are rethrown to main.
 */
import { Command, CommanderError, Option } from 'commander';
import { errorMessage, isMcpRiskError, UsageError } from '../errors.js';
import { renderJsonError } from '../report/render-json.js';
import { sanitizeForTerminal } from '../hostile-text/sanitize.js';
import { VERSION } from '../version.js';
import type { RawClassifyOptions } from './commands/classify.js';
import type { RawPolicyCheckOptions, RawPolicyOptions, RawPolicySourceOptions } from './commands/policy.js';
import type { RawCatalogueOptions } from './commands/catalogue.js';
import type { RawCrawlOptions } from './commands/crawl.js';
import type { RawScanOptions } from './commands/scan.js';
import { DEFAULT_DB } from './defaults.js';
import { EXIT, exitCodeFor, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { collect, DEFAULT_TIMEOUT_MS } from './report-options.js';

function addReportOptions(command: Command, connects: boolean): Command {
  command
    .addOption(
      new Option('--format <format>', 'output format: table, json, sarif, markdown (default: table on a terminal, json otherwise)'),
    )
    .option('--out <file>', 'write the report to this file instead of standard output')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a tool is at or above this severity (low, medium, high, critical); stderr names those tools',
      ),
    );
  if (connects) {
    command
      .option('--timeout <ms>', `time allowed per server, in milliseconds (default: ${DEFAULT_TIMEOUT_MS})`)
      .option('--env <KEY=VALUE>', 'set an environment variable for a stdio server (repeatable)', collect, []);
  }
  return command.option('--no-color', 'no colours in the table (also: NO_COLOR)');
}

/** Every command, by name. Only the named command's modules are loaded, so `scan` starts fast. */
const COMMAND_NAMES = ['scan', 'classify', 'policy', 'crawl', 'catalogue', 'publish', 'guard', 'approvals'] as const;

async function buildProgram(
  io: CliIo,
  commandWords: string[] | null,
  setCode: (code: ExitCode) => void,
  only: string | undefined,
): Promise<Command> {
  const want = (name: string): boolean => only === undefined || only === name;
  const program = new Command('mcp-risk');
  program
    .description('What the tools of an MCP server can do to you, and what to do about it.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .enablePositionalOptions()
    .addHelpText(
      'after',
      `
Exit codes: 0 done, nothing at or above --fail-on; 1 a tool at or above --fail-on;
            2 bad usage or unreadable input; 3 a server could not be reached or failed the protocol;
            130 a crawl interrupted (what finished is kept).
Nothing leaves this machine except the connections to the servers you name.`,
    );

  if (want('scan'))
    addReportOptions(
      program
        .command('scan')
        .summary('connect to MCP servers, list every tool, classify each with evidence')
        .description('Connect to MCP servers, list every tool and classify each one with evidence.')
        .addHelpText(
          'after',
          `
Targets:
  mcp-risk scan [options] -- <command> [args...]    a stdio server (started here, killed afterwards)
  mcp-risk scan [options] <url>                     streamable HTTP, falling back to legacy SSE
  mcp-risk scan --config <file> [--server <name>]   servers from an MCP client config file
  mcp-risk scan                                     every server in the client configs on this machine`,
        )
        .argument('[url]', 'an http(s) URL of a remote MCP server')
        .option('--config <file>', 'an MCP client config file (Claude, Cursor, VS Code, Codex, Zed, ...)')
        .option('--server <name>', 'with --config or discovery: only this server (<name>, or <client>:<name> when clients share a name)')
        .addOption(new Option('--transport <transport>', 'for a URL: force http (streamable HTTP) or sse').choices(['http', 'sse']))
        .option('--header <"Name: value">', 'an HTTP header for a URL server (repeatable)', collect, []),
      true,
    ).action(async (url: string | undefined, options: RawScanOptions) => {
      const { runScan } = await import('./commands/scan.js');
      setCode(await runScan(url === undefined ? [] : [url], commandWords, options, io));
    });

  if (want('classify'))
    addReportOptions(
      program
        .command('classify')
        .summary('classify tool definitions from a file without connecting')
        .description(
          'Classify tool definitions without connecting: a tools/list result ({"tools":[...]}), a JSON array of tools, JSON Lines of tools (streamed: any number of lines, 16 MB each), or a saved `scan --format json` report or catalogue (classified again from the definitions it keeps).',
        )
        .argument('<file>', 'the file, or - for standard input')
        .option('--name <server>', "the server's name, to recognise tool-name prefixes (default: the file's name)"),
      false,
    ).action(async (file: string, options: RawClassifyOptions) => {
      if (commandWords !== null) throw new UsageError('classify takes a file, not a command after --');
      const { runClassify } = await import('./commands/classify.js');
      setCode(await runClassify(file, options, io));
    });

  if (want('policy')) {
    const { addPolicySourceOptions, runPolicy, runPolicyCheck, runPolicyExplain } = await import('./commands/policy.js');
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
        setCode(await runPolicy(url === undefined ? [] : [url], commandWords, options, io));
      });
    policy
      .command('check')
      .summary('validate a policy: mcp-risk JSON or YAML, Intercept, Claude Code or Codex')
      .argument('<file>', 'the policy file')
      .option('--server <name>', 'only the rules for this server (Claude Code and Codex files may hold several)')
      .action(async (file: string, options: RawPolicyCheckOptions) => {
        if (commandWords !== null) throw new UsageError('policy check takes a file, not a command after --');
        setCode(await runPolicyCheck(file, options, io));
      });
    addPolicySourceOptions(
      policy
        .command('explain')
        .summary('why a tool gets its action: category, severity, evidence, reason')
        .argument('<tool>', 'the tool name')
        .argument('[url]', 'an http(s) URL of a remote MCP server (or a command after --, or --config, or --from)'),
    ).action(async (tool: string, url: string | undefined, options: RawPolicySourceOptions) => {
      setCode(await runPolicyExplain(tool, url === undefined ? [] : [url], commandWords, options, io));
    });
  }

  if (want('crawl'))
    program
      .command('crawl')
      .summary('crawl catalogues of MCP servers into the embedded store (resumable)')
      .description(
        'Find servers in catalogue sources, run each in a sandbox, classify every tool, and keep the results and their change history in the store.',
      )
      .option(
        '--source <kind:location>',
        'list:<file>, npm:<name>[,<name>] or npm:@<file>, registry:<base-url>, html:<url> (repeatable)',
        collect,
        [],
      )
      .option('--db <file>', `the store (default: ${DEFAULT_DB})`)
      .option('--concurrency <n>', 'servers crawled at a time (default: 4)')
      .option('--limit <n>', 'crawl at most this many due servers in this run')
      .option('--timeout <ms>', 'time allowed per server scan, in milliseconds (default: 30000)')
      .option('--registry <url>', 'npm registry (default: $npm_config_registry or https://registry.npmjs.org/)')
      .option('--max-age <hours>', 'a server crawled longer ago than this is due again; 0 re-crawls everything (default: 168)')
      .option('--failed-max-age <hours>', 'a server whose last crawl failed is due again after this long (default: 6)')
      .option('--retry-failed', 'crawl only the servers whose last crawl failed, whatever their age')
      .option('--render', 'load html: catalogue pages in Chromium (for pages built with JavaScript)')
      .option('--page-cap <n>', 'most pages an html: source fetches (default: 200)')
      .option(
        '--cache-dir <dir>',
        'where npm packages are installed (default: ~/.cache/mcp-risk/packages; as root /var/cache/mcp-risk/packages)',
      )
      .option('--allow-unsandboxed', 'run crawled servers even when no sandbox works (bubblewrap; unshare -n only when not root)')
      .option('--expose <dir>', 'a folder every crawled server may read besides its own files (repeatable)', collect, [])
      .option('--memory <MiB>', "memory of each server's whole process tree, tmpfs included (default: 2048)")
      .option('--max-processes <n>', 'processes and threads of each server (default: 256)')
      .option('--tmp-size <MiB>', "size of each server's /tmp, /dev/shm and HOME, each a tmpfs (default: 256)")
      .option('--json', 'print the summary as JSON (no progress display)')
      .addHelpText(
        'after',
        `
Crawled servers are untrusted code: each runs in bubblewrap (unshare -n only when not root) without
network, as an unprivileged user (as root: a host uid of its own), seeing the system read-only, the
files its command line names and --expose folders, nothing else; a scrubbed environment (only what its
entry declares; dummy values for secrets); tmpfs /tmp, /dev/shm and HOME (--tmp-size); CPU time, memory
(--memory, a cgroup where one can be made), process (--max-processes) and output limits; its whole
process tree killed afterwards. Running the same command again continues an interrupted crawl and
re-scans only servers that are due (new, changed in the source, changed version, failed longer ago
than --failed-max-age, or older than --max-age). Exit codes: 0 done
(failed servers are recorded, not errors), 2 bad usage, no usable sandbox, a full disk, or the store is
locked by another crawl, 130 interrupted (finished servers are kept).`,
      )
      .action(async (options: RawCrawlOptions) => {
        if (commandWords !== null) throw new UsageError('crawl takes --source options, not a command after --');
        const { runCrawl } = await import('./commands/crawl.js');
        setCode(await runCrawl(options, io));
      });

  if (want('catalogue'))
    program
      .command('catalogue')
      .summary('print what the crawl store holds')
      .description(
        'Per server: crawl metadata, status, change history and its classified tools in the same JSON shape as scan --format json.',
      )
      .option('--db <file>', `the store (default: ${DEFAULT_DB})`)
      .option('--format <format>', 'table or json (default: table on a terminal, json otherwise)')
      .option('--server <name>', 'only this server (by name or id), with its tools and history')
      .option('--no-color', 'no colours in the table')
      .action(async (options: RawCatalogueOptions) => {
        const { runCatalogue } = await import('./commands/catalogue.js');
        setCode(await runCatalogue(options, io));
      });

  if (want('guard')) (await import('./commands/guard.js')).register(program, { io, commandWords, setCode });
  if (want('approvals')) (await import('./commands/approvals.js')).register(program, { io, commandWords, setCode });
  if (want('publish')) (await import('./commands/publish.js')).register(program, { io, commandWords, setCode });

  return program;
}

function wantsJson(argv: readonly string[]): boolean {
  const index = argv.findIndex((arg) => arg === '--format' || arg.startsWith('--format='));
  if (index < 0) return false;
  const arg = argv[index] ?? '';
  return (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1]) === 'json';
}

export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const split = argv.indexOf('--');
  const ours = split >= 0 ? argv.slice(0, split) : [...argv];
  const commandWords = split >= 0 ? argv.slice(split + 1) : null;
  let code: ExitCode = EXIT.ok;
  const first = ours[0];
  const only = first !== undefined && (COMMAND_NAMES as readonly string[]).includes(first) ? first : undefined;
  const program = await buildProgram(
    io,
    commandWords,
    (c) => {
      code = c;
    },
    only,
  );
  try {
    if (ours.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(ours, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok;
      return report(io, argv, 'usage', error.message.replace(/^error:\s*/i, ''));
    }
    if (isMcpRiskError(error)) {
      report(io, argv, error.code, error.message);
      return exitCodeFor(error);
    }
    throw error;
  }
}

function report(io: CliIo, argv: readonly string[], code: string, message: string): ExitCode {
  const line = sanitizeForTerminal(errorMessage(message), 500);
  io.stderr.write(`mcp-risk: ${line}\n`);
  if (wantsJson(argv)) io.stdout.write(renderJsonError({ code, message: line }));
  return EXIT.usage;
}
