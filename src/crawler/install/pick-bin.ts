import { isUntrustedRecord, ownValue, quoteUntrusted } from '../../hostile-text/untrusted-value.js';
import type { InstalledPackage } from './installed-package.js';
import { InstallError } from '../../npm-registry/install-errors.js';
import { fileInside } from './package-bins.js';
import { unscopedName } from '../../npm-registry/npm-package-name.js';

/** Words in a package's name, description or keywords that say it is an MCP server. */
const SERVER_WORDS = /\bmcp\b|model[\s-]?context[\s-]?protocol|modelcontextprotocol/i;
/** Dependencies only an MCP server (or client) has. */
const MCP_LIBRARIES = ['@modelcontextprotocol/sdk', 'fastmcp', 'mcp-framework', 'mcp-proxy'];

/**
 * The absolute path of the script that starts the package's server (run it
 * with node):
 *  - `preferredName` (a catalogue's `bin`) when given: that bin, or InstallError('no-bin');
 *  - one bin: that one;
 *  - several: the one named like the package's last path segment (`@x/foo` → `foo`), else the first;
 *  - no bin: `main` (or index.js), when the package looks like an MCP server
 *    (says MCP in its name, description or keywords, or depends on an MCP library).
 * Otherwise InstallError('no-bin').
 */
export function pickBin(installed: InstalledPackage, preferredName?: string): string {
  const names = Object.keys(installed.bins);
  const label = `${installed.name}@${installed.version}`;
  if (preferredName !== undefined) {
    const chosen = installed.bins[preferredName];
    if (chosen !== undefined) return chosen;
    const known = names.length > 0 ? `its bins are ${names.map((name) => quoteUntrusted(name, 60)).join(', ')}` : 'it has none';
    throw new InstallError('no-bin', `${label} has no bin named ${quoteUntrusted(preferredName, 60)} (${known})`);
  }
  const first = names[0];
  if (first !== undefined) {
    const named = installed.bins[unscopedName(installed.name)];
    return named ?? (installed.bins[first] as string);
  }
  if (!looksLikeServer(installed)) throw new InstallError('no-bin', `${label} has no bin and does not look like an MCP server`);
  const main = mainFile(installed);
  if (main === null) throw new InstallError('no-bin', `${label} has no bin, and its main file is missing`);
  return main;
}

function looksLikeServer(installed: InstalledPackage): boolean {
  const json = installed.packageJson;
  const description = ownValue(json, 'description');
  const keywords = ownValue(json, 'keywords');
  const texts = [installed.name, typeof description === 'string' ? description.slice(0, 2000) : ''];
  if (Array.isArray(keywords)) texts.push(...keywords.slice(0, 100).filter((word): word is string => typeof word === 'string'));
  if (texts.some((text) => SERVER_WORDS.test(text.replace(/[-_]/g, ' ')))) return true;
  const dependencies = ownValue(json, 'dependencies');
  return isUntrustedRecord(dependencies) && MCP_LIBRARIES.some((library) => Object.prototype.hasOwnProperty.call(dependencies, library));
}

/** `main` as node resolves it (the file, `.js` added, or a directory's index.js); `index.js` when there is no main. */
function mainFile(installed: InstalledPackage): string | null {
  const declared = ownValue(installed.packageJson, 'main');
  const main = typeof declared === 'string' && declared.length > 0 ? declared : 'index.js';
  for (const candidate of [main, `${main}.js`, `${main}/index.js`]) {
    const file = fileInside(installed.dir, candidate);
    if (file !== null) return file;
  }
  return null;
}
