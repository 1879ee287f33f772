import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Whether a user with no claim on `path` (not its owner, not in its group)
 * can reach and read it: every folder on the way searchable by others, the
 * path itself readable (and searchable, for a folder) by others. Checked on
 * the path as written and on its real path. As root the crawler runs servers
 * as such a user (sandbox-user.ts): bubblewrap, already running as that user,
 * can bind only what this allows.
 */
export function readableByOthers(path: string): boolean {
  const literal = resolve(path);
  let real: string;
  try {
    real = realpathSync(literal);
  } catch {
    return false;
  }
  return chainOk(literal) && (real === literal || chainOk(real));
}

function chainOk(path: string): boolean {
  try {
    const own = statSync(path);
    const wanted = own.isDirectory() ? 0o005 : 0o004;
    if ((own.mode & wanted) !== wanted) return false;
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) return false;
      if (dir === dirname(dir)) return true;
    }
  } catch {
    return false;
  }
}
