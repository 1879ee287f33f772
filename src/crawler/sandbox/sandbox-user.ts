/**
 * The unprivileged host user a server runs as when the crawler is root.
 *
 * bubblewrap started by root maps the sandbox's user to host root: capabilities
 * are dropped, but whatever host root may do without them (write /proc/sys,
 * read root's 0600 files, outgrow RLIMIT_NPROC, which Linux never enforces for
 * root) the server could do. So root drops to a host uid of its own for each
 * server before bubblewrap runs (setpriv), and bubblewrap then works exactly as
 * for an unprivileged user.
 *
 * The uid is one per concurrently running server: UID_BASE + 64 × (crawler pid
 * mod 2^22) + slot. Two crawlers never share a block (pids are unique), and a
 * crawler never runs two servers with the same slot at once (slots are taken
 * and released here; at most 64 at a time, --concurrency's maximum). With its
 * own uid a server's RLIMIT_NPROC counts only its processes, and it cannot
 * signal, trace or read the files of another server. These uids have no
 * account: they own nothing on the host, so a server can read only what is
 * world-readable, and write nowhere but its own tmpfs folders.
 */

/** First uid of the range (above every range useradd or subuid allocation hands out by default). */
export const UID_BASE = 1_800_000_000;
export const SLOTS_PER_CRAWLER = 64;
/** pid_max can be at most 2^22 on Linux. */
const PID_BLOCKS = 4_194_304;

const taken = new Set<number>();

export interface SandboxUser {
  uid: number;
  /** Makes the uid available to the next server. Idempotent. */
  release(): void;
}

/** Whether the crawler runs as host root (and so must drop privileges for servers). */
export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** A host uid for one server (see above); throws a RangeError when 64 are already in use. */
export function allocateSandboxUser(pid: number = process.pid): SandboxUser {
  let slot = 0;
  while (taken.has(slot)) slot += 1;
  if (slot >= SLOTS_PER_CRAWLER) throw new RangeError(`at most ${SLOTS_PER_CRAWLER} sandboxed servers run at once`);
  taken.add(slot);
  let released = false;
  return {
    uid: UID_BASE + (pid % PID_BLOCKS) * SLOTS_PER_CRAWLER + slot,
    release: () => {
      if (released) return;
      released = true;
      taken.delete(slot);
    },
  };
}
