/**
 * Classify throughput on 35,000 tool definitions (target ≥ 100,000 tools/s), beside a baseline
 * that only parses the same definitions from JSON (the cost of reading them at all).
 * Definitions: the 1,073 real tools of the shared dataset, each with several input-schema
 * shapes and name variants, so no two are identical; the Flowforge fixture when the dataset is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { classifyTool } from '../../dist/classifier/classify-tool.js';
import type { ToolDefinition } from '../../dist/model.js';
import { FLOWFORGE_TOOLS } from '../../test/fixtures/servers/flowforge-tools.mjs';
import { median, row } from './stats.js';

const COUNT = 35_000;
const SCHEMAS: unknown[] = [
  { type: 'object', properties: { id: { type: 'string', description: 'The id' } }, required: ['id'] },
  { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer' }, cursor: { type: 'string' } } },
  { type: 'object', properties: { ids: { type: 'array', items: { type: 'string' } }, force: { type: 'boolean' } } },
  { type: 'object', properties: { amount: { type: 'integer' }, currency: { type: 'string' }, recipient: { type: 'string' } } },
  { type: 'object', properties: { sql: { type: 'string', description: 'SQL to run' }, database: { type: 'string' } } },
];

function definitions(): ToolDefinition[] {
  const path = process.env['MCP_RISK_DATASET'] ?? resolve(process.cwd(), '..', 'shared', 'datasets', 'policylayer-categories.jsonl');
  const seeds: ToolDefinition[] = existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as { tool: string; description: string })
        .map((r) => ({ name: r.tool, description: r.description }))
    : (FLOWFORGE_TOOLS as ToolDefinition[]);
  const out: ToolDefinition[] = [];
  for (let i = 0; out.length < COUNT; i++) {
    const seed = seeds[i % seeds.length] as ToolDefinition;
    out.push({ ...seed, name: i < seeds.length ? seed.name : `${seed.name}_${i}`, inputSchema: SCHEMAS[i % SCHEMAS.length] });
  }
  return out;
}

export function benchClassify(): { toolsPerSecond: number } {
  const tools = definitions();
  const text = JSON.stringify(tools);
  const rounds = 5;
  const ours: number[] = [];
  const baseline: number[] = [];
  classifyTool(tools[0] as ToolDefinition);
  for (let r = 0; r < rounds + 1; r++) {
    let t0 = performance.now();
    for (const tool of tools) classifyTool(tool);
    const classifyMs = performance.now() - t0;
    t0 = performance.now();
    JSON.parse(text);
    const parseMs = performance.now() - t0;
    if (r > 0) {
      ours.push(classifyMs);
      baseline.push(parseMs);
    }
  }
  const ms = median(ours);
  const toolsPerSecond = (COUNT / ms) * 1000;
  const parsePerSecond = (COUNT / median(baseline)) * 1000;
  console.log(`\n== Classify throughput: ${COUNT.toLocaleString('en')} tool definitions, median of ${rounds} rounds after a warm-up`);
  console.log(row('', 'mcp-risk classify', 'baseline: JSON.parse', ''));
  console.log(
    row(
      'tools per second',
      Math.round(toolsPerSecond).toLocaleString('en'),
      Math.round(parsePerSecond).toLocaleString('en'),
      toolsPerSecond >= 100_000 ? 'target ≥ 100,000/s: met' : 'target ≥ 100,000/s: NOT met',
    ),
  );
  console.log(row('time for all', `${ms.toFixed(0)} ms`, `${median(baseline).toFixed(0)} ms`, ''));
  return { toolsPerSecond };
}
