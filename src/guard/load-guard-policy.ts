/**
 * The policy the guard enforces, read from any policy file mcp-risk reads (native JSON or YAML,
 * Intercept, Claude Code, Codex). Fail closed: a file that cannot be read, is not valid, or says
 * something the native policy cannot express exactly (an Intercept condition, a whole-server
 * Claude Code rule) is refused with one line; the guard never enforces a weaker reading of it.
 */
import { readBoundedText } from '../hostile-text/read-bounded-text.js';
import { errorMessage } from '../errors.js';
import { quoteUntrusted } from '../hostile-text/untrusted-value.js';
import { claudeCodeName } from '../policy/export/to-claude-code.js';
import { codexServerName } from '../policy/export/to-codex.js';
import type { PolicyFormat } from '../policy/export/exporters.js';
import type { Policy } from '../policy/policy-model.js';
import { MAX_POLICY_BYTES, policyVerdict, readPolicy, type ServerPolicy } from '../policy/read-policy.js';

export type LoadedPolicy =
  { ok: true; policy: Policy; format: PolicyFormat; server: string | undefined } | { ok: false; message: string; problems: string[] };

function sameServer(a: string, b: string): boolean {
  return a === b || claudeCodeName(a) === claudeCodeName(b) || codexServerName(a) === codexServerName(b);
}

function names(policies: readonly ServerPolicy[]): string {
  return policies
    .map((entry) => quoteUntrusted(entry.server ?? '?', 60))
    .slice(0, 10)
    .join(', ');
}

function refuse(message: string, problems: string[] = [message]): LoadedPolicy {
  return { ok: false, message, problems };
}

/**
 * Reads and checks `file` (an absolute path). `serverName` picks the rules for one server in a
 * file that holds several (Claude Code settings, Codex config).
 */
export async function loadGuardPolicy(file: string, serverName?: string): Promise<LoadedPolicy> {
  let text: string;
  try {
    text = await readBoundedText(file, MAX_POLICY_BYTES);
  } catch (error) {
    return refuse(errorMessage(error));
  }
  const read = readPolicy(text, file);
  // The same verdict as `policy check`: what one refuses, the other refuses with the same words.
  const verdict = policyVerdict(read, file);
  if (!verdict.ok) return refuse(verdict.message, verdict.lines);
  let chosen: ServerPolicy | undefined;
  if (read.policies.length === 1) {
    chosen = read.policies[0];
  } else if (serverName === undefined) {
    return refuse(`${file} has rules for several servers (${names(read.policies)}); pick one with --name <server>`);
  } else {
    chosen = read.policies.find((entry) => entry.server !== undefined && sameServer(entry.server, serverName));
    if (chosen === undefined)
      return refuse(`${file} has no rules for ${quoteUntrusted(serverName, 60)}; it has rules for ${names(read.policies)}`);
  }
  if (chosen === undefined) return refuse(`${file} holds no policy`);
  return { ok: true, policy: chosen.policy, format: read.format, server: chosen.server };
}
