/**
 * The command line: `run(argv, io)` parses arguments, runs one command and returns its exit
 * code. It never exits the process and never prints a stack: known errors become one line on
 * stderr (and a JSON error object with `--format json`); unknown errors are rethrown to main.
 */
import { Command, CommanderError } from 'commander';
import { errorMessage, isMcpRiskError } from '../errors.js';
import { renderJsonError } from '../report/render-json.js';
import { sanitizeForTerminal } from '../hostile-text/sanitize.js';
import { VERSION } from '../version.js';
import type { CommandContext, CommandModule } from './command-context.js';
import { EXIT, exitCodeFor, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/**
 * Every command, by name, in the order the help lists them. Only the named command's module is
 * loaded, so `scan` starts fast (and loads neither the crawler nor the site); the help lists them all.
 * A command module only declares its command (commander, options, help text): what runs it is
 * imported in its action, so listing every command loads no scanner, crawler, site or guard.
 */
const COMMANDS = {
  scan: () => import('./commands/scan.js'),
  classify: () => import('./commands/classify.js'),
  policy: () => import('./commands/policy.js'),
  crawl: () => import('./commands/crawl.js'),
  catalogue: () => import('./commands/catalogue.js'),
  guard: () => import('./commands/guard.js'),
  approvals: () => import('./commands/approvals.js'),
  publish: () => import('./commands/publish.js'),
} satisfies Record<string, () => Promise<CommandModule>>;

type CommandName = keyof typeof COMMANDS;

function isCommandName(word: string | undefined): word is CommandName {
  return word !== undefined && Object.hasOwn(COMMANDS, word);
}

/** Which commands to declare: the one named first; none for `--version` alone; otherwise all (help, errors). */
function commandsFor(first: string | undefined): CommandName[] {
  if (isCommandName(first)) return [first];
  if (first === '--version' || first === '-V') return [];
  return Object.keys(COMMANDS) as CommandName[];
}

async function buildProgram(context: CommandContext, names: readonly CommandName[]): Promise<Command> {
  const { io } = context;
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
            70 internal error; 130 a crawl interrupted (what finished is kept).
Nothing leaves this machine except the connections to the servers you name.`,
    );
  const modules: CommandModule[] = await Promise.all(names.map((name) => COMMANDS[name]()));
  for (const module of modules) module.register(program, context);
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
  const setCode = (c: ExitCode): void => {
    code = c;
  };
  const program = await buildProgram({ io, commandWords, setCode }, commandsFor(ours[0]));
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
