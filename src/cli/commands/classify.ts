/**
 * `mcp-risk classify <file|->`: classify tool definitions without connecting to anything.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { classifySnapshots } from '../../classifier/classify-snapshots.js';
import { InputError, UsageError } from '../../errors.js';
import { MAX_DEFINITIONS_BYTES, snapshotsFromDefinitions } from '../../scanner/snapshot-from-definitions.js';
import type { ExitCode } from '../exit-codes.js';
import { finishReport } from '../finish-report.js';
import type { CliIo } from '../io.js';
import { parseReportOptions, type RawReportOptions } from '../report-options.js';

export interface RawClassifyOptions extends RawReportOptions {
  name?: string;
}

async function readInput(source: string, io: CliIo): Promise<string> {
  if (source === '-') return io.readStdin();
  const path = resolve(io.cwd, source);
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError('input-unreadable', `${source} is a directory, not a file`);
    if (info.isFile() && info.size > MAX_DEFINITIONS_BYTES) throw new InputError('input-invalid', `${source} is larger than ${MAX_DEFINITIONS_BYTES / 1024 / 1024} MB`);
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError('input-unreadable', `cannot read ${source}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'error')}`, { cause: error });
  }
}

export async function runClassify(source: string | undefined, raw: RawClassifyOptions, io: CliIo): Promise<ExitCode> {
  if (source === undefined) throw new UsageError('classify needs a file of tool definitions, or - for standard input');
  const options = parseReportOptions(raw, io);
  const text = await readInput(source, io);
  const label = source === '-' ? 'stdin' : source;
  const name = raw.name ?? (source === '-' ? 'stdin' : basename(source, extname(source)));
  const snapshots = snapshotsFromDefinitions(text, { label, name });
  return finishReport(classifySnapshots(snapshots), options, io);
}
