import { pathApiFor } from '../platform-dirs.js';
import type { ClientDefinition } from './client-definition.js';
import { pathTail, readServerMap, sectionRecord, standardFields } from './server-map.js';
import type { ServerFieldStyle } from './server-map.js';

const WINDSURF_STYLE: ServerFieldStyle = {
  typeKeys: ['type'],
  urlKeys: [{ key: 'serverUrl' }, { key: 'url' }],
  remoteDefault: 'http',
};

/**
 * Windsurf: `~/.codeium/windsurf/mcp_config.json` on every platform (and
 * `windsurf-next` for the preview build), servers under `mcpServers`; remote
 * entries give their address as `serverUrl`. No project-scope file.
 */
export const windsurf: ClientDefinition = {
  id: 'windsurf',
  label: 'Windsurf',
  section: 'mcpServers',
  locate(ctx) {
    const p = pathApiFor(ctx);
    return ['windsurf', 'windsurf-next'].map((build) => ({
      client: 'windsurf' as const,
      scope: 'user' as const,
      path: p.join(ctx.home, '.codeium', build, 'mcp_config.json'),
      sectionOptional: false,
    }));
  },
  ownsFile(file) {
    return pathTail(file, 1) === 'mcp_config.json';
  },
  extract(document, source) {
    const section = sectionRecord(document, ['mcpServers'], source.file);
    if (section === undefined) return undefined;
    return readServerMap(section, source, (record) => standardFields(record, WINDSURF_STYLE));
  },
};
