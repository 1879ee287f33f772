import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Where system tools live even when PATH is trimmed. */
const SYSTEM_DIRS = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The absolute path of an executable `name` in PATH (then the system directories), or null. */
export function findExecutable(name: string, path: string | undefined = process.env.PATH): string | null {
  if (isAbsolute(name)) return isExecutableFile(name) ? name : null;
  const dirs = [...(path ?? '').split(delimiter).filter((dir) => isAbsolute(dir)), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'ELOOP') return false;
    throw error;
  }
}
