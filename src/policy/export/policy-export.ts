/** What every exporter returns: the whole text to write, and what the target format could not say. */
export interface PolicyExport {
  /** The file's text, ending with a newline. */
  text: string;
  /**
   * One line each: rules the format cannot express and how they were written instead. The text
   * of a note may quote tool names as a server wrote them; whoever prints it sanitises it.
   */
  notes: string[];
}

export interface ExportContext {
  /** The server's name as the user's client knows it (Claude Code and Codex key their rules by it). */
  server: string;
}

/** "a, b, c and 4 more": a bounded list of tool names for a note. */
export function listTools(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
