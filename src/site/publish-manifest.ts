/**
 * `.publish-manifest.json` in the output folder: the sha256 and size of every file the last
 * publish wrote. A re-publish compares against it to write only what changed and to delete what
 * is no longer produced. Only paths this program could have written (slug characters, no `..`)
 * are ever read from it, so an edited manifest cannot make a publish touch files elsewhere.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

export const MANIFEST_FILE = '.publish-manifest.json';
const MANIFEST_VERSION = 1;

/** A path of the site: segments of [a-z0-9._-], none starting with a dot. */
const SITE_PATH = /^[a-z0-9_-][a-z0-9._-]*(?:\/[a-z0-9_-][a-z0-9._-]*)*$/;

export function isSitePath(path: string): boolean {
  return path.length <= 512 && SITE_PATH.test(path);
}

export interface ManifestEntry {
  sha256: string;
  bytes: number;
}

export type PublishManifest = Map<string, ManifestEntry>;

/** The manifest in `outDir`, or an empty one when there is none or it is not one we wrote. */
export async function readPublishManifest(outDir: string): Promise<{ manifest: PublishManifest; found: boolean }> {
  let text: string;
  try {
    text = await readFile(join(outDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { manifest: new Map(), found: false };
    throw error;
  }
  const manifest: PublishManifest = new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { manifest, found: true };
  }
  if (typeof parsed !== 'object' || parsed === null) return { manifest, found: true };
  const { version, files } = parsed as { version?: unknown; files?: unknown };
  if (version !== MANIFEST_VERSION || typeof files !== 'object' || files === null || Array.isArray(files)) return { manifest, found: true };
  for (const [path, entry] of Object.entries(files as Record<string, unknown>)) {
    if (!isSitePath(path) || !Array.isArray(entry)) continue;
    const [sha256, bytes] = entry as unknown[];
    if (
      typeof sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(sha256) ||
      typeof bytes !== 'number' ||
      !Number.isSafeInteger(bytes) ||
      bytes < 0
    )
      continue;
    manifest.set(path, { sha256, bytes });
  }
  return { manifest, found: true };
}

/** Removes the manifest: until a publish finishes, nothing on disk is vouched for. */
export async function forgetPublishManifest(outDir: string): Promise<void> {
  await rm(join(outDir, MANIFEST_FILE), { force: true });
}

/** Writes the manifest whole (temporary file, then rename). */
export async function writePublishManifest(outDir: string, manifest: PublishManifest): Promise<void> {
  const files: Record<string, [string, number]> = {};
  for (const [path, entry] of manifest) files[path] = [entry.sha256, entry.bytes];
  await writeFileAtomic(join(outDir, MANIFEST_FILE), `${JSON.stringify({ version: MANIFEST_VERSION, files })}\n`);
}
