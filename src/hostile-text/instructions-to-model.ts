/**
 * Text that addresses the model reading a tool definition ("tool poisoning"): telling it to
 * ignore its instructions, keep things from the user, read local secrets, call other tools first.
 * Used by the classifier's prompt-injection rule and by the scanner's pass over a definition
 * it has to cut; lives here because both layers read it.
 */

const PATTERNS: readonly RegExp[] = [
  /\bignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|other|system)\s+(?:instructions?|prompts?|rules?|messages?)/i,
  /\b(?:do\s+not|don['’]t|never)\s+(?:tell|inform|mention|reveal|show|disclose|notify|alert)\s+(?:this\s+|it\s+|anything\s+)?(?:to\s+)?(?:the\s+)?user\b/i,
  /\bwithout\s+(?:telling|informing|notifying|alerting|asking)\s+(?:the\s+)?user\b/i,
  /<\s*(?:important|system|instructions?|secret|hidden)\s*>/i,
  /\b(?:read|cat|open|include|send|upload|pass|exfiltrate)\b[^.\n]{0,60}(?:~\/\.ssh|id_rsa|id_ed25519|\.env\b|\.aws\/credentials|\/etc\/passwd|\.npmrc|\.netrc|mcp\.json|claude_desktop_config)/i,
  /\b(?:before|after)\s+(?:using|calling|running)\s+(?:this|any)\s+tool,?\s+(?:you\s+must\s+|always\s+|first\s+)?(?:read|call|send|fetch|upload|run)\b/i,
  /\byou\s+(?:must|should)\s+(?:always\s+)?(?:call|use|invoke)\s+this\s+tool\s+(?:instead|first|before)/i,
  /\b(?:system\s+prompt|your\s+instructions)\b[^.\n]{0,40}\b(?:reveal|print|send|output|include)\b/i,
  /\bthis\s+is\s+(?:very\s+)?(?:important|critical)[^.\n]{0,40}\b(?:otherwise|or\s+else)\b/i,
];

/**
 * No pattern matches across this: every one needs word characters or white space on both sides
 * of any gap, and none crosses a full stop. Texts joined with it are read as separate texts.
 */
export const TEXT_SEPARATOR = '\n.\n';

/** Longest match returned; every pattern's own match is shorter except a long run of white space. */
const MAX_MATCH = 200;

/** All patterns in one: one scan of a text that says nothing to the model, however many patterns. */
const ANY = new RegExp(PATTERNS.map((pattern) => `(?:${pattern.source})`).join('|'), 'i');

/** The words of `text` that address the model (for the first pattern, in order, that matches), or null. */
export function findInstructionToModel(text: string): string | null {
  if (!ANY.test(text)) return null;
  for (const pattern of PATTERNS) {
    const match = pattern.exec(text);
    if (match) return match[0].slice(0, MAX_MATCH);
  }
  return null;
}
