import type { ClientDefinition } from './client-definition.js';
import { readServerMap, sectionRecord, standardFields, STANDARD_STYLE } from './server-map.js';

/**
 * Any other file in the common shape: servers under `mcpServers`, each with
 * `command`/`args`/`env`/`cwd`, or `url` (with an optional `type` and `headers`).
 * It has no files of its own on the machine.
 */
export const generic: ClientDefinition = {
  id: 'generic',
  label: 'MCP config',
  section: 'mcpServers',
  locate() {
    return [];
  },
  ownsFile() {
    return false;
  },
  extract(document, source) {
    const section = sectionRecord(document, ['mcpServers'], source.file);
    if (section === undefined) return undefined;
    return readServerMap(section, source, (record) => standardFields(record, STANDARD_STYLE));
  },
};
