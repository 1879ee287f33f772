import { dirFromEnv, pathApiFor } from '../platform-dirs.js';
import { isUntrustedRecord, ownEntries, ownValue } from '../../hostile-text/untrusted-value.js';
import type { UntrustedRecord } from '../../hostile-text/untrusted-value.js';
import type { ClientDefinition, ExtractSource } from './client-definition.js';
import { pathTail, readServerMap, sectionRecord } from './server-map.js';

/**
 * Codex: `$CODEX_HOME/config.toml` (default `~/.codex/config.toml`), and
 * `.codex/config.toml` in a (trusted) project, servers as TOML tables
 * `[mcp_servers.<name>]` with `command`, `args`, `env`, `cwd`, or `url`
 * (streamable HTTP) with `http_headers`, `env_http_headers` (header name →
 * environment variable) and `bearer_token_env_var`. `enabled = false` marks a
 * server disabled. The file holds all of Codex's settings, so it may have no servers.
 */
export const codex: ClientDefinition = {
  id: 'codex',
  label: 'Codex',
  section: '[mcp_servers.<name>]',
  locate(ctx) {
    const p = pathApiFor(ctx);
    return [
      {
        client: 'codex',
        scope: 'user',
        path: p.join(dirFromEnv(ctx, 'CODEX_HOME', p.join(ctx.home, '.codex')), 'config.toml'),
        sectionOptional: true,
      },
      { client: 'codex', scope: 'project', path: p.join(ctx.cwd, '.codex', 'config.toml'), sectionOptional: true },
    ];
  },
  ownsFile(file) {
    return pathTail(file, 2) === '.codex/config.toml';
  },
  extract(document, source) {
    const section = sectionRecord(document, ['mcp_servers'], source.file);
    if (section === undefined) return undefined;
    return readServerMap(section, source, (record) => ({
      command: ownValue(record, 'command'),
      args: ownValue(record, 'args'),
      env: ownValue(record, 'env'),
      cwd: ownValue(record, 'cwd'),
      url: ownValue(record, 'url'),
      headers: codexHeaders(record, source),
      disabled: ownValue(record, 'enabled') === false || ownValue(record, 'disabled') === true,
      remoteDefault: 'http',
    }));
  },
};

/**
 * Literal `http_headers`, plus the headers Codex fills from the environment
 * (`env_http_headers`, `bearer_token_env_var`) when those variables are set.
 * Anything not a string map is passed on as is, for the entry check to refuse.
 */
function codexHeaders(record: UntrustedRecord, source: ExtractSource): unknown {
  const literal = ownValue(record, 'http_headers');
  const fromEnv = ownValue(record, 'env_http_headers');
  const bearerVar = ownValue(record, 'bearer_token_env_var');
  if (literal !== undefined && !isUntrustedRecord(literal)) return literal;
  const headers: Record<string, unknown> = {};
  const put = (name: string, value: unknown) =>
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  if (literal !== undefined) for (const [name, value] of ownEntries(literal)) put(name, value);
  if (isUntrustedRecord(fromEnv)) {
    for (const [name, variable] of ownEntries(fromEnv)) {
      const value = typeof variable === 'string' ? envValue(source, variable) : undefined;
      if (value !== undefined) put(name, value);
    }
  }
  if (typeof bearerVar === 'string') {
    const token = envValue(source, bearerVar);
    if (token !== undefined) put('Authorization', `Bearer ${token}`);
  }
  return Object.keys(headers).length > 0 ? headers : undefined;
}

function envValue(source: ExtractSource, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(source.env, name)) return undefined;
  const value = source.env[name];
  return value === undefined || value === '' ? undefined : value;
}
