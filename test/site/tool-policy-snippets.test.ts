import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { characterClass, HIDDEN_CHARACTERS } from '../../src/hostile-text/hidden-characters.js';
import { toolRisks } from '../../src/policy/export/policy-export.js';
import { generatePolicy } from '../../src/policy/generate-policy.js';
import type { Policy } from '../../src/policy/policy-model.js';
import { policyVerdict, readPolicy } from '../../src/policy/read-policy.js';
import { policyFiles, serverPolicy } from '../../src/site/server-policy-files.js';
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

describe('toolPolicySnippets and the server policy files: the raw reason is written clean (issue 11)', () => {
  const report = flowforgeReport();
  for (const tool of report.tools) tool.recommendation = { ...tool.recommendation, reason: 'Reads\u001b[2J it;\r\nall\u202e\u{E0041}.' };
  const policy = serverPolicy(report, 'Flowforge', '9.9.9');
  const HIDDEN_IN_FILE = new RegExp(characterClass(HIDDEN_CHARACTERS, '\n'), 'u');

  test('the recommended snippet holds one clean line', () => {
    const snippets = toolPolicySnippets(policy, 'flowforge_list_workflows', 'read', 'Flowforge');
    const parsed = JSON.parse(snippets.recommended) as Policy;
    assert.equal(parsed.tools?.['flowforge_list_workflows']?.reason, 'Reads it; all.');
    assert.equal(policy.tools?.['flowforge_list_workflows']?.reason, 'Reads\u001b[2J it;\r\nall\u202e\u{E0041}.');
  });

  test('every download holds nothing hidden', () => {
    for (const file of policyFiles(policy, 'Flowforge', toolRisks(report))) assert.ok(!HIDDEN_IN_FILE.test(file.text), file.download.file);
  });
});
