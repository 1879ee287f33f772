import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { oversizedDefinitionRule } from '../../../src/classifier/rules/oversized-definition.js';
import type { ToolDefinition } from '../../../src/model.js';
import { readTool } from './read-tool.js';

function cutTool(cut: ToolDefinition['cut']): ToolDefinition {
  return { name: 'list_reports', description: 'Lists the reports.', cut };
}

describe('the oversized-definition rule: a definition cut to the size limits', () => {
  test('one finding that says what was cut, by how much, and how far it was inspected', () => {
    const tool = cutTool({
      parts: [
        { part: 'description', reason: 'length', size: 20_000, limit: 16_384 },
        { part: 'inputSchema', reason: 'total', size: 300_000, limit: 262_144 },
      ],
      inspection: { instruction: null, hidden: [], complete: true },
    });
    assert.deepEqual(readTool(oversizedDefinitionRule, tool), {
      signals: [],
      findings: [
        {
          kind: 'oversized-definition',
          message:
            "the definition was cut to mcp-risk's size limits: description 20,000 characters (limit 16,384); inputSchema 300,000 bytes of JSON, past the server's 262,144 for all its schemas. " +
            'Instructions to the model and hidden characters were looked for in all of it; what the tool does was judged only from what was kept',
        },
      ],
    });
  });

  test('an inspection that stopped at its budget says so', () => {
    const tool = cutTool({
      parts: [{ part: 'inputSchema', reason: 'depth', size: 20_001, limit: 128 }],
      inspection: { instruction: null, hidden: [], complete: false },
    });
    assert.deepEqual(readTool(oversizedDefinitionRule, tool).findings, [
      {
        kind: 'oversized-definition',
        message:
          "the definition was cut to mcp-risk's size limits: inputSchema 20,001 levels deep (limit 128). " +
          'Instructions to the model and hidden characters were looked for in its first 32 M characters only; what the tool does was judged only from what was kept',
      },
    ]);
  });

  test('an uncut definition, or a cut record with no parts, gives nothing', () => {
    assert.deepEqual(readTool(oversizedDefinitionRule, cutTool(undefined)), { signals: [], findings: [] });
    const empty = cutTool({ parts: [], inspection: { instruction: null, hidden: [], complete: true } });
    assert.deepEqual(readTool(oversizedDefinitionRule, empty), { signals: [], findings: [] });
  });
});
