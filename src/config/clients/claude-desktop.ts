import { appDataDir, pathApiFor } from '../platform-dirs.js';
import type { ClientDefinition } from './client-definition.js';
import { pathTail, readServerMap, sectionRecord, standardFields, STANDARD_STYLE } from './server-map.js';

/**
 * Claude Desktop: `claude_desktop_config.json` in the app's data folder
 * (`~/Library/Application Support/Claude` on macOS, `%APPDATA%\Claude` on
 * Windows, `~/.config/Claude` on Linux builds), servers under `mcpServers`.
 * The file also keeps app preferences, so it may have no servers at all.
 */
export const claudeDesktop: ClientDefinition = {
  id: 'claude-desktop',
  label: 'Claude Desktop',
  section: 'mcpServers',
  locate(ctx) {
    const p = pathApiFor(ctx);
    return [
      {
        client: 'claude-desktop',
        scope: 'user',
        path: p.join(appDataDir(ctx), 'Claude', 'claude_desktop_config.json'),
        sectionOptional: true,
      },
    ];
  },
  ownsFile(file) {
    return pathTail(file, 1) === 'claude_desktop_config.json';
  },
  extract(document, source) {
    const section = sectionRecord(document, ['mcpServers'], source.file);
    if (section === undefined) return undefined;
    return readServerMap(section, source, (record) => standardFields(record, STANDARD_STYLE));
  },
};
