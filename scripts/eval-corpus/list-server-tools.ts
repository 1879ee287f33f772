/**
 * Starts one untrusted MCP server over stdio, lists all its tools (following
 * pagination) and ends it together with every process it started.
 *
 * The server sees only the environment it is given: it is launched through
 * `env -i`, so nothing of ours (tokens, npm config, the user's HOME) leaks
 * into it.
 */

import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { SERVER_ERROR_CODES, ServerError, errorMessage } from '../../src/errors.js';
import type { ServerErrorCode } from '../../src/errors.js';
import { killProcessTree } from './kill-process-tree.js';

const MAX_PAGES = 200;
const MAX_TOOLS = 5000;
const STDERR_TAIL_CHARS = 2000;

export interface ServerLaunch {
  command: string;
  args: string[];
  /** The complete environment of the server. */
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
}

export interface ListedTools {
  serverName: string | null;
  serverVersion: string | null;
  tools: Tool[];
}

function envCommand(): string {
  for (const candidate of ['/usr/bin/env', '/bin/env']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new ServerError('spawn-failed', 'no env(1) found to start the server with an empty environment');
}

function envAssignments(env: Record<string, string>): string[] {
  return Object.entries(env).map(([key, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new ServerError('spawn-failed', `bad environment variable name ${key}`);
    return `${key}=${value}`;
  });
}

/** Lists every tool of the server, or throws a ServerError. The server is always ended. */
export async function listServerTools(launch: ServerLaunch): Promise<ListedTools> {
  const transport = new StdioClientTransport({
    command: envCommand(),
    args: ['-i', ...envAssignments(launch.env), launch.command, ...launch.args],
    env: {},
    cwd: launch.cwd,
    stderr: 'pipe',
  });
  let stderrTail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });
  let exited = false;
  const client = new Client({ name: 'mcp-risk-eval-corpus', version: '0.1.0' }, { capabilities: {} });
  client.onclose = () => {
    exited = true;
  };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServerError('server-timeout', `no complete tool list within ${launch.timeoutMs / 1000}s`)),
      launch.timeoutMs,
    );
  });

  const work = (async (): Promise<ListedTools> => {
    await client.connect(transport, { timeout: launch.timeoutMs });
    const tools: Tool[] = [];
    const seenCursors = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: launch.timeoutMs });
      tools.push(...result.tools);
      if (tools.length > MAX_TOOLS) throw new ServerError('output-limit', `more than ${MAX_TOOLS} tools`);
      cursor = result.nextCursor;
      if (cursor === undefined) break;
      if (seenCursors.has(cursor)) throw new ServerError('protocol-error', 'tools/list repeats a cursor');
      seenCursors.add(cursor);
    }
    if (cursor !== undefined) throw new ServerError('output-limit', `more than ${MAX_PAGES} pages of tools`);
    const info = client.getServerVersion();
    return { serverName: info?.name ?? null, serverVersion: info?.version ?? null, tools };
  })();

  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    const tail = stderrTail.replace(/\s+/g, ' ').trim().slice(-400);
    const detail = tail ? ` (stderr: ${tail})` : '';
    const known = SERVER_ERROR_CODES.find((code) => error instanceof ServerError && error.code === code);
    const code: ServerErrorCode = known ?? (exited ? 'server-exited' : 'protocol-error');
    throw new ServerError(code, `${errorMessage(error)}${detail}`, { cause: error });
  } finally {
    clearTimeout(timer);
    work.catch(() => {
      // The race is settled; a later rejection of the abandoned listing is expected.
    });
    const pid = transport.pid;
    if (pid !== null) await killProcessTree(pid);
    await transport.close();
  }
}
