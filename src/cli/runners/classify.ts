/**
 * Runs `mcp-risk classify`, declared (and described) in ../commands/classify.ts.
 */
import { open } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { BATCH_CHARACTERS, classifyLinesInParallel, classifyWorkerCount } from '../../report/classify-lines-parallel.js';
import { classifySnapshots } from '../../classifier/classify-snapshots.js';
import { classifyToolStream } from '../../report/classify-tool-stream.js';
import { InputError, UsageError } from '../../errors.js';
import { SCHEMA_VERSION } from '../../model.js';
import { streamOfReport, type StreamedReport } from '../../report/report-stream.js';
import { sanitizeForTerminal } from '../../hostile-text/sanitize.js';
import { readDefinitions } from '../../scanner/read-definitions.js';
import { ToolStream } from '../../scanner/tool-stream.js';
import { VERSION } from '../../version.js';
import type { ExitCode } from '../exit-codes.js';
import { finishReportStream } from '../finish-report.js';
import type { CliIo } from '../io.js';
import { parseReportOptions, type RawReportOptions } from '../report-options.js';

export interface RawClassifyOptions extends RawReportOptions {
  name?: string;
}

/** Bytes are read from a file in pieces of this size. */
const READ_CHUNK_BYTES = 1 << 20;

async function* stdinChunks(io: CliIo): AsyncGenerator<Uint8Array | string> {
  if (io.stdinChunks !== undefined) yield* io.stdinChunks();
  else yield await io.readStdin();
}

async function* fileChunks(source: string, io: CliIo): AsyncGenerator<Uint8Array> {
  const path = resolve(io.cwd, source);
  let handle;
  try {
    handle = await open(path, 'r');
    if ((await handle.stat()).isDirectory()) throw new InputError('input-unreadable', `${source} is a directory, not a file`);
  } catch (error) {
    await handle?.close();
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError('input-unreadable', `cannot read ${source}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'error')}`, {
      cause: error,
    });
  }
  const file = handle;
  const readNext = () => file.read(Buffer.allocUnsafe(READ_CHUNK_BYTES), 0, READ_CHUNK_BYTES, null);
  let pending: ReturnType<typeof readNext> | undefined;
  try {
    // One read ahead: the next piece comes from the disk while this one is classified.
    pending = readNext();
    for (;;) {
      const { bytesRead, buffer } = await pending;
      pending = undefined;
      if (bytesRead === 0) return;
      pending = readNext();
      yield buffer.subarray(0, bytesRead);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError('input-unreadable', `cannot read ${source}: ${code ?? 'error'}`, { cause: error });
  } finally {
    await pending?.catch(() => undefined);
    await handle.close();
  }
}

/** Worker threads for JSON Lines to JSON: MCP_RISK_WORKERS (0 = the main thread only), else one per core. */
function workerCount(io: CliIo): number {
  const raw = io.env['MCP_RISK_WORKERS'];
  if (raw === undefined || raw === '') return classifyWorkerCount();
  if (!/^\d+$/.test(raw) || Number(raw) > 64)
    throw new UsageError(`MCP_RISK_WORKERS takes a number of worker threads from 0 to 64 (got "${raw.slice(0, 20)}")`);
  return Number(raw);
}

export async function runClassify(source: string | undefined, raw: RawClassifyOptions, io: CliIo): Promise<ExitCode> {
  if (source === undefined) throw new UsageError('classify needs a file of tool definitions, or - for standard input');
  const options = parseReportOptions(raw, io);
  const label = source === '-' ? 'stdin' : source;
  const name = raw.name ?? (source === '-' ? 'stdin' : basename(source, extname(source)));
  const input = await readDefinitions(source === '-' ? stdinChunks(io) : fileChunks(source, io), { label, name });
  let report: StreamedReport;
  if (input.kind === 'document') {
    for (const notice of input.result.notices) io.stderr.write(`mcp-risk: warning: ${sanitizeForTerminal(notice, 400)}\n`);
    report = streamOfReport(classifySnapshots(input.result.snapshots));
  } else {
    const head = {
      name,
      version: null,
      target: label,
      transport: 'file' as const,
      protocolVersion: null,
      capabilities: null,
      instructions: null,
      prompts: null,
      resources: null,
    };
    const workers = workerCount(io);
    const server =
      options.format === 'json' && workers > 0
        ? classifyLinesInParallel(head, input.batches(BATCH_CHARACTERS), { workers, label })
        : classifyToolStream(head, new ToolStream(input.tools));
    report = { schemaVersion: SCHEMA_VERSION, generator: { name: 'mcp-risk', version: VERSION }, servers: [server] };
  }
  return finishReportStream(report, options, io);
}
