/**
 * The contract between a folder and its registry (rules, clients, sources): every file of the
 * folder but the named helpers is one entry of the registry, exactly once, its id the file's name,
 * and every entry of the registry has its file, which exports it.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';

export interface FolderRegistry<Entry> {
  /** The folder, e.g. `new URL('../../src/classifier/rules/', import.meta.url)`. */
  folder: URL;
  /** How every entry's file name ends after its id: `.ts`, or `-source.ts`. */
  suffix: string;
  /** The folder's files that are not entries (the registry itself, shared helpers), named one by one. */
  helpers: readonly string[];
  entries: readonly Entry[];
  idOf(entry: Entry): string;
}

/** Rejects, saying what is wrong, when the folder and the registry disagree. */
export async function checkFolderRegistry<Entry>(registry: FolderRegistry<Entry>): Promise<void> {
  const { folder, suffix, helpers, entries, idOf } = registry;
  const files = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => entry.name)
    .sort();
  for (const helper of helpers)
    assert.ok(files.includes(helper), `${helper} is named as a helper, but ${folder.pathname} has no such file`);
  const entryFiles = files.filter((file) => !helpers.includes(file));
  for (const file of entryFiles) assert.ok(file.endsWith(suffix), `${file} is neither an entry (<id>${suffix}) nor a named helper`);
  const fileIds = entryFiles.map((file) => file.slice(0, -suffix.length));
  assert.deepEqual([...entries.map(idOf)].sort(), fileIds, 'the ids of the registry are not the names of the files, one each');
  for (const file of entryFiles) {
    const exports: Record<string, unknown> = await import(new URL(file, folder).href);
    const exported = Object.values(exports).filter((value) => entries.includes(value as Entry));
    assert.deepEqual(
      exported.map((entry) => idOf(entry as Entry)),
      [file.slice(0, -suffix.length)],
      `${file} must export its own entry`,
    );
  }
}
