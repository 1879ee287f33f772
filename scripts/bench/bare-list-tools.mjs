// The baseline for the scan benchmark: a bare SDK client that starts a stdio server, lists its
// tools (following nextCursor) and closes. Nothing else. Usage: node bare-list-tools.mjs <command> [args...]
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [command, ...args] = process.argv.slice(2);
const client = new Client({ name: 'bare-list-tools', version: '1.0.0' });
const transport = new StdioClientTransport({ command, args, stderr: 'pipe' });
await client.connect(transport);
let cursor;
let count = 0;
do {
  const page = await client.listTools(cursor ? { cursor } : undefined);
  count += page.tools.length;
  cursor = page.nextCursor;
} while (cursor);
await client.close();
process.stdout.write(`${count}\n`);
