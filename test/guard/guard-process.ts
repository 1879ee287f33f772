/**
 * Helpers for tests that run `mcp-risk guard` as a real process (from the sources, through tsx)
 * with an SDK client in front of it, as an MCP client would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, type ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SAFETY_NET_MS } from '../fixtures/safety-net.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_ENTRY = join(ROOT, 'src', 'cli', 'main.ts');
/** node arguments that run the CLI from the sources. */
export const CLI = ['--import', 'tsx', CLI_ENTRY];
export const RELAY_SERVER = join(ROOT, 'test', 'guard', 'fixtures', 'relay-server.mjs');
export const FLOWFORGE_SCRIPT = join(ROOT, 'test', 'fixtures', 'servers', 'flowforge.mjs');

export interface GuardedClient {
  client: Client;
  transport: StdioClientTransport;
  /** Everything the guard (and the server) wrote on stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/**
 * Starts `mcp-risk guard <guardArgs> -- <server...>` as the client's stdio server and connects
 * an SDK client through it.
 */
export async function connectThroughGuard(
  guardArgs: string[],
  server: string[],
  options: { env?: Record<string, string>; clientOptions?: ClientOptions; beforeConnect?: (client: Client) => void } = {},
): Promise<GuardedClient> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...CLI, 'guard', ...guardArgs, '--', ...server],
    env: { ...(process.env as Record<string, string>), ...options.env },
    cwd: ROOT,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'guard-test', version: '1.0.0' }, options.clientOptions ?? { capabilities: {} });
  options.beforeConnect?.(client);
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`cannot connect through the guard: ${String(error)}; stderr: ${stderr}`, { cause: error });
  }
  return { client, transport, stderr: () => stderr, close: () => client.close() };
}

/** The server's pid, from the guard's "server started (pid N)" line. */
export async function serverPid(guarded: GuardedClient): Promise<number> {
  const line = await waitFor(() => /server started \(pid (\d+)\)/.exec(guarded.stderr())?.[1], 'the server pid on stderr');
  return Number(line);
}

/**
 * Polls `probe` until it returns something other than undefined (or false): for states with no event
 * to wait on (a file's content, a process's output so far). The deadline is a safety net only.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = SAFETY_NET_MS,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function readJsonLines<T = Record<string, unknown>>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Writes a policy file as an editor saves: a new file renamed over the old. */
export function writePolicy(file: string, policy: unknown): void {
  const temp = `${file}.${Date.now()}.tmp`;
  writeFileSync(temp, typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2));
  renameSync(temp, file);
}

/** The text of a tool result's first content item. */
export function resultText(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content[0]?.text ?? '';
}

/** Runs the CLI as a process to its end. */
export function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, child }));
    child.stdin.end(options.input ?? '');
  });
}
