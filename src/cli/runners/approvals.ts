/**
 * Runs `mcp-risk approvals`, declared (and described) in ../commands/approvals.ts.
 */
import { userInfo } from 'node:os';
import { UsageError } from '../../errors.js';
import { ApprovalStore, previewMatchesHash, type ApprovalVerdict, type PendingApproval } from '../../guard/approval-store.js';
import { controllingTerminalName } from '../../guard/tty-prompt.js';
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { approvalsDirOption } from '../approvals-dir.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export interface RawApprovalsOptions {
  approvalsDir?: string;
  json?: boolean;
  note?: string;
  code?: string;
}

/** Who runs this command, for the guard's audit log: "alice at /dev/pts/4 (pid 1234)". */
function decidedBy(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = 'unknown user';
  }
  return `${user} at ${controllingTerminalName() ?? 'no terminal'} (pid ${process.pid})`;
}

async function approvalCode(raw: RawApprovalsOptions, io: CliIo): Promise<string> {
  if (raw.code !== undefined) return raw.code;
  const prompt = "approval code shown at the guard's terminal: ";
  if (io.readLine !== undefined) return io.readLine(prompt);
  return (await io.readStdin()).split('\n')[0] ?? '';
}

function clean(text: string, max: number): string {
  return sanitizeForTerminal(text, max);
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))} s`;
}

/** The start of the arguments' hash (the guard's terminal shows it too), and a warning when the shown arguments are not the call's. */
function hashNote(approval: PendingApproval): string {
  if (approval.argumentsSha256 === null) return '';
  const edited = previewMatchesHash(approval) === false ? ', NOT the arguments shown: the file was edited' : '';
  return ` (sha256 ${approval.argumentsSha256.slice(0, 12)}${edited})`;
}

function describe(approval: PendingApproval, now: number): string {
  const waited = now - Date.parse(approval.createdAt);
  const left = Date.parse(approval.expiresAt) - now;
  const args = approval.arguments.length > 600 ? `${approval.arguments.slice(0, 599)}…` : approval.arguments;
  return [
    `${approval.id}  ${clean(approval.tool, 120)} on ${clean(approval.server, 80)} for ${clean(approval.identity, 60)}  (waiting ${seconds(waited)}, ${seconds(left)} left)`,
    `    ${clean(approval.rule, 120)}: ${clean(approval.reason, 300)}`,
    `    arguments${hashNote(approval)}: ${clean(args.replace(/\s+/g, ' '), 700)}`,
  ].join('\n');
}

export async function runApprovalsList(raw: RawApprovalsOptions, io: CliIo): Promise<ExitCode> {
  const store = new ApprovalStore(approvalsDirOption(raw.approvalsDir, io));
  const now = Date.now();
  const all = await store.list(now);
  const stale = all.filter((entry) => entry.state !== 'pending');
  for (const entry of stale) await store.remove(entry.approval.id);
  if (stale.length > 0)
    io.stderr.write(`mcp-risk: removed ${stale.length} stale approval${stale.length === 1 ? '' : 's'} (expired, or their guard is gone)\n`);
  const pending = all.filter((entry) => entry.state === 'pending' && !entry.decided).map((entry) => entry.approval);
  if (raw.json === true) {
    io.stdout.write(`${JSON.stringify({ dir: store.dir, approvals: pending }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (pending.length === 0) {
    io.stdout.write(`no calls waiting for approval in ${clean(store.dir, 500)}\n`);
    return EXIT.ok;
  }
  io.stdout.write(`${pending.map((approval) => describe(approval, now)).join('\n')}\n`);
  return EXIT.ok;
}

export async function runApprovalsDecide(id: string, verdict: ApprovalVerdict, raw: RawApprovalsOptions, io: CliIo): Promise<ExitCode> {
  const store = new ApprovalStore(approvalsDirOption(raw.approvalsDir, io));
  if (raw.note !== undefined && raw.note.length > 500) throw new UsageError('--note is at most 500 characters');
  const code = verdict === 'approve' ? await approvalCode(raw, io) : undefined;
  const approval = await store.decide(id, verdict, Date.now(), {
    decidedBy: decidedBy(),
    ...(code === undefined ? {} : { code }),
    ...(raw.note === undefined ? {} : { note: raw.note }),
  });
  const call = `${clean(approval.tool, 120)} on ${clean(approval.server, 80)} for ${clean(approval.identity, 60)}`;
  io.stdout.write(
    verdict === 'approve'
      ? `approval of ${approval.id} sent: ${call} (the guard lets the call through if the code is right; a wrong code denies it)\n`
      : `denied ${approval.id}: ${call}\n`,
  );
  return EXIT.ok;
}
