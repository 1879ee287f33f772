import path from 'node:path';
import type { DiscoveryContext } from './server-entry.js';

export type PathApi = typeof path.posix;

/** Path arithmetic of the context's platform (so Windows paths can be computed anywhere). */
export function pathApiFor(ctx: DiscoveryContext): PathApi {
  return ctx.platform === 'win32' ? path.win32 : path.posix;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Where desktop applications (Electron apps such as Claude Desktop and VS Code)
 * keep per-user data: `~/Library/Application Support` on macOS, `%APPDATA%` on
 * Windows, `$XDG_CONFIG_HOME` or `~/.config` elsewhere.
 */
export function appDataDir(ctx: DiscoveryContext): string {
  const p = pathApiFor(ctx);
  if (ctx.platform === 'darwin') return p.join(ctx.home, 'Library', 'Application Support');
  if (ctx.platform === 'win32') return nonEmpty(ctx.env.APPDATA) ?? p.join(ctx.home, 'AppData', 'Roaming');
  return xdgConfigDir(ctx);
}

/** `$XDG_CONFIG_HOME` when set to an absolute path, else `~/.config`. */
export function xdgConfigDir(ctx: DiscoveryContext): string {
  const p = pathApiFor(ctx);
  const fromEnv = nonEmpty(ctx.env.XDG_CONFIG_HOME);
  return fromEnv !== undefined && p.isAbsolute(fromEnv) ? fromEnv : p.join(ctx.home, '.config');
}

/** An absolute directory from an environment variable, or the fallback. */
export function dirFromEnv(ctx: DiscoveryContext, name: string, fallback: string): string {
  const p = pathApiFor(ctx);
  const fromEnv = nonEmpty(ctx.env[name]);
  return fromEnv !== undefined && p.isAbsolute(fromEnv) ? fromEnv : fallback;
}

/** The `User` settings folders of VS Code and its forks (`Code`, `Code - Insiders`, `VSCodium`, ...). */
export function editorUserDirs(ctx: DiscoveryContext, products: readonly string[]): string[] {
  const p = pathApiFor(ctx);
  const base = appDataDir(ctx);
  return products.map((product) => p.join(base, product, 'User'));
}
