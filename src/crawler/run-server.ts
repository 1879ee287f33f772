/**
 * The real `ServerRunner`: install an npm package (scripts disabled), start its bin — or a list
 * file's command — inside the sandbox with only the settings its entry declares (dummy values
 * for secrets), list its tools over stdio, and tear the sandbox down. Remote servers are reached
 * directly (no code runs here). A server that cannot start without configuration it lacks is
 * `needs-config`, not a failure of the crawl.
 */
import { dirname, resolve } from 'node:path';
import { errorMessage, type McpRiskError } from '../errors.js';
import type { ServerSnapshot } from '../model.js';
import { scanServer } from '../scanner/scan-server.js';
import type { RequiredSetting } from '../crawl-entry.js';
import { entryTarget, failedOutcome, failsOnlyThisEntry, type RunOutcome, type ServerRunner } from './crawl.js';
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
      return failedOutcome(entry, entry.id, { code: 'needs-config', message: `needs configuration: ${names}` }, 'needs-config');
    }
    let command: string;
    let args: string[];
    let cwd = options.cwd;
    const readOnlyPaths: string[] = [...(options.expose ?? [])];
    const emptyDirs: string[] = [];
    let version: string | undefined;
    const withVersion = (outcome: RunOutcome): RunOutcome => (version !== undefined ? { ...outcome, version } : outcome);
    const failedBy = (error: McpRiskError): RunOutcome =>
      withVersion(failedOutcome(entry, entryTarget(entry), { code: error.code, message: errorMessage(error) }));
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
        if (signal.aborted || !failsOnlyThisEntry(error)) throw error;
        return failedBy(error);
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
      if (!failsOnlyThisEntry(error)) throw error;
      return failedBy(error);
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
      return withVersion(classifyFailure(snapshot));
    } finally {
      await sandboxed.dispose();
    }
  };
}
