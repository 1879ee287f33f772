/**
 * Which test files `npm run test:unit` (scripts/unit-tests.ts) runs: those that need no build, no
 * Chromium and no sandbox. The selection is computed on every run, never kept by hand: a
 * test file is left out when it, or a test helper it imports (relative imports under test/,
 * followed transitively), shows one of the NEEDS signatures below. A new test file is in the
 * unit run unless it needs one of those things.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** What a test may need that the unit run does without, and how a test file shows it needs it. */
export const NEEDS: ReadonlyArray<{ need: string; signature: RegExp }> = [
  // The compiled CLI, dist/cli/main.js, which `npm run build` writes.
  { need: 'the build', signature: /['"]dist['"]\s*,\s*['"]cli['"]/ },
  // Chromium: driven directly through playwright-core, or by a source asked to render pages.
  { need: 'Chromium', signature: /from\s+['"]playwright-core['"]|\brender:\s*true\b/ },
  // A sandbox (bubblewrap, unshare): building or detecting one, or the crawler's runner that uses it.
  { need: 'a sandbox', signature: /crawler\/(?:sandbox\/(?:sandbox-command|detect-sandbox)|run-server)\.js['"]/ },
  // Other programs: MCP servers, the CLI, node children, npm (which the package installer runs).
  // Each takes a second or more to start on a busy machine, which a quick run cannot afford.
  {
    need: 'other processes',
    signature:
      /from\s+['"](?:node:)?child_process['"]|\bprocess\.execPath\b|\bserver-(?:everything|filesystem|memory)\/dist\/|crawler\/install\/install-package\.js['"]/,
  },
];

export interface TestSelection {
  /** Test files for the unit run, relative to the root, sorted. */
  unit: string[];
  /** The other test files, each with what it needs. */
  left: Array<{ file: string; needs: string[] }>;
}

/** Relative imports and re-exports: `import … from './x.js'`, `export … from '../y.js'`, `import './z.js'`. */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s(?:[^;'"]*?from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'fixtures') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(path));
    else if (entry.name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/** The local file a relative import names: `./x.js` is written for `./x.ts`. */
function importedFile(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), `${base}.ts`]) {
    if (existsSync(candidate) && /\.(?:ts|mts|js|mjs)$/.test(candidate)) return candidate;
  }
  return undefined;
}

/** Which NEEDS `file` and the test helpers it imports (under `testDir`) show. */
function needsOf(file: string, testDir: string, seen: Map<string, Set<string>>): Set<string> {
  const known = seen.get(file);
  if (known !== undefined) return known;
  const needs = new Set<string>();
  seen.set(file, needs);
  const text = readFileSync(file, 'utf8');
  for (const { need, signature } of NEEDS) if (signature.test(text)) needs.add(need);
  for (const match of text.matchAll(IMPORT)) {
    const imported = importedFile(file, match[1] ?? '');
    if (imported === undefined || !imported.startsWith(testDir + sep)) continue;
    for (const need of needsOf(imported, testDir, seen)) needs.add(need);
  }
  return needs;
}

/** Splits the test files under `<root>/test` into the unit run and the rest. */
export function selectUnitTests(root: string): TestSelection {
  const testDir = join(root, 'test');
  const seen = new Map<string, Set<string>>();
  const selection: TestSelection = { unit: [], left: [] };
  for (const file of testFiles(testDir).sort()) {
    const needs = needsOf(file, testDir, seen);
    const shown = relative(root, file);
    if (needs.size === 0) selection.unit.push(shown);
    else selection.left.push({ file: shown, needs: NEEDS.map(({ need }) => need).filter((need) => needs.has(need)) });
  }
  return selection;
}
