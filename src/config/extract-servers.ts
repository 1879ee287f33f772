import { InputError } from '../errors.js';
import { clientDefinition, clientForFileName, clientForKeys, SERVER_SECTION_KEYS } from './clients/index.js';
import type { ClientDefinition, Extracted, ExtractSource } from './clients/index.js';
import type { ClientId } from './server-entry.js';
import { isUntrustedRecord } from '../hostile-text/untrusted-value.js';

export interface ExtractRequest extends Omit<ExtractSource, 'client'> {
  /** Read the document as this client's file; otherwise the file's name, then its keys, decide. */
  client?: ClientId;
  /** A missing server section is no problem (the file holds other settings too): no entries. */
  sectionOptional?: boolean;
}

export interface ExtractedFile extends Extracted {
  /** The client whose shape the document was read in. */
  client: ClientId;
}

/**
 * The servers of one parsed config document. Throws InputError('config-invalid')
 * naming the file when the document has no server section (unless that is
 * optional) or its section is of the wrong type.
 */
export function extractServers(document: unknown, request: ExtractRequest): ExtractedFile {
  const { file } = request;
  if (!isUntrustedRecord(document)) {
    throw new InputError('config-invalid', `${file} does not hold an object at the top level, so it has no MCP servers`);
  }
  const explicit = request.client === undefined ? undefined : clientDefinition(request.client);
  const candidates: ClientDefinition[] = [];
  if (explicit !== undefined) {
    candidates.push(explicit);
  } else {
    const byName = clientForFileName(file);
    if (byName !== undefined) candidates.push(byName);
    const byKeys = clientForKeys(document);
    if (byKeys !== undefined && byKeys !== byName) candidates.push(byKeys);
  }
  for (const client of candidates) {
    const extracted = client.extract(document, { ...request, client: client.id });
    if (extracted !== undefined) return { client: client.id, ...extracted };
  }
  const fallback = explicit ?? candidates[0];
  if (request.sectionOptional === true) return { client: fallback?.id ?? 'generic', entries: [], problems: [] };
  if (explicit !== undefined) {
    throw new InputError('config-invalid', `${file} has no ${explicit.section} section, where ${explicit.label} keeps its MCP servers`);
  }
  throw new InputError(
    'config-invalid',
    `${file} has no MCP server section (looked for ${SERVER_SECTION_KEYS.join(', ')} and Continue's server list)`,
  );
}
