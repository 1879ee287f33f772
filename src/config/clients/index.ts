import type { ClientId } from '../server-entry.js';
import { isUntrustedRecord, ownValue } from '../../hostile-text/untrusted-value.js';
import type { ClientDefinition } from './client-definition.js';
import { claudeCode } from './claude-code.js';
import { claudeDesktop } from './claude-desktop.js';
import { cline } from './cline.js';
import { codex } from './codex.js';
import { continueDev } from './continue.js';
import { cursor } from './cursor.js';
import { generic } from './generic.js';
import { geminiCli } from './gemini-cli.js';
import { vscode } from './vscode.js';
import { windsurf } from './windsurf.js';
import { zed } from './zed.js';

export type { ClientDefinition, ConfigLocation, Extracted, ExtractSource, SettledFile } from './client-definition.js';

/** Every client we read, in the order discovery reports them. */
export const CLIENTS: readonly ClientDefinition[] = [
  claudeDesktop,
  claudeCode,
  cursor,
  vscode,
  windsurf,
  geminiCli,
  codex,
  zed,
  continueDev,
  cline,
  generic,
];

const BY_ID: ReadonlyMap<ClientId, ClientDefinition> = new Map(CLIENTS.map((client) => [client.id, client]));

export function clientDefinition(id: ClientId): ClientDefinition {
  const client = BY_ID.get(id);
  if (client === undefined) throw new Error(`no client definition for ${id}`);
  return client;
}

/** The client that writes files with this name, if the name tells. */
export function clientForFileName(file: string): ClientDefinition | undefined {
  return CLIENTS.find((client) => client.ownsFile(file));
}

/** The keys looked for when a file's name does not tell its client, for messages. */
export const SERVER_SECTION_KEYS = ['mcpServers', 'servers', 'mcp.servers', 'context_servers', 'mcp_servers'] as const;

/** The client whose shape a document has, judged by its keys alone. */
export function clientForKeys(document: unknown): ClientDefinition | undefined {
  if (!isUntrustedRecord(document)) return undefined;
  const has = (key: string) => {
    const value = ownValue(document, key);
    return value !== undefined && value !== null;
  };
  if (has('mcp_servers')) return codex;
  if (has('context_servers')) return zed;
  const mcp = ownValue(document, 'mcp');
  if (has('servers') || has('mcp.servers') || (isUntrustedRecord(mcp) && ownValue(mcp, 'servers') !== undefined)) return vscode;
  const experimental = ownValue(document, 'experimental');
  if (Array.isArray(ownValue(document, 'mcpServers'))) return continueDev;
  if (isUntrustedRecord(experimental) && ownValue(experimental, 'modelContextProtocolServers') !== undefined) return continueDev;
  if (isUntrustedRecord(ownValue(document, 'projects'))) return claudeCode;
  if (has('mcpServers')) return generic;
  return undefined;
}
