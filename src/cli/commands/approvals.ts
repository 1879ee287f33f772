/**
 * `mcp-risk approvals`: decide the calls a guard holds for approval, from any terminal.
 *
 *   mcp-risk approvals list [--json]          the calls waiting (stale entries of guards gone are removed)
 *   mcp-risk approvals approve <id> [--code]  let the call through: needs the one-time code the guard
 *                                            showed at its terminal (asked for when not given)
 *   mcp-risk approvals deny <id> [--note]     refuse it (the agent reads the note); needs no code
 *
 * The id may be shortened to a unique prefix of at least 4 characters. Everything shown comes
 * from files a guard wrote about calls an agent made (and an agent can edit): sanitised for the
 * terminal, and an approval is refused when the arguments shown do not match the call's hash.
 *
 * This file declares the command (options, help); ../runners/approvals.ts runs it, imported only then.
 */
import type { Command } from 'commander';
import { refuseCommandWords, type CommandContext } from '../command-context.js';
import type { RawApprovalsOptions } from '../runners/approvals.js';

/** Adds `approvals` (list, approve, deny) to the program. */
export function register(program: Command, context: CommandContext): void {
  const { io, setCode } = context;
  const noCommand = (): void => refuseCommandWords(context, 'approvals takes no command after --');
  const approvals = program
    .command('approvals')
    .summary('list, approve or deny the tool calls a guard holds for approval')
    .description(
      'Decide the calls that mcp-risk guard holds because the policy says require_approval. Approving needs the one-time code the guard shows at its terminal (a wrong code denies the call); denying needs none. A call nobody decides in time is denied.',
    );
  approvals
    .command('list')
    .summary('the calls waiting for a decision')
    .option('--approvals-dir <dir>', 'the approvals folder (default: ~/.mcp-risk/approvals)')
    .option('--json', 'print them as JSON')
    .action(async (options: RawApprovalsOptions) => {
      noCommand();
      const { runApprovalsList } = await import('../runners/approvals.js');
      setCode(await runApprovalsList(options, io));
    });
  for (const verdict of ['approve', 'deny'] as const) {
    const command = approvals
      .command(verdict)
      .summary(verdict === 'approve' ? 'let a waiting call through' : 'refuse a waiting call')
      .argument('<id>', 'the approval id (or a unique prefix of at least 4 characters)')
      .option('--approvals-dir <dir>', 'the approvals folder (default: ~/.mcp-risk/approvals)')
      .option('--note <text>', 'a word for the agent (and the audit log)');
    if (verdict === 'approve')
      command.option('--code <code>', "the approval code shown at the guard's terminal (asked for when not given)");
    command.action(async (id: string, options: RawApprovalsOptions) => {
      noCommand();
      const { runApprovalsDecide } = await import('../runners/approvals.js');
      setCode(await runApprovalsDecide(id, verdict, options, io));
    });
  }
}
