/** `text` cut to at most `maxLength` UTF-16 units, never in the middle of a surrogate pair. */
export function truncateText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** A name as quoted in a warning: JSON-quoted (control characters escaped), shortened. */
export function quoteForWarning(text: string, maxLength = 80): string {
  return JSON.stringify(text.length > maxLength ? `${truncateText(text, maxLength - 3)}...` : text);
}
