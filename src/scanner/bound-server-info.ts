import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { truncateText } from '../hostile-text/bounded-text.js';
import { measureJson } from './json-measure.js';

/** Size bounds on what a server says about itself in initialize. */
export const SERVER_LIMITS = {
  nameLength: 256,
  versionLength: 128,
  instructionsLength: 16 * 1024,
  capabilitiesBytes: 64 * 1024,
  capabilitiesDepth: 32,
} as const;

export interface BoundedServerInfo {
  name: string | null;
  version: string | null;
  capabilities: Record<string, unknown> | null;
  instructions: string | null;
}

/** The initialize result as the SDK client kept it, within SERVER_LIMITS (changes reported in `warnings`). */
export function boundServerInfo(client: Client, warnings: string[]): BoundedServerInfo {
  const serverInfo = client.getServerVersion();
  const name = bounded(serverInfo?.name, 'server name', SERVER_LIMITS.nameLength, warnings);
  const version = bounded(serverInfo?.version, 'server version', SERVER_LIMITS.versionLength, warnings);
  const instructions = bounded(client.getInstructions(), 'instructions', SERVER_LIMITS.instructionsLength, warnings);
  return { name: name || null, version, capabilities: boundCapabilities(client.getServerCapabilities(), warnings), instructions };
}

function bounded(value: unknown, field: string, maxLength: number, warnings: string[]): string | null {
  if (typeof value !== 'string') return null;
  if (value.length <= maxLength) return value;
  const truncated = truncateText(value, maxLength);
  warnings.push(`${field} truncated from ${value.length} to ${truncated.length} characters`);
  return truncated;
}

function boundCapabilities(value: unknown, warnings: string[]): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const measure = measureJson(value, SERVER_LIMITS.capabilitiesBytes, SERVER_LIMITS.capabilitiesDepth);
  if (measure.excess === null) return value as Record<string, unknown>;
  warnings.push(
    `capabilities are larger than ${SERVER_LIMITS.capabilitiesBytes / 1024} KB of JSON or too deeply nested; kept only their names`,
  );
  const keys = Object.keys(value).slice(0, 64);
  return Object.fromEntries(keys.map((key) => [truncateText(key, 64), {}]));
}
