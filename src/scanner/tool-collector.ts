import type { CutPart, ToolDefinition } from '../model.js';
import { quoteForWarning } from '../hostile-text/bounded-text.js';
import { measureCutSchema, measureTool, recordCut } from './bound-tool.js';

/** Across all tools of one server, the most schema JSON we keep. */
export const TOTAL_SCHEMA_BYTES = 32 * 1024 * 1024;

/**
 * Collects the tools of one server as they arrive page by page: bounds each
 * one (see boundToolDefinition), keeps the first of several tools with the
 * same name, and caps the total size of kept schemas.
 */
export class ToolCollector {
  private readonly tools: ToolDefinition[] = [];
  private readonly warnings: string[] = [];
  private readonly counts = new Map<string, number>();
  private readonly oversized: string[] = [];
  private schemaBytes = 0;
  private overBudget = false;

  add(raw: unknown): void {
    const { tool, warnings, schemaBytes } = measureTool(raw);
    for (const warning of warnings) this.warnings.push(warning);
    if (tool === null) return;
    const count = this.counts.get(tool.name);
    this.counts.set(tool.name, (count ?? 0) + 1);
    if (count !== undefined) return;
    if (this.schemaBytes + schemaBytes > TOTAL_SCHEMA_BYTES) {
      if (!this.overBudget) {
        this.warnings.push(
          `schemas exceed ${TOTAL_SCHEMA_BYTES / (1024 * 1024)} MB in total; from tool ${quoteForWarning(tool.name)} on, schemas are replaced by {}`,
        );
        this.overBudget = true;
      }
      const cuts: CutPart[] = [];
      for (const field of ['inputSchema', 'outputSchema'] as const) {
        const schema = tool[field];
        if (schema === undefined || isEmptyObject(schema)) continue;
        cuts.push(measureCutSchema(schema, field, 'total', TOTAL_SCHEMA_BYTES));
        tool[field] = {};
      }
      // raw is a non-null object here: measureTool returned a tool for it.
      if (cuts.length > 0) recordCut(tool, raw as Record<string, unknown>, cuts);
    } else {
      this.schemaBytes += schemaBytes;
    }
    if (tool.cut !== undefined) this.oversized.push(tool.name);
    this.tools.push(tool);
  }

  /** The kept tools, all warnings including one per duplicated name, and the names concerned. */
  result(): CollectedTools {
    const warnings = [...this.warnings];
    const duplicateToolNames: string[] = [];
    for (const [name, count] of this.counts) {
      if (count > 1) {
        warnings.push(`duplicate tool name ${quoteForWarning(name)} listed ${count} times`);
        duplicateToolNames.push(name);
      }
    }
    return { tools: [...this.tools], warnings, duplicateToolNames, oversizedToolNames: [...this.oversized] };
  }
}

export interface CollectedTools {
  tools: ToolDefinition[];
  warnings: string[];
  /** Names listed more than once (the first definition is kept). */
  duplicateToolNames: string[];
  /** Kept tools whose definition was cut to the limits. */
  oversizedToolNames: string[];
}

/** Bounds and de-duplicates a whole list of raw tool definitions at once. */
export function boundToolList(raws: readonly unknown[]): CollectedTools {
  const collector = new ToolCollector();
  for (const raw of raws) collector.add(raw);
  return collector.result();
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
