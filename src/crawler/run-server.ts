/**
 * The real `ServerRunner`: install an npm package (scripts disabled), start its bin — or a list
 * file's command — inside the sandbox with only the settings its entry declares (dummy values
 * for secrets), list its tools over stdio, and tear the sandbox down. Remote servers are reached
 * directly (no code runs here). A server that cannot start without configuration it lacks is
 * `needs-config`, not a failure of the crawl.
 */
import { dirname, resolve } from 'node:path';
import { ServerError, errorMessage, isMcpRiskError } from '../errors.js';
import type { ServerSnapshot } from '../model.js';
import { failedSnapshot, scanServer } from '../scanner/scan-server.js';
import type { CrawlEntry, RequiredSetting } from '../crawl-entry.js';
import type { RunOutcome, ServerRunner } from './crawl.js';
import { installPackage, pickBin } from './install/install-package.js';
import { commandMounts } from './sandbox/command-mounts.js';
import { dummyValueFor, needsConfigReason } from './sandbox/needs-config.js';
import type { ResourceLimits } from './sandbox/resource-limits.js';
import { sandboxCommand, type SandboxedCommand } from './sandbox/sandbox-command.js';

export interface RunnerOptions {
  /** The node binary that runs npm packages' bins. */
  nodePath: string;
  registry: string;
  cacheDir: string;
  /** Where relative paths of list-file commands resolve (its content is not visible in the sandbox). */
  cwd: string;
  allowUnsandboxed: boolean;
  installTimeoutMs: number;
  /** Limits of each server (defaults in resource-limits.ts). */
  limits?: Partial<ResourceLimits>;
  /** Folders every server sees read-only besides its own files (--expose). */
  expose?: readonly string[];
  /** The store's file: its folder stays hidden and the store itself is never visible, even when a command names it. */
  storePath?: string;
}

function snapshotInfo(entry: CrawlEntry, target: string, transport: ServerSnapshot['transport']) {
  return { target, transport, name: entry.name, fallbackName: entry.name };
}

function failed(entry: CrawlEntry, target: string, code: string, message: string, status: RunOutcome['status'] = 'failed'): RunOutcome {
  const error = new ServerError('spawn-failed', message);
  const snapshot = failedSnapshot(snapshotInfo(entry, target, entry.launch.kind === 'url' ? 'http' : 'stdio'), error);
  snapshot.error = { code, message };
  return { status, snapshot, error: { code, message } };
}

/** Settings an entry requires that we cannot make up: a required, non-secret value without default. */
function missingSettings(required: readonly RequiredSetting[] | undefined): RequiredSetting[] {
  return (required ?? []).filter((s) => !s.secret && s.default === undefined);
}

function settingsEnv(required: readonly RequiredSetting[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const setting of required ?? []) {
    if (setting.kind !== 'env') continue;
    env[setting.name] = setting.default ?? dummyValueFor(setting);
  }
  return env;
}

function classifyFailure(snapshot: ServerSnapshot): RunOutcome {
  const error = snapshot.error;
  if (!error) return { status: 'ok', snapshot };
  const reason = needsConfigReason(error.message);
  if (reason !== null) return { status: 'needs-config', snapshot, error: { code: 'needs-config', message: reason } };
  return { status: 'failed', snapshot, error };
}

export function createServerRunner(options: RunnerOptions): ServerRunner {
  return async (entry, { timeoutMs, signal }) => {
    const launch = entry.launch;
    if (launch.kind === 'listed-only') {
      const snapshot: ServerSnapshot = {
        name: entry.name,
        version: entry.metadata?.version ?? null,
        target: entry.source.location,
        transport: 'file',
        protocolVersion: null,
        capabilities: null,
        instructions: null,
        promptCount: null,
        resourceCount: null,
        tools: (entry.listedTools ?? []).map((t) => ({
          name: t.name,
          ...(t.description !== undefined ? { description: t.description } : {}),
        })),
        warnings: ['tools as listed by the catalogue page; the server itself was not run'],
      };
      return { status: 'listed-only', snapshot };
    }
    if (launch.kind === 'url') {
      const snapshot = await scanServer(
        { kind: 'url', url: launch.url, ...(launch.headers ? { headers: launch.headers } : {}), transport: launch.transport ?? 'auto' },
        { timeoutMs, signal, name: entry.name },
      );
      return classifyFailure(snapshot);
    }
    const missing = missingSettings(entry.required);
    if (missing.length > 0) {
      const names = missing.map((s) => s.name).join(', ');
      return failed(entry, entry.id, 'needs-config', `needs configuration: ${names}`, 'needs-config');
    }
    let command: string;
    let args: string[];
    let cwd = options.cwd;
    const readOnlyPaths: string[] = [...(options.expose ?? [])];
    const emptyDirs: string[] = [];
    let version: string | undefined;
    if (launch.kind === 'npm') {
      try {
        const installed = await installPackage(
          { package: launch.package, ...(launch.version !== undefined ? { version: launch.version } : {}) },
          { registry: options.registry, cacheDir: options.cacheDir, timeoutMs: options.installTimeoutMs, signal },
        );
        version = installed.version;
        const bin = pickBin(installed, launch.bin);
        command = options.nodePath;
        args = [bin, ...(launch.args ?? [])];
        cwd = installed.dir;
        readOnlyPaths.push(installed.dir);
      } catch (error) {
        if (signal.aborted) throw error;
        if (!isMcpRiskError(error)) throw error;
        const outcome = failed(entry, `npm:${launch.package}`, error.code, errorMessage(error));
        return version !== undefined ? { ...outcome, version } : outcome;
      }
    } else {
      command = launch.command;
      args = launch.args;
      // Only what the command line names is visible: its scripts (with their package folder) and folders.
      const protectedDirs = [options.cwd];
      if (entry.source.kind === 'list') protectedDirs.push(dirname(resolve(options.cwd, entry.source.location)));
      if (options.storePath !== undefined) protectedDirs.push(dirname(resolve(options.storePath)));
      const sealedFiles = options.storePath !== undefined ? [resolve(options.storePath)] : [];
      const mounts = commandMounts(args, { cwd, protectedDirs, sealedFiles });
      readOnlyPaths.push(...mounts.readOnlyPaths);
      emptyDirs.push(...mounts.emptyDirs);
    }
    const env = { ...settingsEnv(entry.required), ...(launch.env ?? {}) };
    let sandboxed: SandboxedCommand;
    try {
      sandboxed = await sandboxCommand(
        { command, args, env, cwd, readOnlyPaths, emptyDirs },
        { allowUnsandboxed: options.allowUnsandboxed, ...options.limits },
      );
    } catch (error) {
      if (!isMcpRiskError(error) || error.next !== 'skip-server') throw error;
      const outcome = failed(entry, launch.kind === 'npm' ? `npm:${launch.package}` : entry.id, error.code, errorMessage(error));
      return version !== undefined ? { ...outcome, version } : outcome;
    }
    try {
      const snapshot = await scanServer(
        { kind: 'stdio', command: sandboxed.command, args: sandboxed.args, env: sandboxed.env, cwd },
        {
          timeoutMs,
          signal,
          name: entry.name,
          targetLabel: launch.kind === 'npm' ? `npm:${launch.package}@${version ?? 'latest'}` : [command, ...args].join(' '),
        },
      );
      const outcome = classifyFailure(snapshot);
      return version !== undefined ? { ...outcome, version } : outcome;
    } finally {
      await sandboxed.dispose();
    }
  };
}
