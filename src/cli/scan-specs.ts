/** Scans the servers a command was given, a few at a time; one failing does not stop the rest (`scan`, `policy`). */
import PQueue from 'p-queue';
import type { ServerSnapshot } from '../model.js';
import { scanServer } from '../scanner/scan-server.js';
import type { CliIo } from './io.js';
import type { ScanSpec } from './resolve-targets.js';

const CONCURRENCY = 4;

export async function scanSpecs(specs: readonly ScanSpec[], timeoutMs: number, io: CliIo): Promise<ServerSnapshot[]> {
  const queue = new PQueue({ concurrency: CONCURRENCY });
  return Promise.all(
    specs.map(async (spec) => {
      const snapshot = (await queue.add(() =>
        scanServer(spec.target, {
          timeoutMs,
          targetLabel: spec.label,
          ...(spec.name !== undefined ? { name: spec.name } : {}),
          ...(io.signal ? { signal: io.signal } : {}),
        }),
      )) as ServerSnapshot;
      return spec.sources !== undefined ? { ...snapshot, sources: spec.sources } : snapshot;
    }),
  );
}
