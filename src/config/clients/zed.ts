import { appDataDir, pathApiFor, xdgConfigDir } from '../platform-dirs.js';
import type { RawServerFields } from '../build-server-entry.js';
import { isUntrustedRecord, ownValue } from '../../hostile-text/untrusted-value.js';
import type { UntrustedRecord } from '../../hostile-text/untrusted-value.js';
import type { ClientDefinition, ConfigLocation } from './client-definition.js';
import { pathTail, readServerMap, sectionRecord } from './server-map.js';

/**
 * Zed: `settings.json` (JSONC) in `~/.config/zed` (Linux honours
 * `$XDG_CONFIG_HOME`, the Flatpak build keeps its own copy; Windows uses
 * `%APPDATA%\Zed`) and `.zed/settings.json` in the project. Servers live under
 * `context_servers.<name>` in one of three shapes:
 *  - older: `{ "command": { "path", "args", "env" } }`;
 *  - newer: `{ "source": "custom", "command": "...", "args": [...], "env": {...} }`;
 *  - remote: `{ "url": "...", "headers": {...} }`.
 * Servers provided by a Zed extension keep only their settings in the file,
 * not how to start them; they are reported, not read.
 */
export const zed: ClientDefinition = {
  id: 'zed',
  label: 'Zed',
  section: 'context_servers',
  locate(ctx) {
    const p = pathApiFor(ctx);
    const userFiles =
      ctx.platform === 'win32'
        ? [p.join(appDataDir(ctx), 'Zed', 'settings.json')]
        : ctx.platform === 'darwin'
          ? [p.join(ctx.home, '.config', 'zed', 'settings.json')]
          : [
              p.join(xdgConfigDir(ctx), 'zed', 'settings.json'),
              p.join(ctx.home, '.var', 'app', 'dev.zed.Zed', 'config', 'zed', 'settings.json'),
            ];
    const locations: ConfigLocation[] = userFiles.map((path) => ({ client: 'zed', scope: 'user', path, sectionOptional: true }));
    locations.push({ client: 'zed', scope: 'project', path: p.join(ctx.cwd, '.zed', 'settings.json'), sectionOptional: true });
    return locations;
  },
  ownsFile(file) {
    const two = pathTail(file, 2);
    return two === 'zed/settings.json' || two === '.zed/settings.json';
  },
  extract(document, source) {
    const section = sectionRecord(document, ['context_servers'], source.file);
    if (section === undefined) return undefined;
    return readServerMap(section, source, zedFields);
  },
};

function zedFields(record: UntrustedRecord): RawServerFields | string {
  const command = ownValue(record, 'command');
  const disabled = ownValue(record, 'enabled') === false;
  if (isUntrustedRecord(command)) {
    return {
      command: ownValue(command, 'path'),
      args: ownValue(command, 'args'),
      env: ownValue(command, 'env'),
      disabled,
    };
  }
  const url = ownValue(record, 'url');
  if (
    command === undefined &&
    url === undefined &&
    (ownValue(record, 'source') === 'extension' || ownValue(record, 'settings') !== undefined)
  ) {
    return 'it is provided by a Zed extension; how to start it is not in the settings file';
  }
  return {
    command,
    args: ownValue(record, 'args'),
    env: ownValue(record, 'env'),
    url,
    headers: ownValue(record, 'headers'),
    disabled,
    remoteDefault: 'http',
  };
}
