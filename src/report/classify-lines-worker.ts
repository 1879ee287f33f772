/**
 * A worker thread of `classify` for JSON Lines in JSON: takes batches of raw lines, and for each
 * line parses, bounds, classifies and renders the tool's JSON report entry — exactly what the main
 * thread would do (classify-tool-stream.ts, render-json.ts) — and sends back the text with the few
 * facts the main thread needs: the name (to drop a repeat), warnings, and severity, category and
 * finding count (for the summary and the exit code).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Category, Severity } from '../model.js';
import { renderJsonTool } from './render-json.js';
import { measureTool } from '../scanner/bound-tool.js';
import { classifyDefinition } from './classify-tool-stream.js';

export interface LinesJob {
  id: number;
  first: number;
  lines: string[];
}

export interface WorkedTool {
  /** Null when the line held no usable tool (the warnings say why). */
  name: string | null;
  warnings: string[];
  json?: string;
  category?: Category;
  severity?: Severity;
  findings?: number;
}

export type LinesResult = { id: number; tools: WorkedTool[] } | { id: number; notJson: number };

const serverName = (workerData as { serverName: string }).serverName;

function work(job: LinesJob): LinesResult {
  const tools: WorkedTool[] = [];
  for (let i = 0; i < job.lines.length; i++) {
    const line = job.lines[i] as string;
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return { id: job.id, notJson: job.first + i };
    }
    const { tool, warnings, oversized } = measureTool(raw);
    if (tool === null) {
      tools.push({ name: null, warnings });
      continue;
    }
    const classified = classifyDefinition(tool, oversized, serverName);
    tools.push({
      name: tool.name,
      warnings,
      json: renderJsonTool(classified),
      category: classified.category,
      severity: classified.severity,
      findings: classified.findings.length,
    });
  }
  return { id: job.id, tools };
}

parentPort?.on('message', (job: LinesJob) => parentPort?.postMessage(work(job)));
