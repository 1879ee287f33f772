/**
 * Runs `mcp-risk policy`, declared (and described) in ../commands/policy.ts.
 */
import { resolve } from 'node:path';
import { classifySnapshots } from '../../classifier/classify-snapshots.js';
import { readBoundedText } from '../../hostile-text/read-bounded-text.js';
import { quoteUntrusted } from '../../hostile-text/untrusted-value.js';
import { InputError, UsageError } from '../../errors.js';
import type { ServerReport } from '../../model.js';
import { explainTool, renderExplanation } from '../../policy/explain-tool.js';
import { exportPolicy, isPolicyFormat, POLICY_FORMATS, type PolicyFormat } from '../../policy/export/exporters.js';
import { toolRisks } from '../../policy/export/policy-export.js';
import { claudeCodeName } from '../../policy/export/to-claude-code.js';
import { codexServerName } from '../../policy/export/to-codex.js';
import { generatePolicy } from '../../policy/generate-policy.js';
import { describeChanges, mergePolicy } from '../../policy/merge-policy.js';
import {
  isProfileName,
  PROFILES,
  recordedCategory,
  policyToolNames,
  type Policy,
  type PolicyProblem,
  type ProfileName,
} from '../../policy/policy-model.js';
import { MAX_POLICY_BYTES, policyVerdict, readPolicy, type PolicyFile, type ServerPolicy } from '../../policy/read-policy.js';
import { MAX_SCAN_REPORT_BYTES, readScanReport } from '../../policy/read-scan-report.js';
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { VERSION } from '../../version.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { parseReportOptions } from '../report-options.js';
import { resolveTargets, type TargetRequest } from '../resolve-targets.js';
import { writeOutput } from '../write-output.js';
import { scanSpecs } from '../scan-specs.js';

/** Where the server comes from: a target (as for scan) or a saved report. */
export interface RawPolicySourceOptions {
  from?: string;
  config?: string;
  server?: string;
  transport?: string;
  timeout?: string;
  env?: string[];
  header?: string[];
  profile?: string;
}

export interface RawPolicyOptions extends RawPolicySourceOptions {
  format?: string;
  out?: string;
  merge?: string;
  name?: string;
}

export interface RawPolicyCheckOptions {
  server?: string;
}

type Loaded = { server: ServerReport } | { exit: ExitCode };

const FORMAT_NAMES: Record<PolicyFormat, string> = {
  json: 'mcp-risk policy (JSON)',
  yaml: 'mcp-risk policy (YAML)',
  intercept: 'Intercept policy',
  'claude-code': 'Claude Code permissions',
  codex: 'Codex MCP config',
};

function say(io: CliIo, line: string): void {
  io.stderr.write(`mcp-risk: ${sanitizeForTerminal(line, 600)}\n`);
}

function profileOption(raw: string | undefined): ProfileName | undefined {
  if (raw === undefined) return undefined;
  if (!isProfileName(raw)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')} (got ${quoteUntrusted(raw, 40)})`);
  return raw;
}

function formatOption(raw: string | undefined): PolicyFormat {
  const format = raw ?? 'json';
  if (!isPolicyFormat(format))
    throw new UsageError(`--format must be one of ${POLICY_FORMATS.join(', ')} (got ${quoteUntrusted(format, 40)})`);
  return format;
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, 20).map((name) => quoteUntrusted(name, 60));
  return `${shown.join(', ')}${list.length > 20 ? ', ...' : ''}`;
}

function pickServer(servers: readonly ServerReport[], wanted: string | undefined, where: string): ServerReport {
  if (wanted !== undefined) {
    const chosen = servers.find((server) => server.name === wanted);
    if (chosen === undefined)
      throw new UsageError(
        `no server named ${quoteUntrusted(wanted, 60)} in ${where}; its servers are ${names(servers.map((s) => s.name))}`,
      );
    return chosen;
  }
  const [only, ...others] = servers;
  if (only === undefined) throw new InputError('input-invalid', `${where} has no servers`);
  if (others.length > 0) {
    throw new UsageError(
      `a policy is for one server and ${where} has ${servers.length} (${names(servers.map((s) => s.name))}); pick one with --server <name>`,
    );
  }
  return only;
}

function serverOrExit(server: ServerReport, io: CliIo): Loaded {
  if (server.error === undefined) return { server };
  say(io, `${server.name}: ${server.error.message}`);
  return { exit: EXIT.server };
}

/** The one server a policy command is about: scanned now, or read from `--from`. */
async function loadServer(positional: string[], command: string[] | null, raw: RawPolicySourceOptions, io: CliIo): Promise<Loaded> {
  if (raw.from !== undefined) {
    if (command !== null || positional.length > 0 || raw.config !== undefined) {
      throw new UsageError('--from reads a saved scan report; give no other target');
    }
    const text = await readBoundedText(resolve(io.cwd, raw.from), MAX_SCAN_REPORT_BYTES);
    const report = readScanReport(text, raw.from);
    return serverOrExit(pickServer(report.servers, raw.server, raw.from), io);
  }
  const options = parseReportOptions({ format: 'json', timeout: raw.timeout, env: raw.env, header: raw.header }, io);
  const request: TargetRequest = { positional, command, config: raw.config, server: raw.server, transport: raw.transport };
  const specs = await resolveTargets(request, options, io);
  if (specs.length > 1) {
    const labels = specs.map((spec) => spec.name ?? spec.label);
    throw new UsageError(
      `a policy is for one server and this target has ${specs.length} (${names(labels)}); pick one with --server <name>`,
    );
  }
  const report = classifySnapshots(await scanSpecs(specs, options.timeoutMs, io));
  return serverOrExit(pickServer(report.servers, undefined, 'the scan'), io);
}

function sameServer(a: string, b: string): boolean {
  return a === b || claudeCodeName(a) === claudeCodeName(b) || codexServerName(a) === codexServerName(b);
}

function problemLines(file: string, problems: readonly PolicyProblem[], io: CliIo): void {
  for (const problem of problems) say(io, `${file}: ${problem.path === '' ? '/' : problem.path}: ${problem.message}`);
}

async function readPolicyFile(file: string, io: CliIo): Promise<PolicyFile> {
  const text = await readBoundedText(resolve(io.cwd, file), MAX_POLICY_BYTES);
  return readPolicy(text, file);
}

/** The existing policy to merge into: valid, with nothing mcp-risk could not carry over. */
async function existingPolicy(
  file: string,
  serverName: string,
  io: CliIo,
): Promise<{ existing: Policy; format: PolicyFormat } | { exit: ExitCode }> {
  const read = await readPolicyFile(file, io);
  if (read.problems.length > 0) {
    problemLines(file, read.problems, io);
    say(
      io,
      `--merge ${file} is not a valid policy (${read.problems.length} problem${read.problems.length === 1 ? '' : 's'}); fix it first`,
    );
    return { exit: EXIT.usage };
  }
  if (read.notes.length > 0) {
    throw new InputError(
      'input-invalid',
      `cannot merge into ${file}: ${read.notes[0]}${read.notes.length > 1 ? ` (and ${read.notes.length - 1} more)` : ''}; a merge would drop it`,
    );
  }
  const matching = read.policies.filter((entry) => entry.server === undefined || sameServer(entry.server, serverName));
  const chosen: ServerPolicy | undefined =
    read.policies.length === 1 ? read.policies[0] : matching.find((entry) => entry.server !== undefined);
  if (chosen === undefined) {
    const known = read.policies.flatMap((entry) => (entry.server !== undefined ? [entry.server] : []));
    throw new UsageError(
      `${file} has rules for ${names(known)}, none for ${quoteUntrusted(serverName, 60)}; give the server's name there with --name`,
    );
  }
  if (chosen.server !== undefined && !sameServer(chosen.server, serverName)) {
    say(io, `note: ${file} was written for ${chosen.server}; merging the scan of ${serverName} into it`);
  }
  return { existing: chosen.policy, format: read.format };
}

export async function runPolicy(positional: string[], command: string[] | null, raw: RawPolicyOptions, io: CliIo): Promise<ExitCode> {
  const format = formatOption(raw.format);
  const explicitProfile = profileOption(raw.profile);
  const loaded = await loadServer(positional, command, raw, io);
  if ('exit' in loaded) return loaded.exit;
  const serverName = raw.name ?? loaded.server.name;
  const generator = `mcp-risk ${VERSION}`;
  let policy: Policy;
  if (raw.merge !== undefined) {
    const found = await existingPolicy(raw.merge, serverName, io);
    if ('exit' in found) return found.exit;
    const profile = explicitProfile ?? found.existing.metadata?.profile ?? 'balanced';
    const recommended = generatePolicy(loaded.server, { profile, generator, serverName });
    const merged = mergePolicy(found.existing, recommended);
    policy = merged.policy;
    for (const line of describeChanges(merged.changes, policy)) say(io, line);
    if (!policyToolNames(found.existing).some((tool) => recordedCategory(found.existing, tool) !== undefined)) {
      say(io, `note: ${raw.merge} records no categories (${FORMAT_NAMES[found.format]}), so a tool whose category changed cannot be told`);
    }
  } else {
    policy = generatePolicy(loaded.server, { profile: explicitProfile ?? 'balanced', generator, serverName });
  }
  const exported = exportPolicy(policy, format, { server: serverName, risks: toolRisks(loaded.server) });
  await writeOutput(exported.text, raw.out, io);
  for (const note of exported.notes) say(io, `note: ${note}`);
  return EXIT.ok;
}

function summarise(policy: Policy): string {
  const rules = Object.values(policy.tools ?? {});
  const hidden = policy.hide?.length ?? 0;
  const count = (action: string): number => rules.filter((rule) => rule.action === action).length;
  const limited = rules.filter((rule) => rule.rate_limit !== undefined).length;
  return `${count('allow')} allowed (${limited} with a rate limit), ${count('require_approval')} need approval, ${count('deny')} denied, ${hidden} hidden; default ${policy.default}`;
}

export async function runPolicyCheck(file: string, raw: RawPolicyCheckOptions, io: CliIo): Promise<ExitCode> {
  const read = await readPolicyFile(file, io);
  // The guard's own verdict: a file it would refuse (a problem, or something it cannot enforce exactly) fails the check.
  const verdict = policyVerdict(read, file);
  if (!verdict.ok) {
    for (const line of verdict.lines) say(io, line);
    return EXIT.usage;
  }
  let policies = read.policies;
  if (raw.server !== undefined) {
    const wanted = raw.server;
    policies = policies.filter((entry) => entry.server !== undefined && sameServer(entry.server, wanted));
    if (policies.length === 0) {
      const known = read.policies.flatMap((entry) => (entry.server !== undefined ? [entry.server] : []));
      throw new UsageError(
        `${file} has no rules for ${quoteUntrusted(wanted, 60)}${known.length > 0 ? `; it has rules for ${names(known)}` : ''}`,
      );
    }
  }
  const described =
    policies.length === 1 && policies[0] !== undefined
      ? summarise(policies[0].policy)
      : policies.map((entry) => `${entry.server ?? '?'}: ${summarise(entry.policy)}`).join('; ');
  io.stdout.write(`${sanitizeForTerminal(`${file}: valid ${FORMAT_NAMES[read.format]}: ${described}`, 2000)}\n`);
  return EXIT.ok;
}

export async function runPolicyExplain(
  tool: string,
  positional: string[],
  command: string[] | null,
  raw: RawPolicySourceOptions,
  io: CliIo,
): Promise<ExitCode> {
  const profile = profileOption(raw.profile) ?? 'balanced';
  const loaded = await loadServer(positional, command, raw, io);
  if ('exit' in loaded) return loaded.exit;
  const explanation = explainTool(loaded.server, tool, profile);
  if (explanation === undefined) {
    throw new UsageError(
      `${loaded.server.name} has no tool named ${quoteUntrusted(tool, 80)}; its tools are ${names(loaded.server.tools.map((t) => t.name))}`,
    );
  }
  io.stdout.write(renderExplanation(explanation));
  return EXIT.ok;
}
