import stripAnsi from 'strip-ansi';

// C0/C1 controls except tab and newline, bidi overrides, zero-width characters.
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/**
 * Text a server wrote, made safe to put in one of our own messages: ANSI
 * sequences and control/invisible characters removed, newlines and tabs kept.
 */
export function sanitizeTerminalText(text: string): string {
  return stripAnsi(text.replace(/\r\n?/g, '\n')).replace(UNSAFE_CHARACTERS, '');
}

/** Sanitised, on one line, at most `maxLength` characters. */
export function excerptLine(text: string, maxLength = 200): string {
  const line = sanitizeTerminalText(text).replace(/\s+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 3)}...` : line;
}
