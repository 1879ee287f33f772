/** One file of the published site: where it goes (from the site root) and what it holds. */
export interface SiteFile {
  /** Slash-separated, relative to the site root, made of [a-z0-9._-] segments. */
  path: string;
  content: string | Buffer;
}
