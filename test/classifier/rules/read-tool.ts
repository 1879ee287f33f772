/** What one rule reads in one tool definition: its signals, in short, and its findings. */
import type { Rule } from '../../../src/classifier/rule.js';
import { extractFacts } from '../../../src/classifier/extract-facts.js';
import type { Finding, ToolDefinition } from '../../../src/model.js';

export interface RuleReading {
  /** Each signal as `<effect> <strength>: <evidence rule> "<quoted text>" (<where>)`. */
  signals: string[];
  findings: Finding[];
}

export function readTool(rule: Rule, tool: ToolDefinition, serverName?: string): RuleReading {
  const result = rule.apply(extractFacts(tool, serverName));
  return {
    signals: result.signals.map((s) => `${s.effect} ${s.strength}: ${s.evidence.rule} "${s.evidence.text}" (${s.evidence.signal})`),
    findings: result.findings,
  };
}
