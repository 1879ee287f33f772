import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePolicy } from '../../src/policy/generate-policy.js';
import { policyVerdict, readPolicy } from '../../src/policy/read-policy.js';
import { toolPolicySnippets, type ToolSnippets } from '../../src/site/tool-policy-snippets.js';
import { flowforgeReport } from '../policy/flowforge-report.js';

const SNIPPETS = [
  'recommended',
  'rateLimitNative',
  'rateLimitIntercept',
  'denyNative',
  'hideNative',
  'blockClaudeCode',
  'blockCodex',
] as const satisfies readonly (keyof ToolSnippets)[];

function assertChecks(snippets: ToolSnippets, where: string): number {
  let checked = 0;
  for (const key of SNIPPETS) {
    const text = snippets[key];
    if (text === null) continue;
    checked += 1;
    const read = readPolicy(text, 'snippet');
    assert.deepEqual(policyVerdict(read, `${where} ${key}`), { ok: true }, `${where} ${key}:\n${text}`);
  }
  return checked;
}

describe('toolPolicySnippets', () => {
  test('every snippet of every Flowforge tool is a complete policy that policy check accepts', () => {
    const report = flowforgeReport();
    const policy = generatePolicy(report, { profile: 'balanced', generator: 'mcp-risk test' });
    for (const tool of report.tools)
      assert.equal(assertChecks(toolPolicySnippets(policy, tool.name, tool.category, 'Flowforge'), tool.name), SNIPPETS.length);
  });

  test('a tool named "*" gets no Intercept snippet (there "*" means every tool); the others still check', () => {
    const policy = generatePolicy({ ...flowforgeReport(), tools: [] }, { profile: 'balanced', generator: 'mcp-risk test' });
    const snippets = toolPolicySnippets(policy, '*', 'execute', 'odd server');
    assert.equal(snippets.rateLimitIntercept, null);
    assert.equal(assertChecks(snippets, '*'), SNIPPETS.length - 1);
  });
});
