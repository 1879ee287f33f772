/**
 * The methods a client may send through the guard: an allow-list, compared exactly (MCP method
 * names are case-sensitive, so `Tools/Call` or `tools/call ` is not `tools/call`). A request for
 * any other method is answered by the guard with JSON-RPC error -32601 and never reaches the
 * server; any other notification is dropped. Both are audited. A lenient server that would run
 * `Tools/Call`, or a `tools/call` sent without an id, so never runs a call the policy did not see.
 *
 * Requests are either policed (`tools/call` by the policy, `tools/list` filtered by it) or relayed
 * as harmless: they read resources or prompts, complete arguments, set the log level or manage the
 * session, and none of them runs a tool. Task methods (`tasks/*`) are not relayed: the guard
 * cannot yet tie a task's result to the call it polices.
 */

/** How the guard treats a request from the client. */
export type ClientRequestHandling = 'police-call' | 'filter-list' | 'initialize' | 'relay';

const REQUESTS: ReadonlyMap<string, ClientRequestHandling> = new Map<string, ClientRequestHandling>([
  ['tools/call', 'police-call'],
  ['tools/list', 'filter-list'],
  ['initialize', 'initialize'],
  ['ping', 'relay'],
  ['resources/list', 'relay'],
  ['resources/templates/list', 'relay'],
  ['resources/read', 'relay'],
  ['resources/subscribe', 'relay'],
  ['resources/unsubscribe', 'relay'],
  ['prompts/list', 'relay'],
  ['prompts/get', 'relay'],
  ['completion/complete', 'relay'],
  ['logging/setLevel', 'relay'],
]);

/** Notifications a client sends that are relayed: none of them can run a tool. */
const NOTIFICATIONS: ReadonlySet<string> = new Set([
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
]);

/** How a request for `method` is handled, or `undefined` when the guard refuses it. */
export function clientRequestHandling(method: string): ClientRequestHandling | undefined {
  return REQUESTS.get(method);
}

/** Whether a notification with `method` from the client is relayed. */
export function isRelayedClientNotification(method: string): boolean {
  return NOTIFICATIONS.has(method);
}

/** The request methods the guard relays (for documentation and tests). */
export const RELAYED_CLIENT_REQUESTS: readonly string[] = [...REQUESTS.keys()];
/** The notification methods the guard relays. */
export const RELAYED_CLIENT_NOTIFICATIONS: readonly string[] = [...NOTIFICATIONS];
