/**
 * `mcp-risk guard install` and `uninstall`: rewrite one server's entry in an MCP client's config so
 * that the client starts it through the guard, and put its own command line back.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../errors.js';
import { installGuard, uninstallGuard } from '../../guard/install-guard.js';
import { loadGuardPolicy } from '../../guard/load-guard-policy.js';
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { approvalTimeoutOption, type RawGuardInstallOptions } from './guard-options.js';

/** The mcp-risk entry script as node runs it: dist/cli/main.js, also when this module runs from src/ under tsx. */
function guardBinPath(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts')
    ? resolve(dirname(here), '..', '..', '..', 'dist', 'cli', 'main.js')
    : resolve(dirname(here), '..', 'main.js');
}

export async function runGuardInstall(raw: RawGuardInstallOptions, io: CliIo): Promise<ExitCode> {
  if (raw.config === undefined || raw.server === undefined || raw.policy === undefined) {
    throw new UsageError('guard install needs --config <file>, --server <name> and --policy <file>');
  }
  const policyFile = resolve(io.cwd, raw.policy);
  const loaded = await loadGuardPolicy(policyFile, raw.server);
  if (!loaded.ok) throw new UsageError(`not installing: ${loaded.message}`);
  const guardOptions = ['--name', raw.server];
  if (raw.auditLog !== undefined) guardOptions.push('--audit-log', resolve(io.cwd, raw.auditLog));
  if (raw.approvalsDir !== undefined) guardOptions.push('--approvals-dir', resolve(io.cwd, raw.approvalsDir));
  if (raw.approvalTimeout !== undefined) guardOptions.push('--approval-timeout', String(approvalTimeoutOption(raw.approvalTimeout)));
  if (raw.tty === false) guardOptions.push('--no-tty');
  const result = await installGuard({
    configFile: raw.config,
    server: raw.server,
    policyFile,
    launcher: { node: process.execPath, bin: guardBinPath() },
    guardOptions,
    cwd: io.cwd,
    home: io.home,
    env: io.env,
  });
  const backup = result.backupWritten === null ? `kept the earlier backup ${result.file}.mcp-risk.bak` : `backup: ${result.backupWritten}`;
  io.stdout.write(
    `${sanitizeForTerminal(`${result.file}: ${raw.server} now runs through mcp-risk guard with ${policyFile} (${backup}); restart the client to apply`, 2000)}\n`,
  );
  const held = Object.values(loaded.policy.tools ?? {}).filter((rule) => rule.action === 'require_approval').length;
  if (held > 0) {
    io.stdout.write(
      `note: ${held} tool${held === 1 ? ' needs' : 's need'} approval; the guard shows each call's approval code on its terminal, so they can be approved only when the client runs in a terminal (started from a desktop app, such calls are denied)\n`,
    );
  }
  return EXIT.ok;
}

export async function runGuardUninstall(raw: RawGuardInstallOptions, io: CliIo): Promise<ExitCode> {
  if (raw.config === undefined || raw.server === undefined)
    throw new UsageError('guard uninstall needs --config <file> and --server <name>');
  const result = await uninstallGuard({ configFile: raw.config, server: raw.server, cwd: io.cwd, home: io.home, env: io.env });
  const how = result.restoredFrom === 'backup' ? 'its command line restored from the backup' : 'its command line unwrapped';
  const backup = result.backupRemoved === null ? '' : `; backup ${result.backupRemoved} removed`;
  io.stdout.write(
    `${sanitizeForTerminal(`${result.file}: ${raw.server} no longer runs through mcp-risk guard (${how}, the rest of its entry kept${backup}); restart the client to apply`, 2000)}\n`,
  );
  return EXIT.ok;
}
