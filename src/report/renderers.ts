/**
 * The output formats, chosen by name. Each renderer is a pure function from a report (and a few
 * options) to the whole text to print, ending with a newline.
 */
import type { ScanReport } from '../model.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderSarif } from './render-sarif.js';
import { renderTable } from './render-table.js';

export const FORMATS = ['table', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  /** table: colour severities (default false). */
  color?: boolean;
  /** table: terminal width in columns. */
  width?: number;
  /** sarif: the input file the servers came from, relative to the repository root. */
  artifactPath?: string;
}

export type Renderer = (report: ScanReport, options: RenderOptions) => string;

export const RENDERERS: Record<Format, Renderer> = {
  table: (report, options) => renderTable(report, { color: options.color ?? false, width: options.width }),
  json: (report) => renderJson(report),
  sarif: (report, options) => renderSarif(report, { artifactPath: options.artifactPath }),
  markdown: (report) => renderMarkdown(report),
};

export function isFormat(name: unknown): name is Format {
  return typeof name === 'string' && (FORMATS as readonly string[]).includes(name);
}

/** The report in the named format. */
export function renderReport(report: ScanReport, format: Format, options: RenderOptions = {}): string {
  return RENDERERS[format](report, options);
}
