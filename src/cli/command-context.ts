/**
 * What every command is given when it registers: the outside world, the words after `--`, and
 * where to put its exit code. Each `commands/<name>.ts` exports `register(program, context)`.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  /** The words after `--`, or null. */
  commandWords: string[] | null;
  setCode: (code: ExitCode) => void;
}

/** A command module: it adds its command (options, help text, action) to the program. */
export interface CommandModule {
  register(program: Command, context: CommandContext): void;
}

/** For commands that run no server: words after `--` are a usage error, saying `message`. */
export function refuseCommandWords(context: CommandContext, message: string): void {
  if (context.commandWords !== null) throw new UsageError(message);
}
