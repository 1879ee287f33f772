/**
 * A crawl source as the catalogue shows it to others (the published site, its catalogue.json,
 * `catalogue --format json`). The store keeps where the crawler read each server; the view never
 * shows a folder of the machine that crawled: a list file (`list:`, always stored with its full
 * path) is shown by its name, relative to its own folder, and so is an npm names file given by an
 * absolute path (`npm:@/home/me/names.txt` → `@names.txt`). URLs and npm searches are shown as
 * they are.
 */
import type { CatalogueServer } from './catalogue-model.js';

type Source = CatalogueServer['source'];

/** The last segment of a path, POSIX or Windows. */
function fileName(path: string): string {
  const segments = path.split(/[\\/]+/).filter((segment) => segment !== '');
  return segments[segments.length - 1] ?? path;
}

/** `/x`, `~/x`, `\\x`, `C:\x`, `C:/x`: a path that names a place on one machine. */
const ABSOLUTE = /^(?:[\\/]|~[\\/]|[A-Za-z]:[\\/])/;

export function publicSource(source: Source): Source {
  if (source.kind === 'list') return { kind: source.kind, location: fileName(source.location) };
  if (source.kind === 'npm' && source.location.startsWith('@') && ABSOLUTE.test(source.location.slice(1))) {
    return { kind: source.kind, location: `@${fileName(source.location.slice(1))}` };
  }
  return source;
}
