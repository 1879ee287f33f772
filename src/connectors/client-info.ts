import { VERSION } from '../version.js';

/** How we introduce ourselves in initialize. */
export const CLIENT_INFO = { name: 'mcp-risk', version: VERSION } as const;
