import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generatePolicy } from '../../src/policy/generate-policy.js';
import { describeChanges, mergePolicy } from '../../src/policy/merge-policy.js';
import type { Policy } from '../../src/policy/policy-model.js';
import { validatePolicy } from '../../src/policy/validate-policy.js';
import { FLOWFORGE_TOOL_NAMES, flowforgeReport } from './flowforge-report.js';

const recommended = generatePolicy(flowforgeReport(), { profile: 'balanced', generator: 'mcp-risk 2.0.0' });

/** A policy written by hand "before": run_sql denied, a write limited to 5 a minute, one tool since removed, two since recategorised. */
function oldPolicy(): Policy {
  const tools = { ...recommended.tools };
  delete tools['flowforge_purchase_addon'];
  delete tools['flowforge_get_balance'];
  tools['flowforge_run_sql'] = { action: 'deny', reason: 'we never let agents run SQL', category: 'execute' };
  tools['flowforge_create_workflow'] = {
    action: 'allow',
    rate_limit: { max: 5, window: 60 },
    reason: 'kept low by hand',
    category: 'write',
  };
  tools['flowforge_get_balance'] = { action: 'allow', category: 'financial' };
  tools['flowforge_legacy_export'] = { action: 'allow', category: 'read' };
  const hide = (recommended.hide ?? []).filter((tool) => tool !== 'flowforge_delete_variable');
  return {
    version: '1',
    default: 'deny',
    hide,
    tools,
    metadata: {
      server: 'flowforge',
      generator: 'mcp-risk 1.0.0',
      profile: 'balanced',
      hidden: { ...recommended.metadata?.hidden, flowforge_cancel_run: { category: 'write', reason: 'hidden by hand' } },
      changes: { added: ['stale'], removed: [], recategorised: [] },
    },
  };
}

describe('mergePolicy', () => {
  test('keeps every existing decision exactly, adds only new tools, reports removed and recategorised tools', () => {
    const existing = oldPolicy();
    const { policy, changes } = mergePolicy(existing, recommended);
    assert.deepEqual(policy.tools?.['flowforge_run_sql'], { action: 'deny', reason: 'we never let agents run SQL', category: 'execute' });
    assert.deepEqual(policy.tools?.['flowforge_create_workflow'], {
      action: 'allow',
      rate_limit: { max: 5, window: 60 },
      reason: 'kept low by hand',
      category: 'write',
    });
    assert.deepEqual(policy.tools?.['flowforge_get_balance'], { action: 'allow', category: 'financial' });
    assert.deepEqual(policy.tools?.['flowforge_legacy_export'], { action: 'allow', category: 'read' });
    assert.deepEqual(policy.tools?.['flowforge_purchase_addon'], recommended.tools?.['flowforge_purchase_addon']);
    assert.deepEqual(policy.hide, [...(existing.hide ?? []), 'flowforge_delete_variable']);
    assert.deepEqual(policy.metadata?.hidden?.['flowforge_cancel_run'], { category: 'write', reason: 'hidden by hand' });
    assert.deepEqual(changes, {
      added: ['flowforge_delete_variable', 'flowforge_purchase_addon'],
      removed: ['flowforge_legacy_export'],
      recategorised: [
        { tool: 'flowforge_cancel_run', from: 'write', to: 'destructive' },
        { tool: 'flowforge_get_balance', from: 'financial', to: 'read' },
      ],
    });
    assert.deepEqual(policy.metadata?.changes, changes);
    assert.equal(policy.metadata?.generator, 'mcp-risk 2.0.0');
    assert.equal(policy.metadata?.server, 'flowforge');
    assert.deepEqual(validatePolicy(policy).problems, []);
    const covered = new Set([...(policy.hide ?? []), ...Object.keys(policy.tools ?? {})]);
    for (const tool of FLOWFORGE_TOOL_NAMES) assert.ok(covered.has(tool), tool);
  });

  test('the lines for people', () => {
    const { policy, changes } = mergePolicy(oldPolicy(), recommended);
    assert.deepEqual(describeChanges(changes, policy), [
      'new tool flowforge_delete_variable: hide (recommended)',
      'new tool flowforge_purchase_addon: require_approval (recommended)',
      'tool flowforge_legacy_export is gone from the server; its rule was kept',
      'tool flowforge_cancel_run is now destructive (was write); its rule was kept as it was: review it',
      'tool flowforge_get_balance is now read (was financial); its rule was kept as it was: review it',
    ]);
  });

  test('the seed form: its default and hide stay, every other tool is added', () => {
    const seed: Policy = { version: '1', default: 'allow', hide: ['flowforge_cancel_run'] };
    const { policy, changes } = mergePolicy(seed, recommended);
    assert.equal(policy.default, 'allow');
    assert.equal(policy.hide?.[0], 'flowforge_cancel_run');
    assert.equal(policy.hide?.filter((tool) => tool === 'flowforge_cancel_run').length, 1);
    assert.equal(changes.added.length, FLOWFORGE_TOOL_NAMES.length - 1);
    assert.deepEqual(changes.removed, []);
    assert.deepEqual(changes.recategorised, []);
    assert.deepEqual(validatePolicy(policy).problems, []);
  });

  test('a policy read back from Claude Code knows tools by their normalised names', () => {
    const existing: Policy = { version: '1', default: 'deny', tools: { get_env_v2: { action: 'deny' } } };
    const fresh: Policy = { version: '1', default: 'deny', tools: { 'get.env.v2': { action: 'allow', category: 'read' } } };
    const { policy, changes } = mergePolicy(existing, fresh);
    assert.deepEqual(changes, { added: [], removed: [], recategorised: [] });
    assert.deepEqual(policy.tools, { get_env_v2: { action: 'deny' } });
  });
});
