/** `mcp-risk guard hash-token`: the sha256 of a bearer token read on standard input, for a grants file. */
import { UsageError } from '../../errors.js';
import { hashToken } from '../../guard/grants.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export async function runHashToken(io: CliIo): Promise<ExitCode> {
  const input = await io.readStdin();
  const token = input.replace(/\r?\n$/, '');
  if (token === '')
    throw new UsageError('hash-token reads the token on standard input (e.g. printf %s "$TOKEN" | mcp-risk guard hash-token)');
  if (token.length > 4096 || /\s/.test(token))
    throw new UsageError('a bearer token is at most 4096 characters with no spaces or line breaks');
  io.stdout.write(`${hashToken(token)}\n`);
  return EXIT.ok;
}
