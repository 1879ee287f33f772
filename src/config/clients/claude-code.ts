import type { DiscoveryContext } from '../server-entry.js';
import { dirFromEnv, pathApiFor } from '../platform-dirs.js';
import { isUntrustedRecord, ownEntries, ownValue } from '../../hostile-text/untrusted-value.js';
import type { UntrustedRecord } from '../../hostile-text/untrusted-value.js';
import type { ClientDefinition, Extracted } from './client-definition.js';
import { pathTail, readServerMap, sectionRecord, standardFields, STANDARD_STYLE } from './server-map.js';

/**
 * Claude Code:
 *  - `~/.claude.json` (or `$CLAUDE_CONFIG_DIR/.claude.json`): user-scope servers
 *    under top-level `mcpServers`, and local-scope servers of one project under
 *    `projects["<absolute project path>"].mcpServers` (recorded here with scope
 *    `project`, and only for the project in the working directory);
 *  - `.mcp.json` at the project root: project-scope servers under `mcpServers`.
 *    The user can refuse them: names in `projects[<cwd>].disabledMcpjsonServers`
 *    of `~/.claude.json` are marked disabled.
 * Entries may carry `type: "stdio" | "http" | "sse"`, `url` and `headers`.
 */
export const claudeCode: ClientDefinition = {
  id: 'claude-code',
  label: 'Claude Code',
  section: 'mcpServers',
  locate(ctx) {
    const p = pathApiFor(ctx);
    return [
      {
        client: 'claude-code',
        scope: 'user',
        path: p.join(dirFromEnv(ctx, 'CLAUDE_CONFIG_DIR', ctx.home), '.claude.json'),
        sectionOptional: true,
      },
      { client: 'claude-code', scope: 'project', path: p.join(ctx.cwd, '.mcp.json'), sectionOptional: false },
    ];
  },
  ownsFile(file) {
    const name = pathTail(file, 1);
    return name === '.claude.json' || name === '.mcp.json';
  },
  extract(document, source) {
    const topLevel = sectionRecord(document, ['mcpServers'], source.file);
    const projects = isUntrustedRecord(document) ? ownValue(document, 'projects') : undefined;
    if (topLevel === undefined && !isUntrustedRecord(projects)) return undefined;
    const toFields = (record: UntrustedRecord) => standardFields(record, STANDARD_STYLE);
    const result: Extracted = topLevel === undefined ? { entries: [], problems: [] } : readServerMap(topLevel, source, toFields);
    if (isUntrustedRecord(projects)) {
      const project = projectFor(projects, source.cwd, source.platform);
      if (project !== undefined) {
        const local = sectionRecord(project.settings, ['mcpServers'], source.file);
        if (local !== undefined) {
          const found = readServerMap(local, { ...source, scope: 'project' }, toFields);
          result.entries.push(...found.entries);
          result.problems.push(...found.problems);
        }
      }
    }
    return result;
  },
  settle(files, ctx) {
    const userFile = files.find((f) => f.location.scope === 'user');
    if (userFile === undefined || !isUntrustedRecord(userFile.document)) return;
    const projects = ownValue(userFile.document, 'projects');
    if (!isUntrustedRecord(projects)) return;
    const refused = ownValue(projectFor(projects, ctx.cwd, ctx.platform)?.settings ?? {}, 'disabledMcpjsonServers');
    if (!Array.isArray(refused)) return;
    const names = new Set(refused.filter((name): name is string => typeof name === 'string'));
    for (const file of files) {
      if (file.location.scope !== 'project') continue;
      for (const entry of file.entries) if (names.has(entry.name)) entry.disabled = true;
    }
  },
};

/** The settings of the project whose key is the working directory (compared as paths, not as text). */
function projectFor(
  projects: UntrustedRecord,
  cwd: string,
  platform: DiscoveryContext['platform'],
): { key: string; settings: UntrustedRecord } | undefined {
  const wanted = normaliseProjectPath(cwd, platform);
  for (const [key, settings] of ownEntries(projects)) {
    if (isUntrustedRecord(settings) && normaliseProjectPath(key, platform) === wanted) return { key, settings };
  }
  return undefined;
}

function normaliseProjectPath(value: string, platform: DiscoveryContext['platform']): string {
  let normalised = value.replace(/\\/g, '/');
  while (normalised.length > 1 && normalised.endsWith('/') && !/^[A-Za-z]:\/$/.test(normalised)) normalised = normalised.slice(0, -1);
  return platform === 'win32' ? normalised.toLowerCase() : normalised;
}
