/**
 * Realistic catalogue records for the store benchmarks: servers of ten tools each, drawn from the
 * 45 Flowforge fixture tools (real descriptions, schemas and annotations) with names and
 * descriptions varied per server, classified by the real classifier and hashed, with package
 * metadata and, for some, a change history — the shape and size of what a crawl stores.
 */
import type { CatalogueServer } from '../../dist/catalogue/catalogue-model.js';
import { hashTools } from '../../dist/catalogue/tool-hashes.js';
import { classifyServer } from '../../dist/classifier/classify-server.js';
import type { ToolDefinition } from '../../dist/model.js';
import { FLOWFORGE_TOOLS } from '../../test/fixtures/servers/flowforge-tools.mjs';

export const TOOLS_PER_SERVER = 10;

function toolsOf(index: number): ToolDefinition[] {
  return Array.from({ length: TOOLS_PER_SERVER }, (_, k) => {
    const seed = FLOWFORGE_TOOLS[(index * 7 + k) % FLOWFORGE_TOOLS.length];
    if (seed === undefined) throw new Error('no Flowforge tools');
    return { ...seed, name: `${seed.name}_${index % 97}`, description: `${seed.description} (Workspace ${index}.)` } as ToolDefinition;
  });
}

/** The record of benchmark server `index` (the same for the same index). */
export function benchServerRecord(index: number): CatalogueServer {
  const name = `@bench/mcp-server-${index}`;
  const version = `1.${index % 13}.${index % 7}`;
  const at = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
  const tools = toolsOf(index);
  const report = classifyServer({
    name,
    version,
    target: `npx -y ${name}@${version}`,
    transport: 'stdio',
    protocolVersion: '2025-06-18',
    capabilities: { tools: { listChanged: true }, logging: {} },
    instructions: index % 3 === 0 ? `Tools for workspace ${index}. Ask before deleting anything.` : null,
    promptCount: index % 4,
    resourceCount: index % 5,
    tools,
    warnings: [],
  });
  const history =
    index % 5 === 0
      ? [
          {
            at,
            fromVersion: '1.0.0',
            toVersion: version,
            added: [tools[0]?.name ?? 'x'],
            removed: [],
            changed: [{ tool: tools[1]?.name ?? 'y', fields: ['description' as const] }],
          },
        ]
      : [];
  return {
    id: `npm:${name}`,
    name,
    source: { kind: 'npm', location: 'keywords:mcp-server' },
    launch: { kind: 'npm', package: name, version },
    metadata: {
      name,
      version,
      description: `An MCP server for workspace ${index}: issues, files, invoices and deployments.`,
      repository: `https://github.com/bench/mcp-server-${index}`,
      license: 'MIT',
      homepage: `https://bench.example/mcp-server-${index}`,
      weeklyDownloads: (index * 7919) % 100_000,
    },
    status: 'ok',
    firstSeen: at,
    lastCrawled: at,
    durationMs: 800 + (index % 400),
    report,
    ...hashTools(tools),
    history,
  };
}
