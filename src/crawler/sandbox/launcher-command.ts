/**
 * The first steps of a sandboxed server's command line, before the sandbox
 * itself (bubblewrap, unshare or nothing):
 *
 *  1. `sh -c 'echo $$ > "$1" && … && exec "$@"'`: the launcher joins the
 *     server's cgroup(s) while it still may (as root), so no code of the
 *     server ever runs outside them. The paths are arguments, never part of
 *     the script;
 *  2. `env -i`: the launcher's own environment is dropped, so nothing of the
 *     crawler's environment reaches the sandbox, not even through
 *     /proc/1/environ of bubblewrap's init inside it;
 *  3. `setpriv --reuid U --regid U --clear-groups …` (root only): the server
 *     and the sandbox run as an unprivileged host user, without capabilities
 *     (inheritable and bounding sets emptied) and unable to gain privileges.
 */

export interface LauncherTools {
  env: string | null;
  sh: string | null;
  setpriv: string | null;
}

export interface LauncherInput {
  /** cgroup.procs files to join before anything else (may be empty). */
  procsFiles: readonly string[];
  /** The host uid (and gid) to drop to, or null to keep the crawler's. */
  uid: number | null;
  /** What to run then. */
  command: readonly string[];
}

/** The full argv (first element the program) that runs `input.command` as described above. */
export function launcherArgv(tools: LauncherTools, input: LauncherInput): string[] {
  const argv: string[] = [];
  if (input.procsFiles.length > 0) {
    if (tools.sh === null) throw new Error('sh is not installed: cannot join the server to its cgroup');
    const joins = input.procsFiles.map((_, index) => `echo $$ > "$${index + 1}"`).join(' && ');
    argv.push(tools.sh, '-c', `${joins} && shift ${input.procsFiles.length} && exec "$@"`, 'mcp-risk-launch', ...input.procsFiles);
  }
  // After sh, which exports PWD of its own.
  if (tools.env !== null) argv.push(tools.env, '-i');
  if (input.uid !== null) {
    if (tools.setpriv === null) throw new Error('setpriv is not installed: cannot drop root privileges');
    const id = String(input.uid);
    argv.push(tools.setpriv, '--reuid', id, '--regid', id, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs');
  }
  argv.push(...input.command);
  return argv;
}
