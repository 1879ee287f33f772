/**
 * The one-time code that authorises approving a held call from another terminal.
 *
 * The guard draws a fresh code for every call it holds and keeps it in memory only: it is shown on
 * the guard's controlling terminal and written nowhere else (not in the approvals folder, not on
 * stderr, not in the audit log). `mcp-risk approvals approve <id>` asks the person for it and writes
 * not the code but a proof, an HMAC-SHA256 keyed with the code over what is approved (the approval
 * id, the tool, the hash of the arguments) and who approves it. The guard recomputes the proof with
 * the code it holds and lets the call through only when the two match; any other approval (no proof,
 * a wrong one) denies the call, so a code cannot be guessed by trying.
 *
 * 8 characters of Crockford base32 (40 bits), shown as XXXX-XXXX; typed in any case, with or without
 * the dash, and with the usual look-alikes (O → 0, I/L → 1).
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const APPROVAL_CODE_CHARS = 8;
const PROOF_PATTERN = /^[0-9a-f]{64}$/;

/** What a proof covers: the call, and the person who approved it. */
export interface ApprovalClaim {
  id: string;
  tool: string;
  argumentsSha256: string | null;
  decidedBy: string;
}

/** A fresh code, e.g. "K7QX-M2PD". */
export function newApprovalCode(): string {
  let code = '';
  for (let i = 0; i < APPROVAL_CODE_CHARS; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The code as typed, in its canonical form (8 characters, no dash), or undefined when it cannot be one. */
export function normalizeApprovalCode(typed: string): string | undefined {
  const code = typed.trim().toUpperCase().replace(/[-\s]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== APPROVAL_CODE_CHARS || ![...code].every((char) => ALPHABET.includes(char))) return undefined;
  return code;
}

function message(claim: ApprovalClaim): string {
  return ['mcp-risk approval v1', claim.id, 'approve', claim.tool, claim.argumentsSha256 ?? 'no-hash', claim.decidedBy].join('\n');
}

/** The proof that whoever approves `claim` knows `code` (hex HMAC-SHA256). */
export function approvalProof(code: string, claim: ApprovalClaim): string {
  const key = normalizeApprovalCode(code) ?? code;
  return createHmac('sha256', key).update(message(claim)).digest('hex');
}

/** True when `proof` was made with `code` over exactly `claim`. */
export function isValidApprovalProof(code: string, claim: ApprovalClaim, proof: unknown): boolean {
  if (typeof proof !== 'string' || !PROOF_PATTERN.test(proof)) return false;
  return timingSafeEqual(Buffer.from(approvalProof(code, claim), 'hex'), Buffer.from(proof, 'hex'));
}
