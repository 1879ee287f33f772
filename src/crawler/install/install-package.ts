/**
 * Installing an npm package for a crawl: resolve its version in the registry,
 * download and verify the tarball, unpack it into the cache, install its
 * dependencies with every install script disabled. Nothing of the package
 * runs here; its bin is started later, in the sandbox.
 *
 * Layout: `<cacheDir>/<name>@<version>/package` (the package, with its
 * node_modules) and `<cacheDir>/<name>@<version>/.mcp-risk-installed.json`,
 * written last: a folder without it is an interrupted install, redone. Work
 * happens in a `.partial-*` sibling renamed into place at the end, so a
 * reader never sees half a package.
 */
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isUntrustedRecord, ownValue, type UntrustedRecord } from '../../hostile-text/untrusted-value.js';
import { downloadTarball } from './download-tarball.js';
import { extractTarball } from './extract-tarball.js';
import { InstallError } from '../../npm-registry/install-errors.js';
import { hasDependencies, installDependencies } from './install-dependencies.js';
import { fetchPackument, isExactVersion, resolveVersion, type ResolvedVersion } from '../../npm-registry/npm-registry.js';
import type { InstalledPackage } from './installed-package.js';
import { packageBins } from './package-bins.js';
import { isNpmPackageName } from '../../npm-registry/npm-package-name.js';

export { pickBin } from './pick-bin.js';

export interface InstallSpec {
  package: string;
  /** An exact version or a dist-tag; `latest` when absent. */
  version?: string;
}

export interface InstallOptions {
  /** Base URL of the npm registry. */
  registry: string;
  cacheDir: string;
  /** Budget for the whole install (registry, download, unpack, npm). */
  timeoutMs: number;
  /** Aborting it stops the install; installPackage then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Written last into `<cacheDir>/<name>@<version>/`: the install there is complete. */
export const INSTALL_MARKER = '.mcp-risk-installed.json';
/** The largest package.json we read. */
const MAX_PACKAGE_JSON_BYTES = 1024 * 1024;
/** Files in a tarball that would configure npm itself (registry, git binary, pinned URLs): removed before npm runs. */
const NPM_CONTROL_FILES = ['.npmrc', 'npm-shrinkwrap.json', 'package-lock.json'];

/** Installs of this process, by folder: concurrent requests for one package share one install. */
const installing = new Map<string, Promise<InstalledPackage>>();

/**
 * Installs `spec` (or reuses a complete install in the cache) and describes
 * it. Throws InstallError: 'package-not-found' (no such package or version),
 * 'integrity-mismatch' (the tarball is not what the registry says),
 * 'install-failed' (anything else, including the time budget running out).
 */
export async function installPackage(spec: InstallSpec, options: InstallOptions): Promise<InstalledPackage> {
  const name = spec.package;
  if (!isNpmPackageName(name, { legacy: true }))
    throw new InstallError('package-not-found', `${JSON.stringify(name.slice(0, 100))} is not a valid npm package name`);
  const cacheDir = resolve(options.cacheDir);
  const budget = new InstallBudget(options.timeoutMs, `installing ${name}`);
  if (spec.version !== undefined && isExactVersion(spec.version)) {
    const cached = await readInstalled(installFolder(cacheDir, name, spec.version), name, spec.version);
    if (cached !== null) return cached;
  }
  const packument = await fetchPackument(options.registry, name, budget.request(options.signal));
  const resolved = resolveVersion(name, packument, spec.version);
  const folder = installFolder(cacheDir, name, resolved.version);
  const cached = await readInstalled(folder, name, resolved.version);
  if (cached !== null) return cached;
  let pending = installing.get(folder);
  if (pending === undefined) {
    pending = installFresh(resolved, folder, cacheDir, budget, options).finally(() => installing.delete(folder));
    installing.set(folder, pending);
  }
  return pending;
}

function installFolder(cacheDir: string, name: string, version: string): string {
  return join(cacheDir, `${name}@${version}`);
}

async function installFresh(
  resolved: ResolvedVersion,
  folder: string,
  cacheDir: string,
  budget: InstallBudget,
  options: InstallOptions,
): Promise<InstalledPackage> {
  const label = `${resolved.name}@${resolved.version}`;
  await mkdir(dirname(folder), { recursive: true });
  const stage = await mkdtemp(`${folder}.partial-`);
  try {
    // Readable by the unprivileged users crawled servers run as (mkdtemp makes it 0700); never writable by them.
    await chmod(stage, 0o755);
    const { bytes, integrity } = await downloadTarball(resolved, budget.request(options.signal));
    const packageDir = join(stage, 'package');
    await extractTarball(bytes, packageDir, label);
    for (const file of NPM_CONTROL_FILES) await rm(join(packageDir, file), { force: true });
    const packageJson = await readPackageJson(packageDir, label);
    if (hasDependencies(packageJson)) {
      await installDependencies(packageDir, packageJson, label, {
        registry: options.registry,
        cacheDir,
        ...budget.request(options.signal),
      });
    }
    const marker = { name: resolved.name, version: resolved.version, integrity, installedAt: new Date().toISOString() };
    await writeFile(join(stage, INSTALL_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    await publish(stage, folder, resolved);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
  const installed = await readInstalled(folder, resolved.name, resolved.version);
  if (installed === null) throw new InstallError('install-failed', `${label} was installed but cannot be read back from ${folder}`);
  return installed;
}

/** Moves a finished stage into place, replacing an interrupted install; another process's complete install wins. */
async function publish(stage: string, folder: string, resolved: ResolvedVersion): Promise<void> {
  if (await readInstalled(folder, resolved.name, resolved.version)) return;
  await rm(folder, { recursive: true, force: true });
  try {
    await rename(stage, folder);
  } catch (error) {
    if (await readInstalled(folder, resolved.name, resolved.version)) return;
    throw new InstallError('install-failed', `cannot move the install of ${resolved.name}@${resolved.version} into ${folder}`, {
      cause: error,
    });
  }
}

/** The complete install in `folder`, or null when there is none (or only an interrupted one). */
async function readInstalled(folder: string, name: string, version: string): Promise<InstalledPackage | null> {
  let marker: unknown;
  try {
    marker = JSON.parse(await readFile(join(folder, INSTALL_MARKER), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return null;
    throw error;
  }
  if (!isUntrustedRecord(marker) || ownValue(marker, 'name') !== name || ownValue(marker, 'version') !== version) return null;
  const dir = join(folder, 'package');
  const packageJson = await readPackageJson(dir, `${name}@${version}`);
  return { name, version, dir, packageJson, bins: packageBins(dir, packageJson, name) };
}

async function readPackageJson(dir: string, label: string): Promise<UntrustedRecord> {
  const file = join(dir, 'package.json');
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new InstallError('install-failed', `${label} has no package.json`, { cause: error });
  }
  if (size > MAX_PACKAGE_JSON_BYTES)
    throw new InstallError('install-failed', `the package.json of ${label} is larger than ${MAX_PACKAGE_JSON_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InstallError('install-failed', `the package.json of ${label} is not JSON`, { cause: error });
  }
  if (!isUntrustedRecord(parsed)) throw new InstallError('install-failed', `the package.json of ${label} is not a JSON object`);
  return parsed;
}

/** One time budget shared by the steps of an install. */
class InstallBudget {
  private readonly endsAt: number;
  constructor(
    private readonly timeoutMs: number,
    private readonly what: string,
  ) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new RangeError(`timeoutMs must be a positive number, got ${String(timeoutMs)}`);
    this.endsAt = Date.now() + timeoutMs;
  }

  /** Options for the next step: the time left (an InstallError when none is), and the caller's signal. */
  request(signal: AbortSignal | undefined): { timeoutMs: number; signal?: AbortSignal } {
    if (signal?.aborted) throw signal.reason;
    const left = this.endsAt - Date.now();
    if (left <= 0) throw new InstallError('install-failed', `${this.what} took longer than ${this.timeoutMs} ms`);
    return signal === undefined ? { timeoutMs: left } : { timeoutMs: left, signal };
  }
}
