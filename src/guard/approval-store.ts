/**
 * Pending approvals as files, so a person can decide a call from another terminal with
 * `mcp-risk approvals`. In the approvals folder (mode 0700):
 *
 *   <id>.pending.json    written by the guard when a call needs approval (what, who, why, arguments)
 *   <id>.decision.json   written by `mcp-risk approvals approve|deny <id>`; the guard polls for it
 *
 * Anything running as the same user can write these files, so a file proves nothing by itself: an
 * approval counts only with a proof made from the one-time code the guard showed on its terminal
 * (see approval-code.ts); a denial needs none (refusing is always safe). The folder must be a real
 * folder owned by this user with no access for group or others, else it is refused.
 *
 * Every write is atomic (temporary file, then rename). The guard removes both files once the call
 * is decided, timed out or cancelled. Files are read as untrusted: bounded and checked field by field.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { approvalProof, normalizeApprovalCode } from './approval-code.js';
import { canonicalJson } from './call-arguments.js';
import { readBoundedText } from '../hostile-text/read-bounded-text.js';
import { isUntrustedRecord, ownValue, quoteUntrusted } from '../hostile-text/untrusted-value.js';
import { InputError, UsageError, isMcpRiskError } from '../errors.js';
import { isProcessPresent } from '../connectors/process-tree.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

export const APPROVAL_FILE_VERSION = 1;
const MAX_APPROVAL_FILE_BYTES = 64 * 1024;
/** The arguments shown to the person deciding are cut to this many characters. */
export const MAX_ARGUMENTS_PREVIEW_CHARS = 4000;
const ID_PATTERN = /^[0-9a-f]{12}$/;
const PENDING_SUFFIX = '.pending.json';
const DECISION_SUFFIX = '.decision.json';

export interface PendingApproval {
  version: typeof APPROVAL_FILE_VERSION;
  id: string;
  createdAt: string;
  expiresAt: string;
  guardPid: number;
  identity: string;
  server: string;
  tool: string;
  rule: string;
  reason: string;
  argumentKeys: string[];
  argumentsSha256: string | null;
  /** The arguments as JSON, cut to MAX_ARGUMENTS_PREVIEW_CHARS: a person cannot decide without them. */
  arguments: string;
}

export type ApprovalVerdict = 'approve' | 'deny';

export interface ApprovalDecision {
  version: typeof APPROVAL_FILE_VERSION;
  id: string;
  decision: ApprovalVerdict;
  decidedAt: string;
  /** Who decided, as `mcp-risk approvals` saw it: user, terminal, pid. Covered by the proof of an approval. */
  decidedBy: string;
  /** For an approval: the HMAC made with the guard's one-time code (see approval-code.ts). */
  proof?: string;
  note?: string;
}

/** Who decides, and how they prove it. */
export interface DecisionInput {
  /** User, terminal and pid of whoever runs `mcp-risk approvals`. */
  decidedBy: string;
  /** The code shown at the guard's terminal: required to approve. */
  code?: string;
  note?: string;
}

export const MAX_DECIDED_BY_CHARS = 200;

export type ApprovalState = 'pending' | 'expired' | 'orphaned';

export function newApprovalId(): string {
  return randomBytes(6).toString('hex');
}

export function isApprovalId(value: string): boolean {
  return ID_PATTERN.test(value);
}

function text(record: Readonly<Record<string, unknown>>, key: string, max: number): string | undefined {
  const value = ownValue(record, key);
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

/** A pending record read back from disk, or undefined when it is not one. */
export function parsePendingApproval(value: unknown): PendingApproval | undefined {
  if (!isUntrustedRecord(value) || ownValue(value, 'version') !== APPROVAL_FILE_VERSION) return undefined;
  const id = text(value, 'id', 12);
  const createdAt = text(value, 'createdAt', 40);
  const expiresAt = text(value, 'expiresAt', 40);
  const guardPid = ownValue(value, 'guardPid');
  const identity = text(value, 'identity', 200);
  const server = text(value, 'server', 400);
  const tool = text(value, 'tool', 400);
  const rule = text(value, 'rule', 600);
  const reason = text(value, 'reason', 2000);
  const args = text(value, 'arguments', MAX_ARGUMENTS_PREVIEW_CHARS);
  const keys = ownValue(value, 'argumentKeys');
  const sha = ownValue(value, 'argumentsSha256');
  if (id === undefined || !isApprovalId(id) || createdAt === undefined || expiresAt === undefined) return undefined;
  if (typeof guardPid !== 'number' || !Number.isInteger(guardPid) || guardPid <= 0) return undefined;
  if (
    identity === undefined ||
    server === undefined ||
    tool === undefined ||
    rule === undefined ||
    reason === undefined ||
    args === undefined
  )
    return undefined;
  if (!Array.isArray(keys) || keys.length > 100 || !keys.every((key): key is string => typeof key === 'string' && key.length <= 200))
    return undefined;
  if (sha !== null && (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha))) return undefined;
  return {
    version: APPROVAL_FILE_VERSION,
    id,
    createdAt,
    expiresAt,
    guardPid,
    identity,
    server,
    tool,
    rule,
    reason,
    argumentKeys: keys,
    argumentsSha256: sha,
    arguments: args,
  };
}

/** A decision read back from disk; anything unreadable counts as a denial (fail closed). */
export function parseApprovalDecision(value: unknown, id: string): ApprovalDecision {
  if (isUntrustedRecord(value) && ownValue(value, 'id') === id) {
    const decision = ownValue(value, 'decision');
    const decidedAt = text(value, 'decidedAt', 40) ?? '';
    const decidedBy = text(value, 'decidedBy', MAX_DECIDED_BY_CHARS) ?? 'unknown';
    const proof = text(value, 'proof', 64);
    const note = text(value, 'note', 500);
    if (decision === 'approve' || decision === 'deny') {
      return {
        version: APPROVAL_FILE_VERSION,
        id,
        decision,
        decidedAt,
        decidedBy,
        ...(proof === undefined ? {} : { proof }),
        ...(note === undefined ? {} : { note }),
      };
    }
  }
  return {
    version: APPROVAL_FILE_VERSION,
    id,
    decision: 'deny',
    decidedAt: '',
    decidedBy: 'unknown',
    note: 'the decision file could not be read; denied',
  };
}

/**
 * Whether the arguments shown to the person are the ones the guard hashed: false when the pending
 * file was edited to show other arguments than the call carries. Undefined when the preview was
 * cut (or there is no hash), so it cannot be checked.
 */
export function previewMatchesHash(approval: PendingApproval): boolean | undefined {
  if (approval.argumentsSha256 === null || approval.arguments.endsWith('…')) return undefined;
  try {
    return (
      createHash('sha256')
        .update(canonicalJson(JSON.parse(approval.arguments)))
        .digest('hex') === approval.argumentsSha256
    );
  } catch {
    return false;
  }
}

async function readJson(file: string): Promise<unknown> {
  const raw = await readBoundedText(file, MAX_APPROVAL_FILE_BYTES);
  return JSON.parse(raw) as unknown;
}

function isMissing(error: unknown): boolean {
  const cause = isMcpRiskError(error) ? error.cause : error;
  return (cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export class ApprovalStore {
  constructor(readonly dir: string) {}

  pendingFile(id: string): string {
    return join(this.dir, `${id}${PENDING_SUFFIX}`);
  }

  decisionFile(id: string): string {
    return join(this.dir, `${id}${DECISION_SUFFIX}`);
  }

  /**
   * Creates the folder (0700) when it is missing; refuses (InputError) one that is not a folder of
   * this user's with no access for group or others: a 0777 folder or one owned by someone else
   * lets others read the calls and plant files.
   */
  async ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.checkDir();
  }

  /** Refuses a folder that others own or may use (InputError); false when it does not exist. */
  async checkDir(): Promise<boolean> {
    let info;
    try {
      info = await lstat(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new InputError(
        'input-unreadable',
        `cannot read the approvals folder ${this.dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        { cause: error },
      );
    }
    if (!info.isDirectory())
      throw new InputError('input-invalid', `refusing the approvals folder ${this.dir}: it is not a folder (a link or a file)`);
    const uid = userInfo().uid;
    if (uid >= 0 && info.uid !== uid)
      throw new InputError(
        'input-invalid',
        `refusing the approvals folder ${this.dir}: it is owned by uid ${info.uid}, not by you (uid ${uid})`,
      );
    const mode = info.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new InputError(
        'input-invalid',
        `refusing the approvals folder ${this.dir}: mode ${mode.toString(8).padStart(4, '0')} lets others in; chmod 700 it`,
      );
    }
    return true;
  }

  async add(pending: PendingApproval): Promise<void> {
    await this.ensureDir();
    await writeFileAtomic(this.pendingFile(pending.id), `${JSON.stringify(pending, null, 2)}\n`, { mode: 0o600 });
  }

  /** The decision on `id`, once someone has written one. */
  async decisionFor(id: string): Promise<ApprovalDecision | undefined> {
    let value: unknown;
    try {
      value = await readJson(this.decisionFile(id));
    } catch (error) {
      if (isMissing(error)) return undefined;
      if (error instanceof SyntaxError || isMcpRiskError(error)) return parseApprovalDecision(undefined, id);
      throw error;
    }
    return parseApprovalDecision(value, id);
  }

  async remove(id: string): Promise<void> {
    await Promise.all([rm(this.pendingFile(id), { force: true }), rm(this.decisionFile(id), { force: true })]);
  }

  /** Every readable pending approval, oldest first, with its state at `now`. */
  async list(now: number): Promise<{ approval: PendingApproval; state: ApprovalState; decided: boolean }[]> {
    if (!(await this.checkDir())) return [];
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new InputError(
        'input-unreadable',
        `cannot read the approvals folder ${this.dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        { cause: error },
      );
    }
    const decided = new Set(names.filter((name) => name.endsWith(DECISION_SUFFIX)).map((name) => name.slice(0, -DECISION_SUFFIX.length)));
    const found: { approval: PendingApproval; state: ApprovalState; decided: boolean }[] = [];
    for (const name of names.filter((n) => n.endsWith(PENDING_SUFFIX)).slice(0, 10_000)) {
      const id = name.slice(0, -PENDING_SUFFIX.length);
      if (!isApprovalId(id)) continue;
      let approval: PendingApproval | undefined;
      try {
        approval = parsePendingApproval(await readJson(join(this.dir, name)));
      } catch (error) {
        if (isMissing(error) || error instanceof SyntaxError || isMcpRiskError(error)) continue;
        throw error;
      }
      if (approval === undefined || approval.id !== id) continue;
      found.push({ approval, state: stateOf(approval, now), decided: decided.has(id) });
    }
    return found.sort((a, b) => a.approval.createdAt.localeCompare(b.approval.createdAt));
  }

  /**
   * Records a person's decision on a pending approval named by its id (or a unique prefix of at
   * least 4 characters). Throws UsageError when there is no such pending approval, or it is
   * expired, orphaned or already decided, or when an approval comes without a code or for
   * arguments other than those shown.
   */
  async decide(idOrPrefix: string, verdict: ApprovalVerdict, now: number, input: DecisionInput): Promise<PendingApproval> {
    const { note, code } = input;
    const decidedBy = input.decidedBy.slice(0, MAX_DECIDED_BY_CHARS);
    if (verdict === 'approve' && (code === undefined || code.trim() === '')) {
      throw new UsageError("approving needs the code shown at the guard's terminal (--code, or type it when asked)");
    }
    if (verdict === 'approve' && normalizeApprovalCode(code ?? '') === undefined) {
      throw new UsageError("that is not an approval code: 8 letters and digits as the guard's terminal shows it, e.g. K7QX-M2PD");
    }
    if (!/^[0-9a-f]{4,12}$/.test(idOrPrefix))
      throw new UsageError(`${quoteUntrusted(idOrPrefix, 40)} is not an approval id (12 hex characters, or a unique prefix of at least 4)`);
    const all = await this.list(now);
    const matches = all.filter((entry) => entry.approval.id.startsWith(idOrPrefix));
    const [match, ...others] = matches;
    if (match === undefined) throw new UsageError(`no pending approval ${idOrPrefix} in ${this.dir}`);
    if (others.length > 0) throw new UsageError(`${idOrPrefix} matches ${matches.length} approvals; give more of the id`);
    const { approval, state, decided } = match;
    if (decided) throw new UsageError(`approval ${approval.id} is already decided`);
    if (state === 'expired') throw new UsageError(`approval ${approval.id} expired at ${approval.expiresAt}; the call was denied`);
    if (state === 'orphaned') throw new UsageError(`the guard that asked for approval ${approval.id} is no longer running`);
    if (verdict === 'approve' && previewMatchesHash(approval) === false) {
      throw new UsageError(
        `approval ${approval.id}: the arguments in its file do not match the call's hash (the file was edited); decide it at the guard's terminal, or deny it`,
      );
    }
    const proof =
      verdict === 'approve' && code !== undefined
        ? approvalProof(code, { id: approval.id, tool: approval.tool, argumentsSha256: approval.argumentsSha256, decidedBy })
        : undefined;
    const decision: ApprovalDecision = {
      version: APPROVAL_FILE_VERSION,
      id: approval.id,
      decision: verdict,
      decidedAt: new Date(now).toISOString(),
      decidedBy,
      ...(proof === undefined ? {} : { proof }),
      ...(note === undefined ? {} : { note: note.slice(0, 500) }),
    };
    await writeFileAtomic(this.decisionFile(approval.id), `${JSON.stringify(decision)}\n`, { mode: 0o600 });
    return approval;
  }
}

function stateOf(approval: PendingApproval, now: number): ApprovalState {
  const expires = Date.parse(approval.expiresAt);
  if (Number.isFinite(expires) && expires <= now) return 'expired';
  return isProcessPresent(approval.guardPid) ? 'pending' : 'orphaned';
}
