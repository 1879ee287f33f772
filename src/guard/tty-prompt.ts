/**
 * Asking a person at the terminal. The guard's own stdin and stdout belong to the MCP client, so
 * the question goes to the controlling terminal, /dev/tty, and only when it can be opened (a
 * client started from a desktop app has none). One question at a time; a question whose call was
 * decided elsewhere (approvals command, timeout, cancellation) is withdrawn. Anything but "y" or
 * "yes" is a no.
 */
import { closeSync, openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';

export const CONTROLLING_TERMINAL = '/dev/tty';

export class TtyPrompter {
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {}

  /** A prompter on `path` when it opens as a terminal, else null. */
  static open(path: string = CONTROLLING_TERMINAL): TtyPrompter | null {
    let fd: number;
    try {
      fd = openSync(path, 'r+');
    } catch {
      return null;
    }
    closeSync(fd);
    return new TtyPrompter(path);
  }

  /**
   * Shows `question` and waits for a line: true for y/yes, false for anything else, undefined when
   * `signal` aborted first (before its turn or while waiting).
   */
  ask(question: string, signal: AbortSignal): Promise<boolean | undefined> {
    const turn = this.queue.then(() => (signal.aborted ? undefined : this.askNow(question, signal)));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private askNow(question: string, signal: AbortSignal): Promise<boolean | undefined> {
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
        const answer = /^\s*y(es)?\s*$/i.test(line.slice(0, end));
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
