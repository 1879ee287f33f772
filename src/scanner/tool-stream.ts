/**
 * The streaming twin of ToolCollector, for tool definitions that arrive one at a time (JSON Lines
 * of a whole catalogue): each definition is bounded like a live server's (bound-tool.ts) and
 * passed on at once; only the names seen are kept, to drop a name listed again. There is no total
 * schema budget — nothing is kept — and warnings are capped, so memory stays flat in the number
 * of tools.
 *
 * A name listed again is dropped with a warning; the first definition has already gone on, so
 * unlike a whole listing it does not get a duplicate-name finding.
 */
import type { ToolDefinition } from '../model.js';
import { quoteForWarning } from '../hostile-text/bounded-text.js';
import { measureTool } from './bound-tool.js';

/** Warnings kept per stream; past this, only a count. */
export const MAX_STREAM_WARNINGS = 1000;

export interface StreamedTool {
  tool: ToolDefinition;
  /** Some of the definition was cut to fit the limits. */
  oversized: boolean;
}

export class ToolStream {
  private readonly names = new Set<string>();
  private readonly repeats = new Map<string, number>();
  private readonly warnings: string[] = [];
  private unshownWarnings = 0;

  /** `raws` for `tools()`; none when the definitions are bounded elsewhere and only `accept` is used. */
  constructor(private readonly raws: Iterable<unknown> | AsyncIterable<unknown> = []) {}

  private warn(warning: string): void {
    if (this.warnings.length < MAX_STREAM_WARNINGS) this.warnings.push(warning);
    else this.unshownWarnings += 1;
  }

  /** The bounded definitions, first of each name, in order. */
  async *tools(): AsyncGenerator<StreamedTool> {
    for await (const raw of this.raws) {
      const { tool, warnings, oversized } = measureTool(raw);
      if (this.accept(tool === null ? null : tool.name, warnings) && tool !== null) yield { tool, oversized };
    }
  }

  /** Records one bounded definition's warnings and name (null: dropped); true when it goes on (its name is new). */
  accept(name: string | null, warnings: readonly string[]): boolean {
    for (const warning of warnings) this.warn(warning);
    if (name === null) return false;
    if (this.names.has(name)) {
      this.repeats.set(name, (this.repeats.get(name) ?? 1) + 1);
      return false;
    }
    this.names.add(name);
    return true;
  }

  /** Every warning, including one per name listed again. Call once `tools()` is done. */
  result(): { warnings: string[]; duplicateToolNames: string[] } {
    const warnings = [...this.warnings];
    let unshown = this.unshownWarnings;
    for (const [name, count] of this.repeats) {
      if (warnings.length < MAX_STREAM_WARNINGS)
        warnings.push(`duplicate tool name ${quoteForWarning(name)} listed ${count} times; only the first definition was classified`);
      else unshown += 1;
    }
    if (unshown > 0) warnings.push(`${unshown} more warnings not shown`);
    return { warnings, duplicateToolNames: [...this.repeats.keys()] };
  }
}
