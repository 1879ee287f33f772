/**
 * The approval step of `require_approval`: the call waits until a person decides. Each request is
 * stored as a pending approval (see approval-store.ts) that `mcp-risk approvals approve|deny <id>`
 * decides, and, when the guard has a controlling terminal, asked there too; the first answer
 * wins. No answer within the timeout denies, and so does a request that could be neither stored
 * nor asked (fail closed). A call cancelled by the client withdraws its request.
 */
import { excerptLine, sanitizeTerminalText } from '../connectors/terminal-text.js';
import { errorMessage } from '../errors.js';
import { MAX_ARGUMENTS_PREVIEW_CHARS, newApprovalId, type ApprovalStore, type PendingApproval } from './approval-store.js';
import { previewArguments, type ArgumentSummary } from './call-arguments.js';
import type { TtyPrompter } from './tty-prompt.js';

export const DEFAULT_APPROVAL_TIMEOUT_MS = 120_000;
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

export type ApprovalOutcome =
  | { decision: 'approved' | 'denied'; approvalId: string; by: 'terminal' | 'approvals-command'; note?: string }
  | { decision: 'timed-out'; approvalId: string; timeoutMs: number }
  | { decision: 'cancelled'; approvalId: string }
  | { decision: 'unavailable'; approvalId: string; message: string };

export interface ApprovalBrokerOptions {
  store: ApprovalStore;
  timeoutMs: number;
  /** Null when there is no terminal to ask (or asking there is switched off). */
  prompter: TtyPrompter | null;
  pollMs?: number;
  /** One line for the operator (stderr). */
  log: (line: string) => void;
  now?: () => number;
}

export class ApprovalBroker {
  /** Cancels an open request and resolves once its files are removed. */
  private readonly open = new Map<string, () => Promise<void>>();
  private readonly pollMs: number;
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
    const { store, prompter, timeoutMs, log } = this.options;
    const id = newApprovalId();
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
    if (!stored && prompter === null) {
      return { decision: 'unavailable', approvalId: id, message: `no terminal to ask and the approvals folder ${store.dir} is not writable` };
    }
    if (signal.aborted) {
      await this.forget(id);
      return { decision: 'cancelled', approvalId: id };
    }
    const seconds = Math.round(timeoutMs / 1000);
    if (stored) log(`call to ${excerptLine(request.tool, 80)} waits for approval ${id} (${seconds} s): mcp-risk approvals approve ${id} | deny ${id} --approvals-dir ${store.dir}`);

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
                settle({
                  decision: found.decision === 'approve' ? 'approved' : 'denied',
                  approvalId: id,
                  by: 'approvals-command',
                  ...(found.note === undefined ? {} : { note: found.note }),
                });
              },
              (error: unknown) => {
                polling = false;
                log(`cannot read the decision on approval ${id}: ${errorMessage(error)}; the call is denied`);
                settle({ decision: 'denied', approvalId: id, by: 'approvals-command', note: 'the decision could not be read' });
              },
            );
          }, this.pollMs)
        : undefined;
      signal.addEventListener('abort', onCancel, { once: true });
      if (prompter !== null) {
        prompter.ask(terminalQuestion(request, id, seconds, stored ? store.dir : null), controller.signal).then(
          (answer) => {
            if (answer !== undefined) settle({ decision: answer ? 'approved' : 'denied', approvalId: id, by: 'terminal' });
          },
          (error: unknown) => log(`cannot ask at the terminal: ${errorMessage(error)}`),
        );
      }
    });
  }

  /** Withdraws every open request (each resolves `cancelled`) and removes their files. */
  async close(): Promise<void> {
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

function terminalQuestion(request: ApprovalRequest, id: string, seconds: number, dir: string | null): string {
  const args = sanitizeTerminalText(previewArguments(request.arguments, 1000)).replace(/\n/g, '\n    ');
  const elsewhere = dir === null ? '' : ` (or: mcp-risk approvals approve ${id})`;
  return [
    '',
    `mcp-risk guard: ${excerptLine(request.identity, 60)} wants to call ${excerptLine(request.tool, 120)} on ${excerptLine(request.server, 80)}`,
    `  ${excerptLine(request.rule, 120)}: ${excerptLine(request.reason, 300)}`,
    `  arguments: ${args}`,
    `Approve? [y/N] within ${seconds} s${elsewhere} `,
  ].join('\n');
}
