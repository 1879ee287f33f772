/**
 * What failureCause wants to know about an installed package's bin: its file name, its `#!`
 * line, and the package's `engines.node`. Reads at most the bin's first 256 bytes; everything
 * read is hostile text, kept short and printable.
 */
import { open } from 'node:fs/promises';
import { ownRecord, ownValue } from '../../hostile-text/untrusted-value.js';
import { excerptLine } from '../../hostile-text/terminal-text.js';
import type { InstalledPackage } from '../install/installed-package.js';
import type { FailureCapture } from './capture.js';

const HEAD_BYTES = 256;

/** The bin's facts for a capture; the shebang is left out when the file cannot be read. */
export async function binFacts(installed: InstalledPackage, binPath: string): Promise<Pick<FailureCapture, 'bin' | 'engines'>> {
  const facts: Pick<FailureCapture, 'bin' | 'engines'> = { bin: { file: excerptLine(binPath.split('/').at(-1) ?? '', 200) } };
  const shebang = await firstLine(binPath);
  if (shebang.startsWith('#!') && facts.bin !== undefined) facts.bin.shebang = excerptLine(shebang, 200);
  const engines = ownValue(ownRecord(installed.packageJson, 'engines') ?? {}, 'node');
  if (typeof engines === 'string') facts.engines = excerptLine(engines, 100);
  return facts;
}

async function firstLine(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}
