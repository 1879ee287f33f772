/**
 * The snapshot file of the embedded store (`data/catalogue.json`), as a lowdb adapter.
 *
 * Format (a JSON object, schemaVersion 1):
 *
 *     {"schemaVersion":1,"servers":{
 *     "<id>":{...CatalogueServer...},
 *     "<id>":{...}
 *     }}
 *
 * `servers` maps each record's id to the record; ids are in code-unit order and each record sits
 * on its own line, so a catalogue kept in git diffs per server. The file is replaced atomically
 * (write, fsync, rename, fsync the directory): steno, lowdb's own writer, renames without fsync.
 *
 * A file that is not JSON, has another schemaVersion or is not in this shape is refused with
 * InputError `input-invalid` and never overwritten.
 */
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { errorMessage, InputError } from '../errors.js';
import { CRAWL_STATUSES } from './catalogue-model.js';
import type { CatalogueServer } from './catalogue-model.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

export const CATALOGUE_SCHEMA_VERSION = 1;

/** The snapshot in memory: records by id. */
export interface CatalogueDocument {
  schemaVersion: typeof CATALOGUE_SCHEMA_VERSION;
  servers: Map<string, CatalogueServer>;
}

/** What to say after a refusal: the file is left as it is. */
function leftUntouched(path: string): string {
  return `${path} was left untouched; move it away or use another catalogue file.`;
}

/** What keeps `value` from being a record the catalogue readers can rely on, or null when it is one. */
export function storedServerProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not an object';
  if (typeof value.id !== 'string' || value.id.length === 0) return 'no id';
  if (typeof value.name !== 'string') return 'no name';
  if (typeof value.status !== 'string' || !(CRAWL_STATUSES as readonly string[]).includes(value.status)) return 'unknown status';
  if (typeof value.firstSeen !== 'string' || typeof value.lastCrawled !== 'string') return 'no crawl times';
  if (!isObject(value.source) || !isObject(value.metadata) || !isObject(value.toolHashes) || !isObject(value.toolPartHashes)) {
    return 'source, metadata or tool hashes missing';
  }
  if (!Array.isArray(value.history)) return 'no history';
  const report = value.report;
  if (!isObject(report) || !Array.isArray(report.tools) || !isObject(report.summary)) return 'no report';
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the snapshot text; refuses anything but a schemaVersion 1 catalogue. */
export function parseCatalogueDocument(text: string, path: string): CatalogueDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError('input-invalid', `${path} is not valid JSON (${errorMessage(error)}). ${leftUntouched(path)}`, { cause: error });
  }
  if (!isObject(parsed)) {
    throw new InputError('input-invalid', `${path} is not an mcp-risk catalogue (not a JSON object). ${leftUntouched(path)}`);
  }
  if (parsed.schemaVersion !== CATALOGUE_SCHEMA_VERSION) {
    const what =
      typeof parsed.schemaVersion === 'number'
        ? `it has schemaVersion ${parsed.schemaVersion}; this version of mcp-risk reads ${CATALOGUE_SCHEMA_VERSION}`
        : 'it has no schemaVersion';
    throw new InputError('input-invalid', `${path} is not an mcp-risk catalogue this version reads (${what}). ${leftUntouched(path)}`);
  }
  if (!isObject(parsed.servers)) {
    throw new InputError('input-invalid', `${path} is not an mcp-risk catalogue (no "servers" object). ${leftUntouched(path)}`);
  }
  const servers = new Map<string, CatalogueServer>();
  for (const [id, value] of Object.entries(parsed.servers)) {
    const problem = storedServerProblem(value);
    if (problem !== null) {
      throw new InputError(
        'input-invalid',
        `${path}: server ${JSON.stringify(id.slice(0, 200))} is not a catalogue record (${problem}). ${leftUntouched(path)}`,
      );
    }
    const record = value as CatalogueServer;
    if (record.id !== id) {
      throw new InputError(
        'input-invalid',
        `${path}: the record under ${JSON.stringify(id.slice(0, 200))} has another id. ${leftUntouched(path)}`,
      );
    }
    servers.set(id, record);
  }
  return { schemaVersion: CATALOGUE_SCHEMA_VERSION, servers };
}

/** Ids in code-unit order (independent of the locale). */
export function compareIds(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** The snapshot text, in pieces: one record per line, ids in order. */
export function* serializeCatalogueDocument(document: CatalogueDocument): Generator<string> {
  const ids = [...document.servers.keys()].sort(compareIds);
  if (ids.length === 0) {
    yield `{"schemaVersion":${CATALOGUE_SCHEMA_VERSION},"servers":{}}\n`;
    return;
  }
  yield `{"schemaVersion":${CATALOGUE_SCHEMA_VERSION},"servers":{\n`;
  for (let index = 0; index < ids.length; index += 1) {
    const id = ids[index] as string;
    const separator = index === ids.length - 1 ? '\n' : ',\n';
    yield `${JSON.stringify(id)}:${JSON.stringify(document.servers.get(id))}${separator}`;
  }
  yield '}}\n';
}

/** What one snapshot write cost. */
export interface SnapshotWrite {
  bytes: number;
  ms: number;
}

/** lowdb adapter for the snapshot file: typed refusals on read, atomic durable replacement on write. */
export class CatalogueFile implements Adapter<CatalogueDocument> {
  readonly path: string;
  readonly #onWrite: (write: SnapshotWrite) => void;

  constructor(path: string, onWrite: (write: SnapshotWrite) => void = () => {}) {
    this.path = path;
    this.#onWrite = onWrite;
  }

  /** The document, or null when the file does not exist. */
  async read(): Promise<CatalogueDocument | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new InputError('input-unreadable', `cannot read the catalogue ${this.path}: ${errorMessage(error)}`, { cause: error });
    }
    return parseCatalogueDocument(text, this.path);
  }

  async write(document: CatalogueDocument): Promise<void> {
    const started = performance.now();
    const bytes = await writeFileAtomic(this.path, serializeCatalogueDocument(document), { temporary: 'fixed' });
    this.#onWrite({ bytes, ms: performance.now() - started });
  }
}
