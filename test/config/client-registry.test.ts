import { test } from 'node:test';
import { CLIENTS } from '../../src/config/clients/index.js';
import { checkFolderRegistry } from '../folder-registry.js';

test('every file of config/clients/ is one client of CLIENTS, its id the file name, and every client has its file', async () => {
  await checkFolderRegistry({
    folder: new URL('../../src/config/clients/', import.meta.url),
    suffix: '.ts',
    helpers: ['index.ts', 'client-definition.ts', 'server-map.ts'],
    entries: CLIENTS,
    idOf: (client) => client.id,
  });
});
