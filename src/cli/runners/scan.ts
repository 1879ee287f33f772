/**
 * Runs `mcp-risk scan` (declared in ../commands/scan.ts): connect to servers, list every tool,
 * classify each with evidence, print the report. Servers are scanned a few at a time; one failing
 * does not stop the rest.
 */
import { isAbsolute } from 'node:path';
import { classifySnapshots } from '../../classifier/classify-snapshots.js';
import type { ExitCode } from '../exit-codes.js';
import { finishReport } from '../finish-report.js';
import type { CliIo } from '../io.js';
import { parseReportOptions, type RawReportOptions } from '../report-options.js';
import { resolveTargets, type TargetRequest } from '../resolve-targets.js';
import { scanSpecs } from '../scan-specs.js';

export interface RawScanOptions extends RawReportOptions {
  config?: string;
  server?: string;
  transport?: string;
}

export async function runScan(positional: string[], command: string[] | null, raw: RawScanOptions, io: CliIo): Promise<ExitCode> {
  const options = parseReportOptions(raw, io);
  const request: TargetRequest = { positional, command, config: raw.config, server: raw.server, transport: raw.transport };
  const specs = await resolveTargets(request, options, io);
  const snapshots = await scanSpecs(specs, options.timeoutMs, io);
  const artifact =
    raw.config !== undefined && !isAbsolute(raw.config) && !raw.config.split(/[\\/]/).includes('..') ? raw.config : undefined;
  return finishReport(classifySnapshots(snapshots), options, io, artifact);
}
