/**
 * The audit log's secret: 32 random bytes, hex, in `<log>.key` beside the log (mode 0600). Call
 * events carry `argumentsHmac`, the HMAC-SHA256 of the canonical JSON of the arguments under this
 * key, so that whoever holds the key can check whether a call had arguments they already know,
 * while a reader of the log alone cannot recover small values (a PIN, an amount) by hashing
 * guesses, as an unsalted hash allowed.
 *
 * The key is created once, atomically (written to a private temporary file, then hard-linked to
 * its name, which fails rather than replaces when the name exists), and never overwritten: guards
 * sharing a log share its key, and a key that is not 64 hex digits, not a regular file, or
 * readable by group or others stops the guard rather than being replaced or used.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { InputError } from '../errors.js';
import { canonicalJson } from './call-arguments.js';

export const AUDIT_KEY_BYTES = 32;
const KEY_TEXT = /^[0-9a-f]{64}\n?$/;

/** Where the key of the audit log `logFile` lives. */
export function auditKeyFile(logFile: string): string {
  return `${logFile}.key`;
}

/** The key of the audit log `logFile` (absolute), created when there is none. Throws InputError when it cannot be used. */
export function openAuditKey(logFile: string): Buffer {
  const file = auditKeyFile(logFile);
  const existing = readKey(file);
  if (existing !== undefined) return existing;
  const temp = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  const key = randomBytes(AUDIT_KEY_BYTES);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, `${key.toString('hex')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temp, file);
    } catch (error) {
      // Another guard made the key first: its key is the log's key.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return readKey(file) ?? key;
    }
    return key;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      'input-unreadable',
      `cannot create the audit log key ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already gone.
    }
  }
}

function readKey(file: string): Buffer | undefined {
  let mode: number;
  try {
    const stats = lstatSync(file);
    if (!stats.isFile())
      throw new InputError('input-invalid', `the audit log key ${file} is not a regular file; remove it or choose another --audit-log`);
    mode = stats.mode;
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(
      'input-unreadable',
      `cannot read the audit log key ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
  if ((mode & 0o077) !== 0) {
    throw new InputError(
      'input-invalid',
      `the audit log key ${file} is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`,
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      'input-unreadable',
      `cannot read the audit log key ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
  if (!KEY_TEXT.test(text))
    throw new InputError(
      'input-invalid',
      `the audit log key ${file} is not 64 hex digits; restore it, or move the log and its key aside to start a new pair`,
    );
  return Buffer.from(text.slice(0, 64), 'hex');
}

/** Hex HMAC-SHA256 of the canonical JSON of `args` (`{}` when there are none) under `key`; null when they nest too deeply. */
export function argumentsHmac(key: Buffer, args: unknown): string | null {
  let canonical: string;
  try {
    canonical = canonicalJson(args ?? {});
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return null;
  }
  return createHmac('sha256', key).update(canonical).digest('hex');
}
