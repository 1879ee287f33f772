import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyTool } from '../../../src/classifier/classify-tool.js';
import { annotationRule } from '../../../src/classifier/rules/annotation.js';
import { readTool } from './read-tool.js';

describe('the annotation rule: what the server declares', () => {
  test('each declared hint is weak evidence of its own', () => {
    assert.deepEqual(readTool(annotationRule, { name: 'zorb', annotations: { readOnlyHint: true, openWorldHint: true } }), {
      signals: [
        'declared-read-only weak: annotation/read-only "readOnlyHint: true" (annotation)',
        'outward weak: annotation/open-world "openWorldHint: true" (annotation)',
      ],
      findings: [],
    });
    assert.deepEqual(readTool(annotationRule, { name: 'zorb', annotations: { readOnlyHint: false, destructiveHint: true } }).signals, [
      'write weak: annotation/not-read-only "readOnlyHint: false" (annotation)',
      'declared-destructive weak: annotation/destructive "destructiveHint: true" (annotation)',
    ]);
  });

  test('destructiveHint is not read beside readOnlyHint: true (MCP: it only means something when the tool writes)', () => {
    assert.deepEqual(readTool(annotationRule, { name: 'zorb', annotations: { readOnlyHint: true, destructiveHint: true } }).signals, [
      'declared-read-only weak: annotation/read-only "readOnlyHint: true" (annotation)',
    ]);
  });

  test('no annotations, or only hints that say nothing of risk, give nothing', () => {
    assert.deepEqual(readTool(annotationRule, { name: 'zorb' }), { signals: [], findings: [] });
    assert.deepEqual(readTool(annotationRule, { name: 'zorb', annotations: { idempotentHint: true, title: 'Zorb' } }), {
      signals: [],
      findings: [],
    });
  });
});

describe('declared annotations are evidence, not truth', () => {
  test('a delete tool that declares readOnlyHint: true stays destructive, with a mismatch finding', () => {
    const result = classifyTool({
      name: 'delete_workflow',
      description: 'Delete a workflow',
      annotations: { readOnlyHint: true, destructiveHint: false },
    });
    assert.equal(result.category, 'destructive');
    assert.deepEqual(result.declaredAnnotations, { readOnlyHint: true, destructiveHint: false });
    assert.deepEqual(
      result.findings.map((f) => f.kind),
      ['annotation-mismatch', 'annotation-mismatch'],
    );
  });

  test('a declared readOnlyHint decides when nothing else speaks', () => {
    const result = classifyTool({ name: 'graph_overview_thing', description: '', annotations: { readOnlyHint: true } });
    assert.equal(result.category, 'read');
    assert.deepEqual(result.findings, []);
  });
});
