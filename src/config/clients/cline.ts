import { dirFromEnv, editorUserDirs, pathApiFor } from '../platform-dirs.js';
import type { ClientDefinition, ConfigLocation } from './client-definition.js';
import { pathTail, readServerMap, sectionRecord, standardFields } from './server-map.js';
import type { ServerFieldStyle } from './server-map.js';

/** Editors Cline's extension runs in, by the name of their settings folder. */
export const CLINE_HOST_EDITORS = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf'] as const;

const CLINE_STYLE: ServerFieldStyle = {
  // `type` is stdio | sse | streamableHttp; older files say `transportType`. A bare URL is SSE.
  typeKeys: ['type', 'transportType'],
  urlKeys: [{ key: 'url' }],
  remoteDefault: 'sse',
};

/**
 * Cline: `cline_mcp_settings.json` in the extension's global storage
 * (`<editor user folder>/globalStorage/saoudrizwan.claude-dev/settings/`) of
 * each editor it may be installed in, and `~/.cline/data/settings/` for the
 * Cline CLI (`$CLINE_DIR` moves `~/.cline`). Servers under `mcpServers`;
 * `disabled: true` marks a switched-off server.
 */
export const cline: ClientDefinition = {
  id: 'cline',
  label: 'Cline',
  section: 'mcpServers',
  locate(ctx) {
    const p = pathApiFor(ctx);
    const locations: ConfigLocation[] = editorUserDirs(ctx, CLINE_HOST_EDITORS).map((userDir) => ({
      client: 'cline',
      scope: 'user',
      path: p.join(userDir, 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json'),
      sectionOptional: false,
    }));
    const clineDir = dirFromEnv(ctx, 'CLINE_DIR', p.join(ctx.home, '.cline'));
    locations.push({
      client: 'cline',
      scope: 'user',
      path: p.join(clineDir, 'data', 'settings', 'cline_mcp_settings.json'),
      sectionOptional: false,
    });
    return locations;
  },
  ownsFile(file) {
    return pathTail(file, 1) === 'cline_mcp_settings.json';
  },
  extract(document, source) {
    const section = sectionRecord(document, ['mcpServers'], source.file);
    if (section === undefined) return undefined;
    return readServerMap(section, source, (record) => standardFields(record, CLINE_STYLE));
  },
};
