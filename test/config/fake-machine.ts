import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fixture folder of the config tests. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function fixture(relative: string): string {
  return path.join(FIXTURES, relative);
}

/** A temporary folder holding a fake home and a fake project, removed by `cleanup`. */
export interface FakeMachine {
  root: string;
  home: string;
  project: string;
  cleanup(): Promise<void>;
}

export async function makeFakeMachine(): Promise<FakeMachine> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'mcp-risk-config-')));
  const home = path.join(root, 'home', 'me');
  const project = path.join(root, 'work', 'app');
  await mkdir(home, { recursive: true });
  await mkdir(project, { recursive: true });
  return { root, home, project, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * Copies a fixture to `destination` (creating folders), replacing each
 * placeholder with its value escaped for a JSON string. Returns the destination.
 */
export async function placeFixture(name: string, destination: string, replacements: Record<string, string> = {}): Promise<string> {
  let text = await readFile(fixture(name), 'utf8');
  for (const [placeholder, value] of Object.entries(replacements)) {
    text = text.split(placeholder).join(JSON.stringify(value).slice(1, -1));
  }
  await mkdir(path.dirname(destination), { recursive: true });
  await writeFile(destination, text);
  return destination;
}

/** Writes text to a file, creating folders. Returns the path. */
export async function placeText(destination: string, text: string): Promise<string> {
  await mkdir(path.dirname(destination), { recursive: true });
  await writeFile(destination, text);
  return destination;
}
