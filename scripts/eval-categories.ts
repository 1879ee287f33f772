/**
 * Agreement of our categories with PolicyLayer Intercept's labels on 1,073 real tools
 * (../shared/datasets/policylayer-categories.jsonl). Their "other" means unclassified there:
 * it is reported apart, not scored. Two artefacts of their YAML (entries named `rules` and
 * `rate_limit`, which are policy keys, not tools) are left out.
 */
import { readFileSync } from 'node:fs';
import { classifyTool } from '../src/classifier/classify-tool.js';
import { CATEGORIES, type Category } from '../src/model.js';

export interface LabelledTool {
  server: string;
  tool: string;
  description: string;
  category: Category | 'other';
}

export function loadLabelledTools(path: string): LabelledTool[] {
  const rows: LabelledTool[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as LabelledTool;
    if ((row.tool === 'rules' && row.description === '') || (row.tool === 'rate_limit' && /\/minute$/.test(row.description))) continue;
    rows.push(row);
  }
  return rows;
}

export interface CategoryEval {
  scored: number;
  agreed: number;
  perCategory: Record<Category, { total: number; agreed: number }>;
  confusion: Record<Category, Record<Category, number>>;
  other: Record<Category, number>;
  disagreements: { server: string; tool: string; description: string; expected: Category; got: Category }[];
}

export function evaluateCategories(rows: readonly LabelledTool[]): CategoryEval {
  const zero = (): Record<Category, number> => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const result: CategoryEval = {
    scored: 0,
    agreed: 0,
    perCategory: Object.fromEntries(CATEGORIES.map((c) => [c, { total: 0, agreed: 0 }])) as CategoryEval['perCategory'],
    confusion: Object.fromEntries(CATEGORIES.map((c) => [c, zero()])) as CategoryEval['confusion'],
    other: zero(),
    disagreements: [],
  };
  for (const row of rows) {
    const serverName = row.server.split('/').pop() ?? row.server;
    const got = classifyTool({ name: row.tool, description: row.description }, { serverName }).category;
    if (row.category === 'other') {
      result.other[got] += 1;
      continue;
    }
    result.scored += 1;
    result.perCategory[row.category].total += 1;
    result.confusion[row.category][got] += 1;
    if (got === row.category) {
      result.agreed += 1;
      result.perCategory[row.category].agreed += 1;
    } else {
      result.disagreements.push({ server: serverName, tool: row.tool, description: row.description, expected: row.category, got });
    }
  }
  return result;
}
