import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toJson } from '../../src/policy/export/to-json.js';
import { generatePolicy } from '../../src/policy/generate-policy.js';
import type { Policy, PolicyRule, ProfileName } from '../../src/policy/policy-model.js';
import { validatePolicy } from '../../src/policy/validate-policy.js';
import { classifySnapshots } from '../../src/classifier/classify-snapshots.js';
import { snapshotsFromDefinitions } from '../../src/scanner/snapshot-from-definitions.js';
import { FLOWFORGE_TOOL_NAMES, flowforgeReport } from './flowforge-report.js';

const report = flowforgeReport();

function policyFor(profile: ProfileName): Policy {
  return generatePolicy(report, { profile, generator: 'mcp-risk test' });
}

function rule(policy: Policy, tool: string): PolicyRule | 'hidden' {
  if (policy.hide?.includes(tool)) return 'hidden';
  const found = policy.tools?.[tool];
  assert.ok(found, `${tool} has a rule`);
  return { action: found.action, ...(found.rate_limit ? { rate_limit: found.rate_limit } : {}) };
}

/** One tool of each category, and the one whose description talks to the model. */
const READ = 'flowforge_list_workflows';
const WRITE = 'flowforge_create_workflow';
const EXECUTE = 'flowforge_run_sql';
const DESTRUCTIVE = 'flowforge_cancel_run';
const FINANCIAL = 'flowforge_charge_customer';
const INJECTION = 'flowforge_import_template';

describe('generatePolicy', () => {
  test('the worked example: version 1, default deny, flowforge_cancel_run hidden, every tool covered once', () => {
    const policy = policyFor('balanced');
    assert.equal(policy.version, '1');
    assert.equal(policy.default, 'deny');
    assert.ok(policy.hide?.includes('flowforge_cancel_run'));
    const covered = [...(policy.hide ?? []), ...Object.keys(policy.tools ?? {})].sort();
    assert.deepEqual(covered, [...FLOWFORGE_TOOL_NAMES].sort());
    assert.deepEqual(validatePolicy(policy).problems, []);
    const cancel = report.tools.find((tool) => tool.name === DESTRUCTIVE);
    assert.equal(cancel?.recommendation.action, 'hide');
    assert.deepEqual(policy.metadata?.hidden?.[DESTRUCTIVE], { category: 'destructive', reason: cancel.recommendation.reason });
    assert.match(
      cancel.recommendation.reason,
      /^Destructive, critical: description says "Irreversible"; name has "cancel"; .*Destroys data or work that cannot be recovered; hidden from the agent\.$/,
    );
    assert.equal(policy.metadata?.server, 'flowforge');
    assert.equal(policy.metadata?.generator, 'mcp-risk test');
    assert.equal(policy.metadata?.profile, 'balanced');
  });

  test('balanced is the classifier: reads allowed, writes 30/min, executes 10/min, destructive hidden, money with approval', () => {
    const policy = policyFor('balanced');
    assert.deepEqual(rule(policy, READ), { action: 'allow' });
    assert.deepEqual(rule(policy, WRITE), { action: 'allow', rate_limit: { max: 30, window: 60 } });
    assert.deepEqual(rule(policy, EXECUTE), { action: 'allow', rate_limit: { max: 10, window: 60 } });
    assert.equal(rule(policy, DESTRUCTIVE), 'hidden');
    assert.deepEqual(rule(policy, FINANCIAL), { action: 'require_approval' });
    assert.equal(rule(policy, INJECTION), 'hidden');
    assert.equal(policy.tools?.[EXECUTE]?.reason, report.tools.find((tool) => tool.name === EXECUTE)?.recommendation.reason);
    assert.match(
      policy.tools?.[EXECUTE]?.reason ?? '',
      /^Execute, critical: .*input "sql".*\. Runs code or jobs; limited to 10 calls a minute\.$/,
    );
    assert.equal(policy.tools?.[EXECUTE]?.category, 'execute');
  });

  test('strict: writes need approval, executes denied, money hidden', () => {
    const policy = policyFor('strict');
    assert.deepEqual(rule(policy, READ), { action: 'allow' });
    assert.deepEqual(rule(policy, WRITE), { action: 'require_approval' });
    assert.deepEqual(rule(policy, EXECUTE), { action: 'deny' });
    assert.equal(rule(policy, DESTRUCTIVE), 'hidden');
    assert.equal(rule(policy, FINANCIAL), 'hidden');
    assert.equal(rule(policy, INJECTION), 'hidden');
    assert.match(
      policy.tools?.[EXECUTE]?.reason ?? '',
      /^Execute, critical: .*input "sql".*\. Runs code or jobs; denied \(strict profile\)\.$/,
    );
    assert.equal(policy.metadata?.hidden?.[FINANCIAL]?.reason?.endsWith('Moves money; hidden from the agent (strict profile).'), true);
    assert.deepEqual(validatePolicy(policy).problems, []);
  });

  test('permissive: only destructive and financial tools hidden, no rate limits', () => {
    const policy = policyFor('permissive');
    assert.deepEqual(rule(policy, READ), { action: 'allow' });
    assert.deepEqual(rule(policy, WRITE), { action: 'allow' });
    assert.deepEqual(rule(policy, EXECUTE), { action: 'allow' });
    assert.equal(rule(policy, DESTRUCTIVE), 'hidden');
    assert.equal(rule(policy, FINANCIAL), 'hidden');
    assert.equal(Object.values(policy.tools ?? {}).filter((r) => r.rate_limit !== undefined).length, 0);
    assert.equal(Object.values(policy.tools ?? {}).filter((r) => r.action !== 'allow').length, 0);
    assert.deepEqual(validatePolicy(policy).problems, []);
  });

  test('a tool whose definition talks to the model is hidden in every profile, and the reason says why', () => {
    for (const profile of ['strict', 'balanced', 'permissive'] as const) {
      const policy = policyFor(profile);
      assert.ok(policy.hide?.includes(INJECTION), profile);
      assert.match(
        policy.metadata?.hidden?.[INJECTION]?.reason ?? '',
        /carries instructions to the model \(the definition tells the model: "Do not tell the user"\)/,
      );
      assert.equal(policy.metadata?.hidden?.[INJECTION]?.category, 'write');
    }
  });

  test('every rule and every hidden tool carries a reason quoting evidence', () => {
    const policy = policyFor('balanced');
    for (const [name, r] of Object.entries(policy.tools ?? {})) assert.match(r.reason ?? '', /(has|says|input|declares) "?[^"]+/, name);
    for (const name of policy.hide ?? []) assert.match(policy.metadata?.hidden?.[name]?.reason ?? '', /(has|says) "/, name);
  });

  test('--name replaces the server name; a hostile reason is one clean line', () => {
    const hostile = flowforgeReport();
    const first = hostile.tools[0];
    assert.ok(first);
    first.recommendation = { action: 'allow', reason: 'Read\u001b[31m, low:\nname has "x"\u202e. Reads only; allowed.' };
    const policy = generatePolicy(hostile, { profile: 'balanced', generator: 'g', serverName: 'ff-prod' });
    assert.equal(policy.metadata?.server, 'ff-prod');
    // Data stays raw until output (issue 11): the reason is cleaned where the policy is written.
    const written = JSON.parse(toJson(policy).text) as Policy;
    assert.equal(written.tools?.[first.name]?.reason, 'Read, low: name has "x". Reads only; allowed.');
  });
});

describe('generatePolicy: a tool whose definition was cut is never allowed (issue 8)', () => {
  const padding = ' '.repeat(20 * 1024);
  let deep: unknown = { type: 'string' };
  for (let i = 0; i < 10_000; i += 1) deep = { type: 'object', properties: { filter: deep } };
  const tools = [
    { name: 'list_reports', description: 'Lists the reports of a project.', inputSchema: deep },
    { name: 'create_note', description: `Creates a note.${padding}` },
    { name: 'run_script', description: `Runs a shell command on the host.${padding}` },
    { name: 'delete_note', description: `Permanently deletes a note. Irreversible.${padding}` },
    { name: 'refund_payment', description: `Refunds a payment to the customer.${padding}` },
    { name: 'get_status', description: 'Gets the status of a project.' },
  ];
  // Real JSON text, as a file or a server would hold it: JSON.stringify cannot write a value nested 10,000 deep.
  const nestedText = `${'{"type":"object","properties":{"filter":'.repeat(10_000)}{"type":"string"}${'}}'.repeat(10_000)}`;
  const text = JSON.stringify({ tools: tools.map((tool) => (tool.inputSchema ? { ...tool, inputSchema: 0 } : tool)) }).replace(
    '"inputSchema":0',
    `"inputSchema":${nestedText}`,
  );
  const [snapshot] = snapshotsFromDefinitions(text, { label: 'cut.json', name: 'cut' });
  assert.ok(snapshot);
  const [server] = classifySnapshots([snapshot]).servers;
  assert.ok(server);

  test('in every profile: what would be allowed or rate-limited needs approval; deny and hide stay', () => {
    const expected: Record<ProfileName, Record<string, PolicyRule | 'hidden'>> = {
      balanced: {
        list_reports: { action: 'require_approval' },
        create_note: { action: 'require_approval' },
        run_script: { action: 'require_approval' },
        delete_note: 'hidden',
        refund_payment: { action: 'require_approval' },
        get_status: { action: 'allow' },
      },
      strict: {
        list_reports: { action: 'require_approval' },
        create_note: { action: 'require_approval' },
        run_script: { action: 'deny' },
        delete_note: 'hidden',
        refund_payment: 'hidden',
        get_status: { action: 'allow' },
      },
      permissive: {
        list_reports: { action: 'require_approval' },
        create_note: { action: 'require_approval' },
        run_script: { action: 'require_approval' },
        delete_note: 'hidden',
        refund_payment: 'hidden',
        get_status: { action: 'allow' },
      },
    };
    for (const profile of ['balanced', 'strict', 'permissive'] as const) {
      const policy = generatePolicy(server, { profile, generator: 'mcp-risk test' });
      assert.deepEqual(validatePolicy(policy).problems, []);
      for (const [tool, decision] of Object.entries(expected[profile]))
        assert.deepEqual(rule(policy, tool), decision, `${profile}: ${tool}`);
      assert.match(
        policy.tools?.['list_reports']?.reason ?? '',
        /Its definition was too big to read whole and was cut; .*every call needs a person's approval\.$/,
      );
    }
  });

  test('a saved report from before this rule (a cut tool recommended allow) still gets approval, in every profile', () => {
    const status = server.tools.find((tool) => tool.name === 'get_status');
    assert.ok(status);
    const legacy = {
      ...server,
      tools: [
        {
          ...status,
          findings: [
            {
              kind: 'oversized-definition' as const,
              message: 'the definition was larger than mcp-risk reads and was cut; the rest was not classified',
            },
          ],
          recommendation: { action: 'allow' as const, reason: 'Read, low: name has "get". Reads only; allowed.' },
        },
      ],
    };
    for (const profile of ['balanced', 'strict', 'permissive'] as const) {
      assert.deepEqual(rule(generatePolicy(legacy, { profile, generator: 'g' }), 'get_status'), { action: 'require_approval' }, profile);
    }
  });

  test('the cut tools carry an oversized-definition finding and are at least medium', () => {
    for (const tool of server.tools) {
      const cut = tool.findings.some((finding) => finding.kind === 'oversized-definition');
      assert.equal(cut, tool.name !== 'get_status', tool.name);
      if (cut) assert.notEqual(tool.severity, 'low', tool.name);
    }
  });
});
