/**
 * Options shared by `scan` and `classify`: output format and file, the --fail-on gate,
 * the per-server timeout and extra environment. Parsed once here into checked values.
 */
import { UsageError } from '../errors.js';
import { isSeverity, type Severity } from '../model.js';
import { FORMATS, isFormat, type Format } from '../report/renderers.js';
import type { CliIo } from './io.js';
import { DEFAULT_TIMEOUT_MS } from './option-values.js';

export interface RawReportOptions {
  format?: string;
  out?: string;
  failOn?: string;
  timeout?: string;
  env?: string[];
  header?: string[];
  color?: boolean;
}

export interface ReportOptions {
  format: Format;
  out: string | undefined;
  failOn: Severity | undefined;
  timeoutMs: number;
  env: Record<string, string>;
  headers: Record<string, string>;
  color: boolean;
}

const MAX_TIMEOUT_MS = 600_000;

export function parseReportOptions(raw: RawReportOptions, io: CliIo): ReportOptions {
  const format = raw.format ?? (io.stdout.isTTY && raw.out === undefined ? 'table' : 'json');
  if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  let failOn: Severity | undefined;
  if (raw.failOn !== undefined) {
    if (!isSeverity(raw.failOn)) throw new UsageError(`--fail-on must be one of low, medium, high, critical (got "${raw.failOn}")`);
    failOn = raw.failOn;
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (raw.timeout !== undefined) {
    const value = Number(raw.timeout);
    if (!/^\d+$/.test(raw.timeout) || value < 100 || value > MAX_TIMEOUT_MS) {
      throw new UsageError(`--timeout takes milliseconds from 100 to ${MAX_TIMEOUT_MS} (got "${raw.timeout}")`);
    }
    timeoutMs = value;
  }
  const env: Record<string, string> = {};
  for (const pair of raw.env ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env takes KEY=VALUE (got "${pair.includes('=') ? '=…' : pair}")`);
    const key = pair.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new UsageError(`--env: "${key}" is not a valid variable name`);
    env[key] = pair.slice(eq + 1);
  }
  const headers: Record<string, string> = {};
  for (const line of raw.header ?? []) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError('--header takes "Name: value"');
    headers[name] = line.slice(colon + 1).trim();
  }
  const noColor = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  const color = raw.color !== false && !noColor && (io.stdout.isTTY === true || (io.env['FORCE_COLOR'] ?? '') !== '');
  return { format, out: raw.out, failOn, timeoutMs, env, headers, color };
}
