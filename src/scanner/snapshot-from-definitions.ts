/**
 * Tool definitions from a file (for `classify`) → server snapshots, with no connection.
 *
 * Accepted shapes: a `tools/list` result `{"tools":[...]}`, a JSON array of tools, JSON Lines
 * (one tool per line), and a saved `mcp-risk scan --format json` report (its servers are kept
 * apart). Every definition is bounded like a live server's.
 */
import { InputError } from '../errors.js';
import type { ServerSnapshot } from '../model.js';
import { boundToolList } from './tool-collector.js';

export const MAX_DEFINITIONS_BYTES = 64 * 1024 * 1024;

interface RawServer {
  name: string;
  version: string | null;
  tools: unknown[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJsonLines(text: string, label: string): unknown[] {
  const out: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new InputError('input-invalid', `${label}: line ${i + 1} is not JSON (expected a tools/list result, a JSON array of tools, or JSON Lines of tools)`);
    }
  }
  return out;
}

function rawServers(text: string, label: string, defaultName: string): RawServer[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) return [{ name: defaultName, version: null, tools: parseJsonLines(text, label) }];
  if (Array.isArray(parsed)) return [{ name: defaultName, version: null, tools: parsed }];
  if (isRecord(parsed)) {
    if (Array.isArray(parsed['tools'])) return [{ name: defaultName, version: null, tools: parsed['tools'] }];
    const result = parsed['result'];
    if (isRecord(result) && Array.isArray(result['tools'])) return [{ name: defaultName, version: null, tools: result['tools'] }];
    if (Array.isArray(parsed['servers'])) {
      return parsed['servers'].filter(isRecord).map((server, i) => ({
        name: typeof server['name'] === 'string' ? server['name'] : `${defaultName}-${i + 1}`,
        version: typeof server['version'] === 'string' ? server['version'] : null,
        tools: Array.isArray(server['tools']) ? server['tools'] : [],
      }));
    }
    if (typeof parsed['name'] === 'string') return [{ name: defaultName, version: null, tools: [parsed] }];
  }
  throw new InputError('input-invalid', `${label}: expected a tools/list result ({"tools":[...]}), a JSON array of tools, or JSON Lines of tools`);
}

export function snapshotsFromDefinitions(text: string, options: { label: string; name: string }): ServerSnapshot[] {
  if (text.length > MAX_DEFINITIONS_BYTES) throw new InputError('input-invalid', `${options.label}: larger than ${MAX_DEFINITIONS_BYTES / 1024 / 1024} MB`);
  if (text.trim() === '') throw new InputError('input-invalid', `${options.label}: empty input`);
  return rawServers(text, options.label, options.name).map((server) => {
    const collected = boundToolList(server.tools);
    return {
      name: server.name,
      version: server.version,
      target: options.label,
      transport: 'file',
      protocolVersion: null,
      capabilities: null,
      instructions: null,
      promptCount: null,
      resourceCount: null,
      tools: collected.tools,
      warnings: collected.warnings,
      duplicateToolNames: collected.duplicateToolNames,
      oversizedToolNames: collected.oversizedToolNames,
    };
  });
}
