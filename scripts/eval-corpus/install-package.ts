/**
 * Installs one npm package into its own prefix directory of the corpus cache,
 * with install scripts disabled, and finds the executable it declares.
 *
 * A package already installed there is reused without touching the network,
 * so that a second collection run works offline.
 */

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { extname, join, relative, resolve, isAbsolute } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;

/** Keeps browser and binary downloads out, even if a script were to run. */
const NO_DOWNLOAD_ENV: Record<string, string> = {
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  PUPPETEER_SKIP_DOWNLOAD: '1',
  PUPPETEER_SKIP_CHROMIUM_DOWNLOAD: '1',
  CYPRESS_INSTALL_BINARY: '0',
  ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  npm_config_ignore_scripts: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

export interface InstalledPackage {
  /** The package's own directory, inside `<prefix>/node_modules`. */
  packageDir: string;
  /** The version npm resolved and installed. */
  version: string;
  /** The parsed package.json of the installed package (untrusted content). */
  manifest: Record<string, unknown>;
}

/** A file name that is safe as one path segment: `@scope/name` → `@scope+name`. */
export function packageDirName(name: string): string {
  return name.replace(/\//g, '+').replace(/[^A-Za-z0-9@+._-]/g, '_');
}

async function readManifest(packageDir: string): Promise<Record<string, unknown> | null> {
  let text: string;
  try {
    text = await readFile(join(packageDir, 'package.json'), 'utf8');
  } catch {
    return null;
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`package.json in ${packageDir} is not an object`);
  }
  return parsed as Record<string, unknown>;
}

function manifestVersion(manifest: Record<string, unknown>, name: string): string {
  const version = manifest['version'];
  if (typeof version !== 'string' || !/^[0-9A-Za-z.+-]{1,64}$/.test(version)) {
    throw new Error(`${name}: installed package.json has no usable version`);
  }
  return version;
}

/** The informative `npm error` lines (code, failed request, reason), without npm's boilerplate advice. */
function npmErrorSummary(stderr: string): string {
  const boilerplate = /behind a proxy|In most cases|complete log of this run|problem related to network connectivity|^npm error network$/;
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('npm error') && !boilerplate.test(line))
    .slice(0, 4)
    .join(' | ')
    .slice(0, 600);
}

/**
 * Makes sure `name` (at `version`, or the latest when unset) is installed in
 * `prefix`. Reuses an existing install unless `refresh` is set or it is at
 * another version than the one asked for.
 */
export async function installPackage(
  name: string,
  version: string | undefined,
  prefix: string,
  refresh: boolean,
): Promise<InstalledPackage> {
  const packageDir = join(prefix, 'node_modules', ...name.split('/'));
  if (!refresh) {
    const existing = await readManifest(packageDir);
    if (existing && (version === undefined || manifestVersion(existing, name) === version)) {
      return { packageDir, version: manifestVersion(existing, name), manifest: existing };
    }
  }
  await rm(prefix, { recursive: true, force: true });
  await mkdir(prefix, { recursive: true });
  const spec = `${name}@${version ?? 'latest'}`;
  try {
    await execFileAsync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, spec], {
      env: { ...process.env, ...NO_DOWNLOAD_ENV },
      timeout: INSTALL_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
      killSignal: 'SIGKILL',
    });
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const detail = typeof stderr === 'string' ? npmErrorSummary(stderr) : '';
    throw new Error(`npm install ${spec} failed${detail ? `: ${detail}` : ''}`, { cause: error });
  }
  const manifest = await readManifest(packageDir);
  if (!manifest) throw new Error(`npm install ${spec} left no ${join(packageDir, 'package.json')}`);
  return { packageDir, version: manifestVersion(manifest, name), manifest };
}

/**
 * The absolute path of the executable a package declares in its `bin`
 * field: the one named `binName`, or the only one, or the one named like
 * the package. The path must stay inside the package directory.
 */
export function resolveBin(installed: InstalledPackage, packageName: string, binName?: string): string {
  const bin = installed.manifest['bin'];
  let target: unknown;
  if (typeof bin === 'string') {
    target = bin;
  } else if (typeof bin === 'object' && bin !== null && !Array.isArray(bin)) {
    const bins = bin as Record<string, unknown>;
    const names = Object.keys(bins);
    const unscoped = packageName.split('/').pop() ?? packageName;
    const chosen = binName ?? (names.length === 1 ? names[0] : names.find((n) => n === unscoped));
    if (chosen === undefined || !(chosen in bins)) {
      throw new Error(`${packageName}: choose a bin among ${names.join(', ') || '(none)'}`);
    }
    target = bins[chosen];
  }
  if (typeof target !== 'string' || target.length === 0) {
    throw new Error(`${packageName}: package.json declares no bin${binName ? ` named ${binName}` : ''}`);
  }
  const path = resolve(installed.packageDir, target);
  const inside = relative(installed.packageDir, path);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(`${packageName}: bin ${target} points outside the package`);
  }
  if (!existsSync(path)) throw new Error(`${packageName}: bin ${target} does not exist`);
  return path;
}

/** True for .js/.mjs/.cjs files and for files whose shebang runs node. */
export async function isJavaScriptFile(path: string): Promise<boolean> {
  if (['.js', '.mjs', '.cjs'].includes(extname(path))) return true;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const firstLine = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
    return firstLine.startsWith('#!') && /\bnode\b/.test(firstLine);
  } finally {
    await handle.close();
  }
}
