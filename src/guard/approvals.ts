/**
 * The approval step of `require_approval`: the call waits until a person decides.
 *
 * Who may approve: only someone who sees the guard's controlling terminal. Each held call gets a
 * one-time code (approval-code.ts) that the guard shows there and keeps in memory only. A person
 * approves either by typing the code back at that terminal (unless asking there is switched off;
 * a plain "y" is not enough, since a process on the same terminal may be able to push keystrokes
 * into it) or from any other terminal with `mcp-risk approvals approve <id>` and the code. The
 * call is also stored as a pending approval (approval-store.ts) so it can be listed and denied
 * from anywhere; a decision file that
 * approves without a valid proof of the code denies the call (so codes cannot be guessed). Without
 * a terminal there is nowhere to show a code, so no call can be approved: it is denied at once
 * (fail closed). No answer within the timeout denies; so does a request that could be neither
 * stored nor asked. A call cancelled by the client withdraws its request.
 */
import { excerptLine, sanitizeTerminalText } from '../hostile-text/terminal-text.js';
import { errorMessage } from '../errors.js';
import { isValidApprovalProof, newApprovalCode, normalizeApprovalCode } from './approval-code.js';
import { MAX_ARGUMENTS_PREVIEW_CHARS, newApprovalId, type ApprovalStore, type PendingApproval } from './approval-store.js';
import { previewArguments, type ArgumentSummary } from './call-arguments.js';
import { DEFAULT_APPROVAL_TIMEOUT_MS } from './guard-settings.js';

export { DEFAULT_APPROVAL_TIMEOUT_MS };
/** What MCP SDK clients wait for a tool call by default. */
export const CLIENT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_APPROVAL_POLL_MS = 100;

export interface ApprovalRequest {
  identity: string;
  server: string;
  tool: string;
  rule: string;
  reason: string;
  arguments: unknown;
  summary: ArgumentSummary;
}

/** The guard's controlling terminal, as the broker uses it (TtyPrompter). */
export interface ApprovalTerminal {
  /** Who answers there, for the audit log ("alice at /dev/pts/3"). */
  readonly who: string;
  /** Writes text to the terminal; false when it could not. */
  show(text: string): boolean;
  /** Asks for a line: true when `accepts` it, false for anything else, undefined when `signal` withdrew the question. */
  ask(question: string, signal: AbortSignal, accepts: (line: string) => boolean): Promise<boolean | undefined>;
}

/** How a decision was made: at the guard's terminal, or with `mcp-risk approvals`. */
export type ApprovalVia = 'terminal' | 'approvals-command';

export type ApprovalOutcome =
  | { decision: 'approved' | 'denied'; approvalId: string; via: ApprovalVia; by: string; note?: string }
  | { decision: 'timed-out'; approvalId: string; timeoutMs: number }
  | { decision: 'cancelled'; approvalId: string }
  | { decision: 'unavailable'; approvalId: string; message: string };

export interface ApprovalBrokerOptions {
  store: ApprovalStore;
  timeoutMs: number;
  /** The guard's controlling terminal; null when it has none (then nothing can be approved). */
  terminal: ApprovalTerminal | null;
  /** Ask at the terminal, where typing the code approves (false: only show the code there, for terminals a full-screen agent owns). */
  ask: boolean;
  pollMs?: number;
  /** One line for the operator (stderr). */
  log: (line: string) => void;
  now?: () => number;
}

export class ApprovalBroker {
  /** Cancels an open request and resolves once its files are removed. */
  private readonly open = new Map<string, () => Promise<void>>();
  private readonly pollMs: number;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: ApprovalBrokerOptions) {
    this.pollMs = options.pollMs ?? DEFAULT_APPROVAL_POLL_MS;
    this.now = options.now ?? Date.now;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Waits for a decision on one call; `signal` withdraws the request (outcome `cancelled`). */
  async request(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalOutcome> {
    const { store, terminal, ask, timeoutMs, log } = this.options;
    const id = newApprovalId();
    if (terminal === null) {
      return {
        decision: 'unavailable',
        approvalId: id,
        message: "approvals need the guard's terminal, where the one-time approval code is shown, and this guard has none",
      };
    }
    const code = newApprovalCode();
    const created = this.now();
    const pending: PendingApproval = {
      version: 1,
      id,
      createdAt: new Date(created).toISOString(),
      expiresAt: new Date(created + timeoutMs).toISOString(),
      guardPid: process.pid,
      identity: request.identity,
      server: request.server,
      tool: request.tool,
      rule: request.rule,
      reason: request.reason,
      argumentKeys: request.summary.keys,
      argumentsSha256: request.summary.sha256,
      arguments: previewArguments(request.arguments, MAX_ARGUMENTS_PREVIEW_CHARS),
    };
    let stored = false;
    try {
      await store.add(pending);
      stored = true;
    } catch (error) {
      log(`cannot store approval ${id} in ${store.dir}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
    }
    if (!stored && !ask) {
      return {
        decision: 'unavailable',
        approvalId: id,
        message: `the approvals folder ${store.dir} cannot be used and asking at the terminal is switched off`,
      };
    }
    // Cancelled by the client, or the guard closed, while the pending file was being written.
    if (signal.aborted || this.closed) {
      await this.forget(id);
      return { decision: 'cancelled', approvalId: id };
    }
    const seconds = Math.round(timeoutMs / 1000);
    if (stored) {
      // stderr goes to the MCP client (and its logs): never the code.
      log(
        `call to ${excerptLine(request.tool, 80)} waits for approval ${id} (${seconds} s): approve it with mcp-risk approvals approve ${id} and the code shown at the guard's terminal, or deny it with mcp-risk approvals deny ${id} --approvals-dir ${store.dir}`,
      );
    }
    if (stored && !ask && !terminal.show(codeLine(request, id, code, seconds))) {
      await this.forget(id);
      return { decision: 'unavailable', approvalId: id, message: "the approval code cannot be shown at the guard's terminal" };
    }

    const controller = new AbortController();
    return new Promise<ApprovalOutcome>((resolve) => {
      let settled = false;
      let polling = false;
      let forgotten: Promise<void> = Promise.resolve();
      const settle = (outcome: ApprovalOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (poller !== undefined) clearInterval(poller);
        signal.removeEventListener('abort', onCancel);
        controller.abort();
        this.open.delete(id);
        forgotten = this.forget(id).then(() => resolve(outcome));
      };
      this.open.set(id, () => {
        settle({ decision: 'cancelled', approvalId: id });
        return forgotten;
      });
      const onCancel = (): void => settle({ decision: 'cancelled', approvalId: id });
      const timer = setTimeout(() => settle({ decision: 'timed-out', approvalId: id, timeoutMs }), timeoutMs);
      const poller = stored
        ? setInterval(() => {
            if (polling || settled) return;
            polling = true;
            store.decisionFor(id).then(
              (found) => {
                polling = false;
                if (found === undefined) return;
                const claimed = `${excerptLine(found.decidedBy, 150)} (claimed)`;
                if (found.decision === 'deny') {
                  settle({
                    decision: 'denied',
                    approvalId: id,
                    via: 'approvals-command',
                    by: claimed,
                    ...(found.note === undefined ? {} : { note: found.note }),
                  });
                  return;
                }
                const claim = { id, tool: request.tool, argumentsSha256: request.summary.sha256, decidedBy: found.decidedBy };
                if (!isValidApprovalProof(code, claim, found.proof)) {
                  log(`approval ${id} came without the valid code from this terminal; the call is denied`);
                  settle({
                    decision: 'denied',
                    approvalId: id,
                    via: 'approvals-command',
                    by: claimed,
                    note: "approved without the valid code from the guard's terminal, so denied",
                  });
                  return;
                }
                settle({
                  decision: 'approved',
                  approvalId: id,
                  via: 'approvals-command',
                  by: found.decidedBy,
                  ...(found.note === undefined ? {} : { note: found.note }),
                });
              },
              (error: unknown) => {
                polling = false;
                log(`cannot read the decision on approval ${id}: ${errorMessage(error)}; the call is denied`);
                settle({
                  decision: 'denied',
                  approvalId: id,
                  via: 'approvals-command',
                  by: 'unknown',
                  note: 'the decision could not be read',
                });
              },
            );
          }, this.pollMs)
        : undefined;
      signal.addEventListener('abort', onCancel, { once: true });
      if (ask) {
        const accepts = (line: string): boolean => normalizeApprovalCode(line) === normalizeApprovalCode(code);
        terminal.ask(terminalQuestion(request, id, seconds, code, stored), controller.signal, accepts).then(
          (answer) => {
            if (answer !== undefined)
              settle({ decision: answer ? 'approved' : 'denied', approvalId: id, via: 'terminal', by: terminal.who });
          },
          (error: unknown) => log(`cannot ask at the terminal: ${errorMessage(error)}`),
        );
      }
    });
  }

  /** Withdraws every open request (each resolves `cancelled`) and removes their files. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.open.values()].map((cancel) => cancel()));
  }

  private async forget(id: string): Promise<void> {
    try {
      await this.options.store.remove(id);
    } catch (error) {
      this.options.log(`cannot remove approval ${id}: ${errorMessage(error)}`);
    }
  }
}

function terminalQuestion(request: ApprovalRequest, id: string, seconds: number, code: string, stored: boolean): string {
  const args = sanitizeTerminalText(previewArguments(request.arguments, 1000)).replace(/\n/g, '\n    ');
  const elsewhere = stored ? ` (or elsewhere: mcp-risk approvals approve ${id} with this code)` : '';
  return [
    '',
    `mcp-risk guard: ${excerptLine(request.identity, 60)} wants to call ${excerptLine(request.tool, 120)} on ${excerptLine(request.server, 80)}`,
    `  ${excerptLine(request.rule, 120)}: ${excerptLine(request.reason, 300)}`,
    `  arguments: ${args}`,
    `Type ${code} to approve, anything else denies, within ${seconds} s${elsewhere}: `,
  ].join('\n');
}

/** The line shown at the terminal when the guard does not ask there (--no-tty): the code, and what it approves. */
function codeLine(request: ApprovalRequest, id: string, code: string, seconds: number): string {
  const hash = request.summary.sha256 === null ? '' : `, arguments sha256 ${request.summary.sha256.slice(0, 12)}`;
  return `\r\nmcp-risk guard: ${excerptLine(request.tool, 120)} on ${excerptLine(request.server, 80)} waits for approval ${id}${hash}; approval code ${code} (mcp-risk approvals approve ${id}; ${seconds} s)\r\n`;
}
