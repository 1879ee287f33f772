import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { connectWithin } from '../connectors/connect.js';
import type { ConnectTarget, Connection } from '../connectors/connection.js';
import { Deadline } from '../connectors/deadline.js';
import { ServerError } from '../errors.js';
import type { ServerSnapshot, TransportKind } from '../model.js';
import { boundServerInfo } from './bound-server-info.js';
import { listPages, type ListMethod } from './list-pages.js';
import { defaultServerName, describeTarget } from './target-label.js';
import { ToolCollector } from './tool-collector.js';

export const DEFAULT_MAX_TOOLS = 10_000;
export const DEFAULT_MAX_PAGES = 1000;

export interface ScanOptions {
  /** Budget for the whole scan of this server: connect, initialize and every list request. */
  timeoutMs: number;
  /** Most tools kept (default 10,000); more are dropped with a warning. */
  maxTools?: number;
  /** Most pages requested per list method (default 1,000). */
  maxPages?: number;
  /** Aborting it stops the scan; scanServer then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Display name override, e.g. the server's key in a client config. */
  name?: string;
  /** Secret-free text describing the target; by default derived from the target. */
  targetLabel?: string;
}

/** Who the snapshot is about, before anything is known from the server itself. */
export interface SnapshotInfo {
  target: string;
  transport: TransportKind;
  /** Display name override; otherwise the server's own name. */
  name?: string;
  /** Used when the server gave no name. */
  fallbackName: string;
}

interface Limits {
  maxTools: number;
  maxPages: number;
}

/**
 * Connects to a server, lists everything we need and returns it as a
 * ServerSnapshot. Never throws because of the server: when it cannot be
 * reached or misbehaves, the snapshot carries `error` (and no tools).
 * Rejects only for programming errors, invalid options, or when
 * `options.signal` aborts (with its reason). The server is always closed
 * (for stdio, its whole process tree killed) before this returns.
 */
export async function scanServer(target: ConnectTarget, options: ScanOptions): Promise<ServerSnapshot> {
  const limits = resolveLimits(options);
  const info: SnapshotInfo = {
    target: options.targetLabel ?? describeTarget(target),
    transport: expectedTransport(target),
    fallbackName: defaultServerName(target),
    ...(options.name === undefined ? {} : { name: options.name }),
  };
  const deadline = new Deadline(options.timeoutMs, options.signal);
  let connection: Connection | null = null;
  try {
    try {
      connection = await connectWithin(target, deadline);
    } catch (error) {
      if (error instanceof ServerError) return failedSnapshot(info, error);
      throw error;
    }
    return await collectSnapshot(connection, info, deadline, limits);
  } finally {
    deadline.dispose();
    await connection?.close({ force: deadline.signal.aborted });
  }
}

/**
 * The snapshot of a server we are already connected to (the connection is
 * left open). Same contract as scanServer: server problems end up in the
 * snapshot's `error`, never thrown.
 */
export async function snapshotFromConnection(
  connection: Connection,
  info: SnapshotInfo,
  options: Pick<ScanOptions, 'timeoutMs' | 'maxTools' | 'maxPages' | 'signal'>,
): Promise<ServerSnapshot> {
  const limits = resolveLimits(options);
  const deadline = new Deadline(options.timeoutMs, options.signal);
  try {
    return await collectSnapshot(connection, { ...info, transport: connection.transport }, deadline, limits);
  } finally {
    deadline.dispose();
  }
}

/** The snapshot of a server that could not be scanned at all. */
export function failedSnapshot(info: SnapshotInfo, error: ServerError): ServerSnapshot {
  return {
    name: info.name ?? info.fallbackName,
    version: null,
    target: info.target,
    transport: info.transport,
    protocolVersion: null,
    capabilities: null,
    instructions: null,
    promptCount: null,
    resourceCount: null,
    tools: [],
    warnings: [],
    error: { code: error.code, message: error.message },
  };
}

async function collectSnapshot(connection: Connection, info: SnapshotInfo, deadline: Deadline, limits: Limits): Promise<ServerSnapshot> {
  const warnings: string[] = [];
  const server = boundServerInfo(connection.client, warnings);
  const capabilities = server.capabilities ?? {};
  const base = {
    name: info.name ?? server.name ?? info.fallbackName,
    version: server.version,
    target: info.target,
    transport: connection.transport,
    protocolVersion: connection.protocolVersion,
    capabilities: server.capabilities,
    instructions: server.instructions,
  };

  const collector = new ToolCollector();
  const declaresTools = capabilities.tools !== undefined;
  try {
    await listTools(connection, deadline, limits, collector, warnings);
  } catch (error) {
    const failure = await explainFailure(connection, deadline, error, 'tools/list');
    if (declaresTools) {
      return {
        ...base,
        promptCount: null,
        resourceCount: null,
        tools: [],
        warnings,
        error: { code: failure.code, message: failure.message },
      };
    }
    if (!(error instanceof McpError && error.code === ErrorCode.MethodNotFound)) {
      warnings.push(`server declares no tools capability and tools/list failed: ${failure.message}`);
    }
  }
  const { tools, warnings: toolWarnings, duplicateToolNames, oversizedToolNames } = collector.result();
  if (!declaresTools && tools.length > 0) warnings.push('server lists tools without declaring the tools capability');

  const promptCount = capabilities.prompts !== undefined ? await countItems(connection, deadline, 'prompts/list', limits, warnings) : null;
  const resourceCount =
    capabilities.resources !== undefined ? await countItems(connection, deadline, 'resources/list', limits, warnings) : null;
  return { ...base, promptCount, resourceCount, tools, warnings: [...toolWarnings, ...warnings], duplicateToolNames, oversizedToolNames };
}

async function listTools(
  connection: Connection,
  deadline: Deadline,
  limits: Limits,
  collector: ToolCollector,
  warnings: string[],
): Promise<void> {
  let received = 0;
  await listPages(connection.client, deadline, 'tools/list', limits.maxPages, warnings, (items) => {
    const room = limits.maxTools - received;
    const kept = items.length > room ? items.slice(0, room) : items;
    for (const item of kept) collector.add(item);
    received += kept.length;
    if (items.length > room) {
      warnings.push(`server listed more than ${limits.maxTools} tools; kept the first ${limits.maxTools} (maxTools)`);
      return false;
    }
    return true;
  });
}

/** Counts prompts or resources; a failure only leaves the count unknown (null), with a warning. */
async function countItems(
  connection: Connection,
  deadline: Deadline,
  method: ListMethod,
  limits: Limits,
  warnings: string[],
): Promise<number | null> {
  let count = 0;
  try {
    await listPages(connection.client, deadline, method, limits.maxPages, warnings, (items) => {
      count += items.length;
      return true;
    });
    return count;
  } catch (error) {
    const failure = await explainFailure(connection, deadline, error, method);
    warnings.push(`${method} failed: ${failure.message}`);
    return null;
  }
}

/**
 * A failed request as a ServerError. Rethrows what is not about the server:
 * the caller's abort (its reason) and programming errors (as they are).
 */
async function explainFailure(connection: Connection, deadline: Deadline, error: unknown, step: string): Promise<ServerError> {
  if (deadline.cancelled) throw deadline.signal.reason;
  const cause = deadline.timedOut ? deadline.timeoutError(step) : error;
  const failure = await connection.describeFailure(cause, step);
  if (failure === null) throw error;
  return failure;
}

function resolveLimits(options: Pick<ScanOptions, 'maxTools' | 'maxPages'>): Limits {
  const maxTools = options.maxTools ?? DEFAULT_MAX_TOOLS;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (!Number.isInteger(maxTools) || maxTools < 1) throw new RangeError(`maxTools must be a positive integer, got ${String(maxTools)}`);
  if (!Number.isInteger(maxPages) || maxPages < 1) throw new RangeError(`maxPages must be a positive integer, got ${String(maxPages)}`);
  return { maxTools, maxPages };
}

function expectedTransport(target: ConnectTarget): TransportKind {
  if (target.kind === 'stdio') return 'stdio';
  return target.transport === 'sse' ? 'sse' : 'http';
}
