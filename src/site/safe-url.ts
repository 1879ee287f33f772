/**
 * Which URLs that came from a server (or its package metadata) may become links: http and https
 * only, without credentials, bounded. Everything else (`javascript:`, `data:`, `file:`, relative
 * paths, malformed text) is shown as text and never made clickable. npm's `git+https://` form
 * is read as the https URL it names.
 */

const MAX_URL_LENGTH = 2048;

/** The normalised href of a safe http(s) URL, or null when the text must stay text. */
export function safeHttpUrl(text: string | undefined | null): string | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim().replace(/^git\+(?=https?:\/\/)/i, '');
  if (trimmed.length === 0 || trimmed.length > MAX_URL_LENGTH) return null;
  if (!/^https?:\/\//i.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.hostname === '') return null;
  return url.href;
}
