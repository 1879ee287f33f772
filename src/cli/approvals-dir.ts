/** Where pending approvals are kept, shared by `guard` (which writes them) and `approvals` (which decides them). */
import { join, resolve } from 'node:path';
import type { CliIo } from './io.js';

/** The default approvals folder: ~/.mcp-risk/approvals. */
function defaultApprovalsDir(io: CliIo): string {
  return join(io.home, '.mcp-risk', 'approvals');
}

/** `--approvals-dir`: the folder given (from the current one), else the default. */
export function approvalsDirOption(raw: string | undefined, io: CliIo): string {
  return raw === undefined ? defaultApprovalsDir(io) : resolve(io.cwd, raw);
}
