/** Server snapshots → the versioned report that every output format renders. */
import { SCHEMA_VERSION, type ScanReport, type ServerSnapshot } from '../model.js';
import { VERSION } from '../version.js';
import { classifyServer } from './classify-server.js';

export function classifySnapshots(snapshots: readonly ServerSnapshot[]): ScanReport {
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: 'mcp-risk', version: VERSION },
    servers: snapshots.map(classifyServer),
  };
}
