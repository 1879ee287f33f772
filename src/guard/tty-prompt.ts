/**
 * Asking a person at the terminal. The guard's own stdin and stdout belong to the MCP client, so
 * the question goes to the controlling terminal, /dev/tty, and only when it opens as a terminal (a
 * client started from a desktop app has none). One question at a time; a question whose call was
 * decided elsewhere (approvals command, timeout, cancellation) is withdrawn. The answer is yes only
 * when the line passes `accepts` ("y" or "yes" unless told otherwise; the guard asks for the
 * one-time code, which a process that can push keystrokes into the terminal does not know).
 * `show` writes a line without asking (the one-time approval code, see
 * approval-code.ts): what is written to a terminal goes to the screen, and no other process of
 * the user can read it back.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isatty, ReadStream, WriteStream } from 'node:tty';

export const CONTROLLING_TERMINAL = '/dev/tty';

/** The name of this process's controlling terminal (e.g. /dev/pts/3), from /proc; null when there is none or no /proc. */
export function controllingTerminalName(): string | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp session tty_nr ...
  const ttyNr = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[4]);
  if (!Number.isInteger(ttyNr) || ttyNr <= 0) return null;
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
  if (major >= 136 && major <= 143) return `/dev/pts/${(major - 136) * 256 + minor}`;
  if (major === 4 && minor < 64) return `/dev/tty${minor}`;
  return `terminal ${major}:${minor}`;
}

/** Who is at this process's terminal, for the audit log: "alice at /dev/pts/3". */
export function terminalUser(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = 'unknown user';
  }
  return `${user} at ${controllingTerminalName() ?? 'no terminal'}`;
}

function isYes(line: string): boolean {
  return /^\s*y(es)?\s*$/i.test(line);
}

export class TtyPrompter {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    /** Who answers here, for the audit log. */
    readonly who: string,
  ) {}

  /** A prompter on `path` when it opens as a terminal, else null. */
  static open(path: string = CONTROLLING_TERMINAL): TtyPrompter | null {
    let fd: number;
    try {
      fd = openSync(path, 'r+');
    } catch {
      return null;
    }
    try {
      if (!isatty(fd)) return null;
    } finally {
      closeSync(fd);
    }
    return new TtyPrompter(path, terminalUser());
  }

  /** Writes `text` to the terminal (nothing is read); false when it cannot be written. */
  show(text: string): boolean {
    try {
      const fd = openSync(this.path, 'w');
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Shows `question` and waits for a line: true when `accepts` it (default: y/yes), false for anything else, undefined when
   * `signal` aborted first (before its turn or while waiting).
   */
  ask(question: string, signal: AbortSignal, accepts: (line: string) => boolean = isYes): Promise<boolean | undefined> {
    const turn = this.queue.then(() => (signal.aborted ? undefined : this.askNow(question, signal, accepts)));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private askNow(question: string, signal: AbortSignal, accepts: (line: string) => boolean): Promise<boolean | undefined> {
    let input: ReadStream;
    let output: WriteStream;
    try {
      input = new ReadStream(openSync(this.path, 'r'));
      output = new WriteStream(openSync(this.path, 'w'));
    } catch {
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => {
      let line = '';
      const finish = (answer: boolean | undefined, note: string): void => {
        signal.removeEventListener('abort', onAbort);
        input.off('data', onData);
        input.off('error', onError);
        output.write(note, () => output.destroy());
        input.destroy();
        resolve(answer);
      };
      const onData = (chunk: Buffer): void => {
        line += chunk.toString('utf8');
        const end = line.indexOf('\n');
        if (end < 0) {
          if (line.length > 1000) finish(false, 'denied\n');
          return;
        }
        const answer = accepts(line.slice(0, end));
        finish(answer, answer ? 'approved\n' : 'denied\n');
      };
      const onError = (): void => finish(undefined, '');
      const onAbort = (): void => finish(undefined, '\n(decided elsewhere)\n');
      signal.addEventListener('abort', onAbort, { once: true });
      input.on('data', onData);
      input.on('error', onError);
      output.write(question);
    });
  }
}
