/**
 * File names for pages: slugs from ids and tool names, stable across publishes and safe on any
 * file system and in any URL — lowercase ASCII letters, digits and single dashes, bounded in
 * length, never empty. Different keys that give the same slug are told apart by a short hash of
 * the key: the first of them in code-unit order keeps the plain slug, the others get
 * `<slug>-<hash>`.
 */
import { createHash } from 'node:crypto';

export const SLUG_MAX_LENGTH = 64;
const HASH_LENGTH = 8;

/** A slug for `text`: `npm:@Scope/Pkg` → `npm-scope-pkg`. At most `maxLength` characters; `item` when nothing is left. */
export function slugify(text: string, maxLength: number = SLUG_MAX_LENGTH): string {
  const bounded = text.length > 4 * maxLength + 64 ? text.slice(0, 4 * maxLength + 64) : text;
  const ascii = bounded
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const slug = ascii
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, Math.max(1, maxLength))
    .replace(/-+$/, '');
  return slug === '' ? 'item' : slug;
}

/** The first `length` hex digits of the sha256 of `text`. */
export function shortHash(text: string, length: number = HASH_LENGTH): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function withHash(base: string, key: string, hashLength: number, maxLength: number): string {
  const stem = base.slice(0, Math.max(1, maxLength - hashLength - 1)).replace(/-+$/, '');
  return `${stem === '' ? 'item' : stem}-${shortHash(key, hashLength)}`;
}

function compareKeys(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** One unique slug per distinct key. Deterministic: the same keys always get the same slugs. */
export function assignSlugs(keys: Iterable<string>, maxLength: number = SLUG_MAX_LENGTH): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const key of new Set(keys)) {
    const base = slugify(key, maxLength);
    const group = groups.get(base);
    if (group === undefined) groups.set(base, [key]);
    else group.push(key);
  }
  const slugs = new Map<string, string>();
  const taken = new Set(groups.keys());
  for (const [base, group] of groups) {
    group.sort(compareKeys);
    group.forEach((key, index) => {
      if (index === 0) {
        slugs.set(key, base);
        return;
      }
      let hashLength = HASH_LENGTH;
      let slug = withHash(base, key, hashLength, maxLength);
      while (taken.has(slug) && hashLength < 64) {
        hashLength += 4;
        slug = withHash(base, key, hashLength, Math.max(maxLength, hashLength + 2));
      }
      taken.add(slug);
      slugs.set(key, slug);
    });
  }
  return slugs;
}
