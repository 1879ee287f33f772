import { pathApiFor } from '../platform-dirs.js';
import type { ClientDefinition } from './client-definition.js';
import { pathTail, readServerMap, sectionRecord, standardFields, STANDARD_STYLE } from './server-map.js';

/**
 * Cursor: `~/.cursor/mcp.json` (user) and `.cursor/mcp.json` in the project,
 * servers under `mcpServers`; remote entries have `url` (and `headers`).
 */
export const cursor: ClientDefinition = {
  id: 'cursor',
  label: 'Cursor',
  section: 'mcpServers',
  locate(ctx) {
    const p = pathApiFor(ctx);
    return [
      { client: 'cursor', scope: 'user', path: p.join(ctx.home, '.cursor', 'mcp.json'), sectionOptional: false },
      { client: 'cursor', scope: 'project', path: p.join(ctx.cwd, '.cursor', 'mcp.json'), sectionOptional: false },
    ];
  },
  ownsFile(file) {
    return pathTail(file, 2) === '.cursor/mcp.json';
  },
  extract(document, source) {
    const section = sectionRecord(document, ['mcpServers'], source.file);
    if (section === undefined) return undefined;
    return readServerMap(section, source, (record) => standardFields(record, STANDARD_STYLE));
  },
};
