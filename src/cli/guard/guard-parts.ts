/**
 * What both guards (stdio and HTTP) run with: the audit log, the approval broker, the rate
 * limiter, and a log line on stderr (the guard's stdin and stdout may belong to the MCP client).
 */
import { resolve } from 'node:path';
import { ApprovalStore } from '../../guard/approval-store.js';
import { ApprovalBroker, CLIENT_REQUEST_TIMEOUT_MS } from '../../guard/approvals.js';
import { AuditLog, NO_AUDIT, type AuditSink } from '../../guard/audit-log.js';
import { SlidingWindowLimiter } from '../../guard/rate-limiter.js';
import { TtyPrompter } from '../../guard/tty-prompt.js';
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { approvalsDirOption } from '../approvals-dir.js';
import type { CliIo } from '../io.js';
import { approvalTimeoutOption, type RawGuardOptions } from './guard-options.js';

export interface GuardParts {
  audit: AuditSink;
  approvals: ApprovalBroker;
  limiter: SlidingWindowLimiter;
  log: (line: string) => void;
}

function say(io: CliIo, line: string): void {
  io.stderr.write(`mcp-risk guard: ${sanitizeForTerminal(line, 1000)}\n`);
}

export function guardParts(raw: RawGuardOptions, io: CliIo): GuardParts {
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

/** The options both guards start with: the approval broker, the audit log, the log line and the server's name if given. */
export function commonGuardOptions(
  parts: GuardParts,
  serverName: string | undefined,
): { approvals: ApprovalBroker; audit: AuditSink; log: (line: string) => void; serverName?: string } {
  return {
    approvals: parts.approvals,
    audit: parts.audit,
    ...(serverName === undefined ? {} : { serverName }),
    log: parts.log,
  };
}
