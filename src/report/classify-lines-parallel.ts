/**
 * `classify` of JSON Lines to JSON on several cores: the main thread reads lines and writes output;
 * worker threads (classify-lines-worker.ts) parse, bound, classify and render batches of lines.
 * Batches come back in any order and go out in input order; a bounded number are in flight, so
 * memory stays flat in the number of lines. Names, warnings and the summary are kept here, with the
 * same ToolStream rules as one thread (a repeated name is dropped), so the output is the same text.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PreRenderedTool, ServerHead, StreamedServer } from './report-stream.js';
import { lineNotJson, type LineBatch } from '../scanner/read-definitions.js';
import { ToolStream } from '../scanner/tool-stream.js';
import type { LinesJob, LinesResult } from './classify-lines-worker.js';
import { countIntoSummary, emptySummary } from '../classifier/summarize.js';

/** Characters of lines per batch sent to a worker. */
export const BATCH_CHARACTERS = 512 * 1024;

/**
 * How many worker threads to use by default: one per core beyond the main thread's, at most 8. On
 * one or two cores, none: the main thread reading and writing would compete with the workers.
 */
export function classifyWorkerCount(cores = availableParallelism()): number {
  return cores < 3 ? 0 : Math.min(cores - 1, 8);
}

function startWorker(serverName: string): Worker {
  const options = { workerData: { serverName } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./classify-lines-worker.js', import.meta.url), options);
  // Run from the TypeScript sources (tests, tsx): the worker is the .ts file beside this one, loaded through tsx.
  const worker = new URL('./classify-lines-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`, {
    ...options,
    eval: true,
  });
}

export function classifyLinesInParallel(
  head: ServerHead,
  batches: AsyncGenerator<LineBatch>,
  options: { workers: number; label: string },
): StreamedServer {
  const names = new ToolStream();
  const summary = emptySummary();

  async function* tools(): AsyncGenerator<PreRenderedTool> {
    const workers = Array.from({ length: options.workers }, () => startWorker(head.name));
    const waiting = new Map<number, { resolve: (result: LinesResult) => void; reject: (error: unknown) => void }>();
    for (const worker of workers) {
      worker.on('message', (result: LinesResult) => {
        waiting.get(result.id)?.resolve(result);
        waiting.delete(result.id);
      });
      const fail = (error: unknown): void => {
        for (const entry of waiting.values()) entry.reject(error);
        waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`a classify worker thread exited (code ${code})`)));
    }
    const inFlight: Promise<LinesResult>[] = [];
    let next = 0;
    const send = (batch: LineBatch): void => {
      const id = next++;
      const job: LinesJob = { id, first: batch.first, lines: batch.lines };
      const result = new Promise<LinesResult>((resolve, reject) => waiting.set(id, { resolve, reject }));
      result.catch(() => undefined); // awaited in order below; a run stopped early leaves some unawaited
      inFlight.push(result);
      (workers[id % workers.length] as Worker).postMessage(job);
    };
    try {
      const source = batches[Symbol.asyncIterator]();
      let done = false;
      const fill = async (): Promise<void> => {
        while (!done && inFlight.length < workers.length * 2) {
          const batch = await source.next();
          if (batch.done === true) done = true;
          else send(batch.value);
        }
      };
      await fill();
      while (inFlight.length > 0) {
        const result = await (inFlight.shift() as Promise<LinesResult>);
        if ('notJson' in result) throw lineNotJson(options.label, result.notJson);
        const ready: PreRenderedTool[] = [];
        for (const tool of result.tools) {
          if (
            !names.accept(tool.name, tool.warnings) ||
            tool.name === null ||
            tool.json === undefined ||
            tool.severity === undefined ||
            tool.category === undefined
          )
            continue;
          countIntoSummary(summary, tool.category, tool.severity, tool.findings ?? 0);
          ready.push({ preRendered: tool.json, name: tool.name, category: tool.category, severity: tool.severity });
        }
        await fill();
        yield* ready;
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.terminate()));
    }
  }

  return { head, tools: tools(), end: () => ({ warnings: names.result().warnings, summary }) };
}
