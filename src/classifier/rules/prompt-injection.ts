/**
 * Rule family: instructions aimed at the model hidden in a tool's definition ("tool poisoning").
 *
 * A description is read by the agent's model every time tools are listed. Text that tells the
 * model to ignore its instructions, keep things from the user, read local secrets or call other
 * tools first is an attack whatever the tool does; such a tool is reported and hidden.
 */
import type { Finding } from '../../model.js';
import type { Rule } from '../rule.js';
import { quote } from '../rule.js';

const PATTERNS: RegExp[] = [
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

export const promptInjectionRule: Rule = {
  id: 'prompt-injection',
  summary: 'Instructions to the model hidden in the tool definition: ignore instructions, hide from the user, read secrets.',
  apply(facts) {
    const findings: Finding[] = [];
    const texts = [facts.description, facts.title, ...facts.properties.map((p) => p.description)];
    for (const text of texts) {
      if (!text) continue;
      for (const pattern of PATTERNS) {
        const match = pattern.exec(text);
        if (match) {
          findings.push({ kind: 'prompt-injection', message: `the definition tells the model: "${quote(match[0], 100)}"` });
          return { signals: [], findings };
        }
      }
    }
    return { signals: [], findings };
  },
};
