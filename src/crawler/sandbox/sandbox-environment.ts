import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { quoteUntrusted } from '../../hostile-text/untrusted-value.js';

/** The most bytes of one environment value passed to a server. */
export const MAX_ENV_VALUE_LENGTH = 32 * 1024;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The directory of the node binary running us (symlinks resolved): the sandbox's PATH starts there. */
export function nodeBinDir(): string {
  return dirname(realpathSync(process.execPath));
}

/** PATH inside the sandbox: node's directory, then the system's. */
export function sandboxPath(): string {
  return [...new Set([nodeBinDir(), '/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'])].join(':');
}

/**
 * Exactly the environment a sandboxed server gets: the variables it was given
 * (names that are not plain identifiers, values with NUL or over
 * MAX_ENV_VALUE_LENGTH are dropped with a warning), then PATH and HOME, which
 * always win.
 */
export function sandboxEnvironment(given: Record<string, string>, home: string): { env: Record<string, string>; warnings: string[] } {
  const env: Record<string, string> = {};
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(given)) {
    if (!ENV_NAME.test(name)) {
      warnings.push(`environment variable ${quoteUntrusted(name, 60)} not passed: not a valid name`);
    } else if (typeof value !== 'string' || value.includes('\0') || value.length > MAX_ENV_VALUE_LENGTH) {
      warnings.push(
        `environment variable ${name} not passed: its value is not a string of at most ${MAX_ENV_VALUE_LENGTH} characters without NUL`,
      );
    } else if (name !== 'PATH' && name !== 'HOME') {
      env[name] = value;
    }
  }
  return { env: { ...env, PATH: sandboxPath(), HOME: home }, warnings };
}
