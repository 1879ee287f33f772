// The linter's picture of the house: which layer may import which, no file in an import cycle,
// console and the process's own streams only in cli/main.ts. `npm run lint` runs it with Prettier's check.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, from the ground floor up. A file may import from its own folder and from the
 * layers below its own, never from its own layer's other folders or from above. Folders of one
 * layer do not know each other.
 */
export const LAYERS = [
  // The ground floor, shared by everyone: the data model, typed errors, the crawl entry...
  ['model.ts', 'errors.ts', 'version.ts', 'crawl-entry.ts'],
  // ...and the helpers every layer needs: hostile text, atomic file writes, OS facts.
  ['hostile-text', 'fs', 'os'],
  // How we reach things: servers, client configs, the npm registry, the store.
  ['connectors', 'config', 'npm-registry', 'catalogue'],
  // A server → its tools; a catalogue → servers to crawl.
  ['scanner', 'sources'],
  ['classifier'],
  ['policy'],
  // Reports of classified tools; the guard that enforces a policy.
  ['report', 'guard'],
  ['crawler'],
  // The published catalogue site.
  ['site'],
  // The library's public API and the command line.
  ['index.ts', 'cli'],
];

// A folder or file of src/ that no floor names would be checked by no zone: refuse to lint until it has a floor.
const unplaced = readdirSync(new URL('./src/', import.meta.url)).filter((room) => !LAYERS.flat().includes(room));
if (unplaced.length > 0) {
  throw new Error(`eslint.config.js: src/${unplaced.join(', src/')} is on no floor of LAYERS; give it one`);
}

const path = (room) => (room.endsWith('.ts') ? `./src/${room}` : `./src/${room}/`);

/** For each layer: it may not import its own layer's other rooms nor any room above it. */
const zones = LAYERS.flatMap((layer, level) => {
  const above = LAYERS.slice(level + 1).flat();
  return layer.map((room) => {
    const siblings = layer.filter((other) => other !== room);
    return {
      target: path(room),
      from: [...siblings, ...above].map(path),
      message: `src/${room} is on floor ${level}: it may import only its own folder and floors below (see LAYERS in eslint.config.js).`,
    };
  });
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'reports/', 'test/**/fixtures/**/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x reads only .js files when it follows imports, and no-cycle sees no circle.
      'import-x/extensions': ['.ts', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.test.json' })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      // Matching control characters is this tool's job: hostile text is full of them.
      'no-control-regex': 'off',
      // A variable a closure reads before its one assignment (a transport's callbacks) stays let.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        ...['stdin', 'stdout', 'stderr', 'exit', 'exitCode', 'argv', 'on', 'once', 'chdir'].map((property) => ({
          object: 'process',
          property,
          message: 'Only cli/main.ts touches the process: take a CliIo (or a callback) from the command instead.',
        })),
      ],
    },
  },
  {
    // main.ts hands the real process to run() as a CliIo; the commands use that.
    files: ['src/cli/main.ts'],
    rules: { 'no-console': 'off', 'no-restricted-properties': 'off' },
  },
  {
    // The published site's scripts (src/site/assets/): run in the browser as classic scripts.
    files: ['src/site/assets/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
    // Kept as the site has always served it (an escaped `/` in a regular expression's class).
    rules: { 'no-useless-escape': 'off' },
  },
  {
    // Scripts a page of a test site runs in the browser.
    files: ['test/**/fixtures/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Test servers, scripts and fixtures are programs of their own: they talk on their own stdio.
    // Assertions on aligned terminal output read best with the spaces written out.
    files: ['test/**/*.{ts,mjs,js}', 'scripts/**/*.{ts,mjs,js}'],
    rules: { 'no-console': 'off', 'no-regex-spaces': 'off' },
  },
);
