/**
 * The guard's settings that the command line declares (choices, defaults), apart from the code
 * that uses them: `mcp-risk --help` lists them without loading the guard or the MCP SDK.
 */

/**
 * Below the 60 s after which clients built on the MCP SDK give up on a request (its
 * DEFAULT_REQUEST_TIMEOUT_MSEC): a decision must reach the client while it still waits.
 */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 50_000;

/** How the HTTP guard reaches its upstream: auto (streamable HTTP, falling back to SSE), http or sse. */
export const UPSTREAM_TRANSPORTS = ['auto', 'http', 'sse'] as const;
export type UpstreamTransportMode = (typeof UPSTREAM_TRANSPORTS)[number];

export function isUpstreamTransportMode(value: unknown): value is UpstreamTransportMode {
  return typeof value === 'string' && (UPSTREAM_TRANSPORTS as readonly string[]).includes(value);
}
