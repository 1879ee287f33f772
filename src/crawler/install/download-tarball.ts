import { createHash } from 'node:crypto';
import { quoteUntrusted } from '../../hostile-text/untrusted-value.js';
import { InstallError } from '../../npm-registry/install-errors.js';
import type { ResolvedVersion } from '../../npm-registry/npm-registry.js';
import { getFromRegistry, type RegistryRequestOptions } from '../../npm-registry/registry-request.js';

/** The largest package tarball we download. */
export const MAX_TARBALL_BYTES = 128 * 1024 * 1024;

/** Integrity algorithms we check, strongest first (as npm's ssri prefers them). */
const ALGORITHMS = ['sha512', 'sha384', 'sha256', 'sha1'] as const;
type Algorithm = (typeof ALGORITHMS)[number];

/**
 * Downloads the tarball of `resolved` and checks it against the registry's
 * `dist.integrity` (the strongest algorithm it lists) or, failing that,
 * `dist.shasum`. A mismatch, or a version with neither, is
 * InstallError('integrity-mismatch'). Returns the verified bytes and the
 * integrity string they matched.
 */
export async function downloadTarball(
  resolved: ResolvedVersion,
  options: RegistryRequestOptions,
): Promise<{ bytes: Buffer; integrity: string }> {
  const label = `${resolved.name}@${resolved.version}`;
  const expected = expectedDigest(resolved);
  const response = await getFromRegistry(resolved.tarball, `the tarball of ${label}`, MAX_TARBALL_BYTES, { ...options, accept: '*/*' });
  if (response.status === 404)
    throw new InstallError('package-not-found', `the tarball of ${label} is missing from the registry (HTTP 404)`);
  if (response.status < 200 || response.status > 299) {
    throw new InstallError('install-failed', `the registry answered HTTP ${response.status} for the tarball of ${label}`);
  }
  const hash = createHash(expected.algorithm).update(response.body).digest();
  const actual = hash.toString(expected.encoding);
  if (actual !== expected.digest) {
    throw new InstallError(
      'integrity-mismatch',
      `the tarball of ${label} does not match its ${expected.algorithm} integrity: the registry says ${quoteUntrusted(expected.digest, 100)}, the download is ${actual}`,
    );
  }
  return { bytes: response.body, integrity: `${expected.algorithm}-${hash.toString('base64')}` };
}

interface ExpectedDigest {
  algorithm: Algorithm;
  digest: string;
  encoding: 'base64' | 'hex';
}

function expectedDigest(resolved: ResolvedVersion): ExpectedDigest {
  if (resolved.integrity !== null) {
    const byAlgorithm = new Map<string, string>();
    for (const part of resolved.integrity.trim().split(/\s+/)) {
      const dash = part.indexOf('-');
      if (dash <= 0) continue;
      // Options after `?` are part of the SRI syntax; the digest is before them.
      const digest = part.slice(dash + 1).split('?')[0] ?? '';
      const algorithm = part.slice(0, dash).toLowerCase();
      if (!byAlgorithm.has(algorithm) && digest.length > 0) byAlgorithm.set(algorithm, digest);
    }
    for (const algorithm of ALGORITHMS) {
      const digest = byAlgorithm.get(algorithm);
      if (digest !== undefined) return { algorithm, digest, encoding: 'base64' };
    }
  }
  if (resolved.shasum !== null) return { algorithm: 'sha1', digest: resolved.shasum, encoding: 'hex' };
  throw new InstallError(
    'integrity-mismatch',
    `${resolved.name}@${resolved.version} has no integrity or shasum in the registry: refusing to install an unverifiable tarball`,
  );
}
