import { editorUserDirs, pathApiFor } from '../platform-dirs.js';
import type { ConfigLocation, ClientDefinition } from './client-definition.js';
import { pathTail, readServerMap, sectionRecord, standardFields, STANDARD_STYLE } from './server-map.js';

/** VS Code and the builds that share its settings layout. */
export const VSCODE_PRODUCTS = ['Code', 'Code - Insiders', 'VSCodium'] as const;

/**
 * VS Code: `mcp.json` in the user settings folder (`~/.config/Code/User` on
 * Linux, `~/Library/Application Support/Code/User` on macOS,
 * `%APPDATA%\Code\User` on Windows) and `.vscode/mcp.json` in the project, with
 * servers under top-level `servers` (next to `inputs`); older setups keep them
 * in `settings.json` under `"mcp": { "servers": ... }`. Both files are JSONC.
 * Entries: `type` (stdio | http | sse), `command`, `args`, `env`, `envFile`, `url`, `headers`.
 */
export const vscode: ClientDefinition = {
  id: 'vscode',
  label: 'VS Code',
  section: 'servers',
  locate(ctx) {
    const p = pathApiFor(ctx);
    const locations: ConfigLocation[] = [];
    for (const userDir of editorUserDirs(ctx, VSCODE_PRODUCTS)) {
      locations.push(
        { client: 'vscode', scope: 'user', path: p.join(userDir, 'mcp.json'), sectionOptional: false },
        { client: 'vscode', scope: 'user', path: p.join(userDir, 'settings.json'), sectionOptional: true },
      );
    }
    locations.push(
      { client: 'vscode', scope: 'project', path: p.join(ctx.cwd, '.vscode', 'mcp.json'), sectionOptional: false },
      { client: 'vscode', scope: 'project', path: p.join(ctx.cwd, '.vscode', 'settings.json'), sectionOptional: true },
    );
    return locations;
  },
  ownsFile(file) {
    const two = pathTail(file, 2);
    if (two === '.vscode/mcp.json' || two === '.vscode/settings.json') return true;
    const three = pathTail(file, 3);
    return VSCODE_PRODUCTS.some(
      (product) => three === `${product.toLowerCase()}/user/mcp.json` || three === `${product.toLowerCase()}/user/settings.json`,
    );
  },
  extract(document, source) {
    const section =
      sectionRecord(document, ['servers'], source.file) ??
      sectionRecord(document, ['mcp', 'servers'], source.file) ??
      sectionRecord(document, ['mcp.servers'], source.file);
    if (section === undefined) return undefined;
    return readServerMap(section, source, (record) => standardFields(record, STANDARD_STYLE));
  },
};
