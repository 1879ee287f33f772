/**
 * HTML escaping for the published site: the last step before any text reaches a page. Every
 * character that could open a tag, an entity or end an attribute value is replaced, so escaped
 * text is inert in element content and in double- or single-quoted attribute values alike.
 * (Which text may be shown at all, and how long, is page-text.ts; which URLs may be links is
 * safe-url.ts.)
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const HTML_SPECIALS = /[&<>"']/g;
const HAS_HTML_SPECIAL = /[&<>"']/;

/** `<a href="x">` → `&lt;a href=&quot;x&quot;&gt;`: safe in element content and in quoted attributes. */
export function escapeHtml(text: string): string {
  // Most text has nothing to escape: testing first spares a copy of it.
  return HAS_HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIALS, (char) => HTML_ESCAPES[char] ?? char) : text;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { ...HTML_ESCAPES, "'": '&apos;' };

/** Text for XML content or attributes (sitemaps): the five predefined entities. */
export function escapeXml(text: string): string {
  return text.replace(HTML_SPECIALS, (char) => XML_ESCAPES[char] ?? char);
}
