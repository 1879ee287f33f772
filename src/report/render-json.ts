/**
 * The machine view: the ScanReport object itself, pretty-printed. Its shape (model.ts, versioned by
 * `schemaVersion`) is the contract. Strings stay raw: JSON escapes control characters itself, and
 * whoever displays a value from it is the one to sanitise it for their medium.
 */
import { SCHEMA_VERSION } from '../model.js';
import type { ScanReport, ServerErrorInfo } from '../model.js';

/** The report as 2-space-indented JSON, ending with a newline. */
export function renderJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A run that failed as a whole, in the same versioned envelope: `{"schemaVersion":1,"error":{"code","message"}}`. */
export function renderJsonError(error: ServerErrorInfo): string {
  const body = { schemaVersion: SCHEMA_VERSION, error: { code: error.code, message: error.message } };
  return `${JSON.stringify(body, null, 2)}\n`;
}
