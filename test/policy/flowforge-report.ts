/** The flowforge fixture's tools, classified without a process (for the pure policy functions). */
import { classifySnapshots } from '../../src/classifier/classify-snapshots.js';
import type { ServerReport } from '../../src/model.js';
import { snapshotsFromDefinitions } from '../../src/scanner/snapshot-from-definitions.js';
import { FLOWFORGE_TOOLS } from '../fixtures/servers/flowforge-tools.mjs';

export function flowforgeReport(): ServerReport {
  const [snapshot] = snapshotsFromDefinitions(JSON.stringify({ tools: FLOWFORGE_TOOLS }), { label: 'flowforge-tools', name: 'flowforge' });
  if (snapshot === undefined) throw new Error('no snapshot');
  const [server] = classifySnapshots([snapshot]).servers;
  if (server === undefined) throw new Error('no server');
  return server;
}

export const FLOWFORGE_TOOL_NAMES: readonly string[] = FLOWFORGE_TOOLS.map((tool) => tool.name);
