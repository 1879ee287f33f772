import { readdir, stat } from 'node:fs/promises';
import { isMcpRiskError } from '../errors.js';
import { CLIENTS } from './clients/index.js';
import type { ConfigLocation, SettledFile } from './clients/index.js';
import { extractServers } from './extract-servers.js';
import { configFormatOf, parseConfigText } from '../hostile-text/parse-config-text.js';
import { pathApiFor } from './platform-dirs.js';
import { readBoundedText } from '../hostile-text/read-bounded-text.js';
import type { ConfigProblem, DiscoveryContext, ServerEntry } from './server-entry.js';

/** At most this many files are read from one folder of block files. */
export const MAX_FILES_PER_FOLDER = 200;

export interface DiscoveryResult {
  /** Every config file that exists on this machine, in the order read (including ones that turned out broken). */
  filesRead: string[];
  entries: ServerEntry[];
  /** Files that could not be read or parsed, and entries that were skipped; the rest was read anyway. */
  problems: ConfigProblem[];
}

/**
 * Every place a known client keeps MCP servers on the machine described by
 * ctx (user scope under ctx.home, project scope under ctx.cwd), without
 * touching the file system. A path reached twice (say, when cwd is home) is
 * listed once, for the first client and scope that named it.
 */
export function listConfigLocations(ctx: DiscoveryContext): ConfigLocation[] {
  const p = pathApiFor(ctx);
  const seen = new Set<string>();
  const locations: ConfigLocation[] = [];
  for (const client of CLIENTS) {
    for (const location of client.locate(ctx)) {
      const normalised = p.normalize(location.path);
      const key = ctx.platform === 'win32' || ctx.platform === 'darwin' ? normalised.toLowerCase() : normalised;
      if (seen.has(key)) continue;
      seen.add(key);
      locations.push(location);
    }
  }
  return locations;
}

/**
 * Reads every client config file found on this machine. One bad file (or
 * entry) never stops the rest: it is reported in `problems` (a `fix-input`
 * error). Errors that are not about the input (an `abort`, a bug) are thrown.
 */
export async function discoverClientConfigs(ctx: DiscoveryContext): Promise<DiscoveryResult> {
  const result: DiscoveryResult = { filesRead: [], entries: [], problems: [] };
  const locations = listConfigLocations(ctx);
  for (const client of CLIENTS) {
    const settled: SettledFile[] = [];
    for (const location of locations.filter((l) => l.client === client.id)) {
      const files = location.directoryExtensions === undefined ? [location.path] : await listFolder(location, ctx, result);
      for (const file of files) {
        if (!(await exists(file))) continue;
        result.filesRead.push(file);
        try {
          const document = parseConfigText(await readBoundedText(file), configFormatOf(file), file);
          const extracted = extractServers(document, {
            client: client.id,
            file,
            scope: location.scope,
            cwd: ctx.cwd,
            platform: ctx.platform,
            env: ctx.env,
            sectionOptional: location.sectionOptional,
          });
          settled.push({ location, document, entries: extracted.entries });
          result.problems.push(...extracted.problems);
        } catch (error) {
          // A config file the user must fix is a problem of that file; the other files are still read.
          if (!isMcpRiskError(error) || error.next !== 'fix-input') throw error;
          result.problems.push({ file, message: error.message });
        }
      }
    }
    client.settle?.(settled, ctx);
    for (const file of settled) result.entries.push(...file.entries);
  }
  return result;
}

/** Does anything exist at this path? (Unreadable things exist: reading them reports why.) */
async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    return true;
  }
}

/** The files of a block folder with the wanted extensions, sorted by name, at most MAX_FILES_PER_FOLDER. */
async function listFolder(location: ConfigLocation, ctx: DiscoveryContext, result: DiscoveryResult): Promise<string[]> {
  const p = pathApiFor(ctx);
  const extensions = location.directoryExtensions ?? [];
  let names: string[];
  try {
    const entries = await readdir(location.path, { withFileTypes: true });
    names = entries
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map((entry) => entry.name)
      .filter((name) => extensions.some((extension) => name.toLowerCase().endsWith(extension)))
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    result.problems.push({ file: location.path, message: `cannot list ${location.path}: ${code ?? String(error)}` });
    return [];
  }
  if (names.length > MAX_FILES_PER_FOLDER) {
    result.problems.push({
      file: location.path,
      message: `${location.path} holds ${names.length} server files; only the first ${MAX_FILES_PER_FOLDER} are read`,
    });
    names = names.slice(0, MAX_FILES_PER_FOLDER);
  }
  return names.map((name) => p.join(location.path, name));
}
