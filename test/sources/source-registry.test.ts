import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SOURCES } from '../../src/sources/index.js';
import { checkFolderRegistry } from '../folder-registry.js';

test('every <kind>-source.ts of sources/ is one source of SOURCES, its kind the file name, and every source has its file', async () => {
  for (const [kind, source] of Object.entries(SOURCES)) assert.equal(source.kind, kind);
  await checkFolderRegistry({
    folder: new URL('../../src/sources/', import.meta.url),
    suffix: '-source.ts',
    helpers: ['index.ts', 'source.ts'],
    entries: Object.values(SOURCES),
    idOf: (source) => source.kind,
  });
});
