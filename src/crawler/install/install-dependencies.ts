/**
 * Installing a package's dependencies with npm, as safely as npm allows: no
 * install scripts (neither the package's nor any dependency's), no git, only
 * registry dependencies, no user npm config (tokens), a private HOME, and a
 * time bound after which npm's whole process group is killed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUntrustedRecord, ownEntries, ownValue, quoteUntrusted, type UntrustedRecord } from '../../hostile-text/untrusted-value.js';
import { shortenText } from '../../hostile-text/bounded-text.js';
import { StderrTail } from '../../connectors/stderr-tail.js';
import { InstallError } from '../../npm-registry/install-errors.js';
import { isNpmPackageName } from '../../npm-registry/npm-package-name.js';

export interface DependencyInstallOptions {
  registry: string;
  /** npm's download cache goes to `<cacheDir>/_npm`. */
  cacheDir: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Dependency fields npm installs from (devDependencies are omitted). */
const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
/** package.json fields npm needs to install dependencies; everything else (scripts, workspaces, overrides, ...) is hidden from it. */
const INSTALL_FIELDS = [
  'name',
  'version',
  ...DEPENDENCY_FIELDS,
  'peerDependenciesMeta',
  'bundleDependencies',
  'bundledDependencies',
] as const;
/** A semver range or a dist-tag: what a registry dependency looks like (no `:`, no `/`). */
const REGISTRY_RANGE = /^[\w\s.^~<>=|*+-]{0,200}$/;
/** Environment variables npm may need to reach the registry at all (proxies, CA bundles). */
const PASSED_ENV = [
  'PATH',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];
/** A path that is never a git binary: git dependencies fail instead of running git. */
const NO_GIT = '/nonexistent/mcp-risk-git-disabled';
const ORIGINAL_SUFFIX = '.mcp-risk-original';

/** True when the package declares dependencies npm would install. */
export function hasDependencies(packageJson: UntrustedRecord): boolean {
  return DEPENDENCY_FIELDS.some((field) => {
    const value = ownValue(packageJson, field);
    return isUntrustedRecord(value) && Object.keys(value).length > 0;
  });
}

/**
 * Runs `npm install --omit=dev --ignore-scripts ...` in `packageDir`. npm
 * sees a reduced package.json (dependencies only; the real one is put back
 * afterwards, even on failure). A dependency that is not a registry range
 * (git, file, URL, GitHub shorthand) refuses the install. Failures are
 * InstallError('install-failed') with npm's last error line.
 */
export async function installDependencies(
  packageDir: string,
  packageJson: UntrustedRecord,
  label: string,
  options: DependencyInstallOptions,
): Promise<void> {
  checkDependencySpecs(packageJson, label);
  const manifest = join(packageDir, 'package.json');
  const original = `${manifest}${ORIGINAL_SUFFIX}`;
  const home = await mkdtemp(join(tmpdir(), 'mcp-risk-npm-home-'));
  await rename(manifest, original);
  try {
    await writeFile(manifest, JSON.stringify(installManifest(packageJson), null, 2));
    const userConfig = join(home, '.npmrc');
    await writeFile(userConfig, '');
    await runNpm(packageDir, npmEnvironment(home, userConfig, options.cacheDir), label, options);
  } finally {
    await rename(original, manifest);
    await rm(home, { recursive: true, force: true });
  }
}

function checkDependencySpecs(packageJson: UntrustedRecord, label: string): void {
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = ownValue(packageJson, field);
    if (dependencies === undefined) continue;
    if (!isUntrustedRecord(dependencies)) throw new InstallError('install-failed', `${label}: "${field}" in package.json is not an object`);
    for (const [name, spec] of ownEntries(dependencies)) {
      if (!isNpmPackageName(name, { legacy: true }))
        throw new InstallError('install-failed', `${label}: dependency ${quoteUntrusted(name)} is not a valid package name`);
      if (typeof spec !== 'string' || !isRegistrySpec(spec)) {
        throw new InstallError(
          'install-failed',
          `${label}: dependency ${name} is ${quoteUntrusted(String(spec))}, not a registry version (git, file and URL dependencies are not installed)`,
        );
      }
    }
  }
}

/** A version range or tag, or an `npm:` alias to one. */
function isRegistrySpec(spec: string): boolean {
  if (!spec.startsWith('npm:')) return REGISTRY_RANGE.test(spec);
  const aliased = spec.slice(4);
  const at = aliased.lastIndexOf('@');
  if (at <= 0) return isNpmPackageName(aliased, { legacy: true });
  return isNpmPackageName(aliased.slice(0, at), { legacy: true }) && REGISTRY_RANGE.test(aliased.slice(at + 1));
}

function installManifest(packageJson: UntrustedRecord): Record<string, unknown> {
  const manifest: Record<string, unknown> = {};
  for (const field of INSTALL_FIELDS) {
    const value = ownValue(packageJson, field);
    if (value !== undefined) manifest[field] = value;
  }
  return manifest;
}

function npmEnvironment(home: string, userConfig: string, cacheDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    HOME: home,
    npm_config_cache: join(cacheDir, '_npm'),
    // Only the machine's global npmrc (proxies, CAs) applies; the user's, with its tokens, does not.
    npm_config_userconfig: userConfig,
    npm_config_update_notifier: 'false',
    npm_config_git: NO_GIT,
  };
}

function npmArguments(registry: string): string[] {
  return [
    'install',
    '--omit=dev',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    '--no-package-lock',
    '--no-save',
    '--install-links=false',
    '--no-progress',
    '--loglevel=error',
    '--registry',
    registry,
  ];
}

async function runNpm(cwd: string, env: Record<string, string>, label: string, options: DependencyInstallOptions): Promise<void> {
  if (options.signal?.aborted) throw options.signal.reason;
  const tail = new StderrTail();
  const child = spawn('npm', npmArguments(options.registry), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (chunk: Buffer) => tail.append(chunk));
  child.stderr.on('data', (chunk: Buffer) => tail.append(chunk));
  let timedOut = false;
  const killGroup = (): void => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  options.signal?.addEventListener('abort', killGroup, { once: true });
  try {
    const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    }).catch((error: unknown) => {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new InstallError('install-failed', missing ? 'npm is not installed (not found in PATH)' : `cannot start npm for ${label}`, {
        cause: error,
      });
    });
    if (options.signal?.aborted) throw options.signal.reason;
    if (timedOut)
      throw new InstallError('install-failed', `installing the dependencies of ${label} took longer than ${options.timeoutMs} ms`);
    if (outcome.code !== 0) {
      const how = outcome.signal !== null ? `was killed by ${outcome.signal}` : `exited with code ${String(outcome.code)}`;
      const reason = npmErrorLines(tail);
      throw new InstallError('install-failed', `npm install for ${label} ${how}${reason.length > 0 ? `: ${reason}` : ''}`);
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', killGroup);
    // npm may leave helpers (a git, a stuck fetch worker) in its group: none outlive the install.
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already empty.
      }
    }
  }
}

/** npm's own explanation (its first `npm error` lines, not the pointer to its log file), on one line. */
function npmErrorLines(tail: StderrTail): string {
  const lines = tail
    .text()
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^npm (?:error|ERR!)/.test(line) && !/complete log of this run/i.test(line))
    .map((line) => line.replace(/^npm (?:error|ERR!)\s*/, ''))
    .filter((line) => line.length > 0);
  const text = lines.length > 0 ? lines.slice(0, 3).join(' | ') : tail.lastLine(300);
  return shortenText(text, 300);
}
