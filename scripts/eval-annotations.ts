/**
 * Inferred annotations against the ones real servers' authors declared. The classifier is
 * given each tool WITHOUT its annotations; what it infers is compared with what the author
 * wrote. Measures:
 *  - readOnlyHint agreement, on tools whose author declared readOnlyHint;
 *  - side-effecting tools inferred read-only (author: readOnlyHint false, or destructiveHint true
 *    without readOnlyHint true) — the dangerous mistake;
 *  - destructiveHint agreement on tools that are not read-only, where the author declared it.
 */
import { classifyTool } from '../src/classifier/classify-tool.js';
import type { ToolDefinition } from '../src/model.js';

export interface AnnotatedToolLike {
  server: string;
  name: string;
  title?: string;
  description: string;
  inputSchema: unknown;
  annotations: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean };
}

export interface Rate {
  agreed: number;
  total: number;
}

export interface AnnotationEval {
  tools: number;
  servers: number;
  readOnly: Rate;
  sideEffectingInferredReadOnly: { count: number; ofAll: number; ofSideEffecting: number };
  destructive: Rate;
  perServer: Map<string, { tools: number; readOnly: Rate; destructive: Rate }>;
  misses: { server: string; tool: string; hint: string; declared: boolean; inferred: boolean; description: string }[];
}

function pct(rate: Rate): string {
  return rate.total === 0 ? 'n/a' : `${((100 * rate.agreed) / rate.total).toFixed(1)} % (${rate.agreed}/${rate.total})`;
}

export function formatRate(rate: Rate): string {
  return pct(rate);
}

export function evaluateAnnotations(tools: readonly AnnotatedToolLike[]): AnnotationEval {
  const result: AnnotationEval = {
    tools: tools.length,
    servers: new Set(tools.map((t) => t.server)).size,
    readOnly: { agreed: 0, total: 0 },
    sideEffectingInferredReadOnly: { count: 0, ofAll: tools.length, ofSideEffecting: 0 },
    destructive: { agreed: 0, total: 0 },
    perServer: new Map(),
    misses: [],
  };
  for (const tool of tools) {
    const hidden: ToolDefinition = { name: tool.name, description: tool.description, inputSchema: tool.inputSchema };
    if (tool.title !== undefined) hidden.title = tool.title;
    const inferred = classifyTool(hidden, { serverName: tool.server }).inferredAnnotations;
    const declared = tool.annotations;
    const server = result.perServer.get(tool.server) ?? {
      tools: 0,
      readOnly: { agreed: 0, total: 0 },
      destructive: { agreed: 0, total: 0 },
    };
    server.tools += 1;
    result.perServer.set(tool.server, server);
    const miss = (hint: string, d: boolean, i: boolean): void => {
      result.misses.push({
        server: tool.server,
        tool: tool.name,
        hint,
        declared: d,
        inferred: i,
        description: tool.description.slice(0, 100),
      });
    };
    if (declared.readOnlyHint !== undefined) {
      const agreed = declared.readOnlyHint === inferred.readOnlyHint;
      result.readOnly.total += 1;
      server.readOnly.total += 1;
      if (agreed) {
        result.readOnly.agreed += 1;
        server.readOnly.agreed += 1;
      } else miss('readOnlyHint', declared.readOnlyHint, inferred.readOnlyHint);
    }
    const sideEffecting = declared.readOnlyHint === false || (declared.destructiveHint === true && declared.readOnlyHint !== true);
    if (sideEffecting) {
      result.sideEffectingInferredReadOnly.ofSideEffecting += 1;
      if (inferred.readOnlyHint) result.sideEffectingInferredReadOnly.count += 1;
    }
    if (declared.readOnlyHint !== true && declared.destructiveHint !== undefined) {
      const agreed = declared.destructiveHint === inferred.destructiveHint;
      result.destructive.total += 1;
      server.destructive.total += 1;
      if (agreed) {
        result.destructive.agreed += 1;
        server.destructive.agreed += 1;
      } else miss('destructiveHint', declared.destructiveHint, inferred.destructiveHint);
    }
  }
  return result;
}
