/**
 * Who may use an HTTP guard, and under which policy. A grants file (JSON or YAML) maps bearer
 * tokens to a label (the identity in audit events and rate limits) and a policy file:
 *
 *   version: "1"
 *   grants:
 *     - label: ci-bot
 *       token: "sha256:9b74c9897bac770ffc029102a200c5de..."   # mcp-risk guard hash-token
 *       policy: policies/ci.json                              # relative to the grants file
 *
 * Tokens are stored only as sha256 hashes, never in plain: a value that is not "sha256:" and 64
 * hex digits is refused. A request's token is hashed and compared with every grant in constant
 * time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { configFormatOf, parseConfigText } from '../hostile-text/parse-config-text.js';
import { readBoundedText } from '../hostile-text/read-bounded-text.js';
import { isUntrustedRecord, ownValue, quoteUntrusted } from '../hostile-text/untrusted-value.js';
import { InputError } from '../errors.js';

export const MAX_GRANTS = 1000;
const MAX_GRANTS_FILE_BYTES = 1024 * 1024;
const HASH_PATTERN = /^sha256:([0-9a-f]{64})$/;
const LABEL_PATTERN = /^[A-Za-z0-9._@:+-]{1,100}$/;

export interface Grant {
  label: string;
  /** The 32 bytes of sha256(token). */
  tokenHash: Buffer;
  /** Absolute path of the policy this grant's calls are decided by. */
  policyFile: string;
}

export interface Grants {
  file: string;
  grants: Grant[];
}

/** The value to put in a grants file for `token`: "sha256:" and the hex digest of its UTF-8 bytes. */
export function hashToken(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.length > 8192) return undefined;
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/** The grant whose token is `token`; every grant is compared, each in constant time. */
export function findGrant(grants: Grants, token: string): Grant | undefined {
  const presented = createHash('sha256').update(token, 'utf8').digest();
  let found: Grant | undefined;
  for (const grant of grants.grants) {
    if (timingSafeEqual(presented, grant.tokenHash) && found === undefined) found = grant;
  }
  return found;
}

function invalid(file: string, where: string, message: string): InputError {
  return new InputError('config-invalid', `${file}: ${where}: ${message}`);
}

/**
 * Reads and checks a grants file. `defaultPolicy` (an absolute path, from --policy) applies to
 * grants that name none. Throws InputError naming the file and the offending entry.
 */
export async function readGrants(file: string, defaultPolicy?: string): Promise<Grants> {
  const text = await readBoundedText(file, MAX_GRANTS_FILE_BYTES);
  const format = configFormatOf(file);
  if (format === 'toml') throw new InputError('config-invalid', `${file}: a grants file is JSON or YAML`);
  const document = parseConfigText(text, format, file);
  if (!isUntrustedRecord(document)) throw invalid(file, '/', 'must be an object with a "grants" list');
  const version = ownValue(document, 'version');
  if (version !== undefined && version !== '1') throw invalid(file, '/version', 'must be "1"');
  for (const key of Object.keys(document)) {
    if (key !== 'version' && key !== 'grants')
      throw invalid(file, `/${key}`, `unknown key ${quoteUntrusted(key, 40)}; allowed: version, grants`);
  }
  const list = ownValue(document, 'grants');
  if (!Array.isArray(list) || list.length === 0) throw invalid(file, '/grants', 'must be a non-empty list of grants');
  if (list.length > MAX_GRANTS) throw invalid(file, '/grants', `has more than ${MAX_GRANTS} grants`);
  const base = dirname(file);
  const labels = new Set<string>();
  const hashes = new Set<string>();
  const grants: Grant[] = [];
  for (const [index, entry] of list.entries()) {
    const at = `/grants/${index}`;
    if (!isUntrustedRecord(entry)) throw invalid(file, at, 'must be an object with label, token and policy');
    for (const key of Object.keys(entry)) {
      if (key !== 'label' && key !== 'token' && key !== 'policy')
        throw invalid(file, `${at}/${key}`, `unknown key ${quoteUntrusted(key, 40)}; allowed: label, token, policy`);
    }
    const label = ownValue(entry, 'label');
    if (typeof label !== 'string' || !LABEL_PATTERN.test(label)) {
      throw invalid(file, `${at}/label`, 'must be 1 to 100 letters, digits or . _ @ : + -');
    }
    if (labels.has(label)) throw invalid(file, `${at}/label`, `${quoteUntrusted(label)} is used twice`);
    labels.add(label);
    const token = ownValue(entry, 'token');
    const match = typeof token === 'string' ? HASH_PATTERN.exec(token.trim()) : null;
    if (match === null || match[1] === undefined) {
      throw invalid(
        file,
        `${at}/token`,
        'must be a sha256 hash ("sha256:" and 64 hex digits), never the token itself; make one with: mcp-risk guard hash-token',
      );
    }
    if (hashes.has(match[1])) throw invalid(file, `${at}/token`, 'the same token is granted twice');
    hashes.add(match[1]);
    const policy = ownValue(entry, 'policy');
    let policyFile: string;
    if (policy === undefined) {
      if (defaultPolicy === undefined) throw invalid(file, `${at}/policy`, 'is required (or give --policy for grants that name none)');
      policyFile = defaultPolicy;
    } else {
      if (typeof policy !== 'string' || policy.trim() === '' || policy.length > 4096 || policy.includes('\u0000'))
        throw invalid(file, `${at}/policy`, 'must be a file path');
      policyFile = resolve(base, policy);
    }
    grants.push({ label, tokenHash: Buffer.from(match[1], 'hex'), policyFile });
  }
  return { file, grants };
}
