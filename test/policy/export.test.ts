import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import { exportPolicy, POLICY_FORMATS } from '../../src/policy/export/exporters.js';
import { claudeCodeName, claudeCodeToolRule } from '../../src/policy/export/to-claude-code.js';
import { codexServerName } from '../../src/policy/export/to-codex.js';
import { toInterceptRateLimit } from '../../src/policy/export/to-intercept.js';
import { generatePolicy } from '../../src/policy/generate-policy.js';
import type { Policy } from '../../src/policy/policy-model.js';
import { readPolicy } from '../../src/policy/read-policy.js';
import { flowforgeReport } from './flowforge-report.js';

/** TOML tables come back with a null prototype; compare plain data. */
function tomlData(text: string): unknown {
  return JSON.parse(JSON.stringify(parseToml(text))) as unknown;
}

const balanced = generatePolicy(flowforgeReport(), { profile: 'balanced', generator: 'mcp-risk 9.9.9' });
const strict = generatePolicy(flowforgeReport(), { profile: 'strict', generator: 'mcp-risk 9.9.9' });
const context = { server: 'flowforge' };

const FINANCIAL = [
  'flowforge_charge_customer',
  'flowforge_refund_payment',
  'flowforge_create_invoice',
  'flowforge_transfer_credits',
  'flowforge_update_billing_plan',
  'flowforge_purchase_addon',
];

function toolsWhere(policy: Policy, keep: (rule: NonNullable<Policy['tools']>[string]) => boolean): string[] {
  return Object.entries(policy.tools ?? {})
    .filter(([, rule]) => keep(rule))
    .map(([name]) => name);
}

/** A policy with the cases the target formats cannot say exactly. */
const odd: Policy = {
  version: '1',
  default: 'allow',
  hide: ['drop.everything'],
  tools: {
    every_30s: { action: 'allow', rate_limit: { max: 5, window: 30 } },
    every_2h: { action: 'allow', rate_limit: { max: 4, window: 7200 } },
    hourly: { action: 'allow', rate_limit: { max: 7, window: 3600 } },
    daily: { action: 'allow', rate_limit: { max: 9, window: 86400 } },
    every_2d: { action: 'allow', rate_limit: { max: 10, window: 172800 } },
    'my tool.v2': { action: 'deny' },
    approve_me: { action: 'require_approval', rate_limit: { max: 1, window: 60 } },
  },
};

describe('exportPolicy: native JSON and YAML', () => {
  test('JSON parses back to the same policy', () => {
    const out = exportPolicy(balanced, 'json', context);
    assert.deepEqual(JSON.parse(out.text), balanced);
    assert.deepEqual(out.notes, []);
    assert.ok(out.text.endsWith('}\n'));
  });

  test('YAML parses back to the same policy, with a header comment and no folded lines', () => {
    const out = exportPolicy(balanced, 'yaml', context);
    assert.deepEqual(YAML.parse(out.text), balanced);
    assert.deepEqual(out.notes, []);
    assert.ok(out.text.startsWith('# mcp-risk policy, format version 1'));
    assert.ok(out.text.includes('version: "1"\ndefault: deny\nhide:\n  - '));
  });
});

describe('exportPolicy: Intercept', () => {
  test('hide, rules: [] for allowed tools, rate_limit shorthand, deny rules; approval denied with a note', () => {
    const out = exportPolicy(balanced, 'intercept', context);
    const parsed = YAML.parse(out.text) as Record<string, unknown> & { tools: Record<string, { rules: Record<string, unknown>[] }> };
    assert.equal(parsed['version'], '1');
    assert.equal(parsed['description'], 'Policy for flowforge, written by mcp-risk 9.9.9 (profile balanced)');
    assert.equal(parsed['default'], 'deny');
    assert.deepEqual(parsed['hide'], balanced.hide);
    assert.deepEqual(Object.keys(parsed.tools), Object.keys(balanced.tools ?? {}));
    assert.deepEqual(parsed.tools['flowforge_list_workflows'], { rules: [] });
    assert.deepEqual(parsed.tools['flowforge_create_workflow'], { rules: [{ name: 'rate limit', rate_limit: '30/minute' }] });
    assert.deepEqual(parsed.tools['flowforge_run_sql'], { rules: [{ name: 'rate limit', rate_limit: '10/minute' }] });
    assert.deepEqual(parsed.tools['flowforge_charge_customer'], {
      rules: [{ name: 'needs approval', action: 'deny', on_deny: 'Denied by policy (financial tool); it needs a person to approve each call.' }],
    });
    assert.deepEqual(out.notes, [`Intercept has no approval step; denied instead: ${FINANCIAL.join(', ')}`]);
  });

  test('each reason is a comment above its tool, hidden ones above their hide entry', () => {
    const out = exportPolicy(balanced, 'intercept', context);
    const reason = balanced.tools?.['flowforge_run_sql']?.reason ?? '';
    assert.ok(out.text.includes(`  # ${reason}\n  flowforge_run_sql:\n`));
    const hidden = balanced.metadata?.hidden?.['flowforge_cancel_run']?.reason ?? '';
    assert.ok(out.text.includes(`  # ${hidden}\n  - flowforge_cancel_run\n`));
  });

  test('strict deny rules', () => {
    const parsed = YAML.parse(exportPolicy(strict, 'intercept', context).text) as { tools: Record<string, unknown> };
    assert.deepEqual(parsed.tools['flowforge_run_sql'], { rules: [{ name: 'deny', action: 'deny', on_deny: 'Denied by policy (execute tool).' }] });
  });

  test('windows other than a minute, an hour or a day become the same average rate, with a note', () => {
    assert.deepEqual(toInterceptRateLimit({ max: 30, window: 60 }), { text: '30/minute', exact: true });
    assert.deepEqual(toInterceptRateLimit({ max: 7, window: 3600 }), { text: '7/hour', exact: true });
    assert.deepEqual(toInterceptRateLimit({ max: 9, window: 86400 }), { text: '9/day', exact: true });
    assert.deepEqual(toInterceptRateLimit({ max: 5, window: 30 }), { text: '10/minute', exact: false });
    assert.deepEqual(toInterceptRateLimit({ max: 4, window: 7200 }), { text: '2/hour', exact: false });
    assert.deepEqual(toInterceptRateLimit({ max: 100, window: 90 }), { text: '66/minute', exact: false });
    assert.deepEqual(toInterceptRateLimit({ max: 1, window: 172800 }), { text: '1/day', exact: false });
    assert.deepEqual(toInterceptRateLimit({ max: 2, window: 20 }), { text: '6/minute', exact: false });
    const out = exportPolicy(odd, 'intercept', { server: 'odd' });
    const parsed = YAML.parse(out.text) as { default: string; tools: Record<string, { rules: { rate_limit?: string }[] }> };
    assert.equal(parsed.default, 'allow');
    assert.equal(parsed.tools['every_30s']?.rules[0]?.rate_limit, '10/minute');
    assert.equal(parsed.tools['every_2d']?.rules[0]?.rate_limit, '5/day');
    assert.deepEqual(out.notes, [
      'Intercept has no approval step; denied instead: approve_me',
      'Intercept counts calls per minute, hour or day; rate limits converted to about the same average rate: every_30s (5 per 30 s → 10/minute), every_2h (4 per 7200 s → 2/hour), every_2d (10 per 172800 s → 5/day)',
    ]);
  });
});

describe('exportPolicy: Intercept and a tool named "*"', () => {
  test('it is left out, since "*" means every tool there', () => {
    const star: Policy = { version: '1', default: 'deny', hide: ['*', 'a'], tools: { b: { action: 'allow' } } };
    const out = exportPolicy(star, 'intercept', { server: 's' });
    const parsed = YAML.parse(out.text) as { hide: string[]; tools: Record<string, unknown> };
    assert.deepEqual(parsed.hide, ['a']);
    assert.deepEqual(Object.keys(parsed.tools), ['b']);
    assert.deepEqual(out.notes, ['a tool named "*" was left out: in Intercept "*" means every tool; default deny refuses it']);
  });
});

describe('exportPolicy: Claude Code', () => {
  test('deny (hidden and denied), ask (approval), allow (the rest, rate limits dropped with a note)', () => {
    const out = exportPolicy(balanced, 'claude-code', context);
    const parsed = JSON.parse(out.text) as { permissions: { deny: string[]; ask: string[]; allow: string[] } };
    assert.deepEqual(Object.keys(parsed), ['permissions']);
    assert.deepEqual(parsed.permissions.deny, (balanced.hide ?? []).map((tool) => `mcp__flowforge__${tool}`));
    assert.deepEqual(parsed.permissions.ask, FINANCIAL.map((tool) => `mcp__flowforge__${tool}`));
    const allowed = toolsWhere(balanced, (rule) => rule.action === 'allow');
    assert.deepEqual(parsed.permissions.allow, allowed.map((tool) => `mcp__flowforge__${tool}`));
    const limited = toolsWhere(balanced, (rule) => rule.rate_limit !== undefined);
    assert.equal(limited.length, 16);
    assert.deepEqual(out.notes, [
      `Claude Code cannot hide a tool; hidden tools are denied: ${(balanced.hide ?? []).join(', ')}`,
      `Claude Code has no rate limits; allowed without a limit: ${limited.slice(0, 12).join(', ')} and 4 more`,
      'Claude Code asks before using an MCP tool that has no rule, so a tool the server adds later is asked about, not denied',
    ]);
  });

  test("names are normalised as Claude Code does: anything but letters, digits, _ and - becomes _", () => {
    assert.equal(claudeCodeName('mcp-servers/everything'), 'mcp-servers_everything');
    assert.equal(claudeCodeName('my server.v2'), 'my_server_v2');
    assert.equal(claudeCodeName('claude.ai My  Server'), 'claude_ai_My_Server');
    assert.equal(claudeCodeToolRule('mcp-servers/everything', 'get-env'), 'mcp__mcp-servers_everything__get-env');
    const out = exportPolicy(odd, 'claude-code', { server: 'odd.server' });
    const parsed = JSON.parse(out.text) as { permissions: { deny: string[]; ask: string[]; allow: string[] } };
    assert.deepEqual(parsed.permissions.deny, ['mcp__odd_server__drop_everything', 'mcp__odd_server__my_tool_v2']);
    assert.deepEqual(parsed.permissions.ask, ['mcp__odd_server__approve_me']);
    assert.ok(out.notes.includes('Claude Code writes the server name "odd.server" as odd_server'));
    assert.ok(out.notes.includes('tool names normalised the way Claude Code does: drop.everything → mcp__odd_server__drop_everything, my tool.v2 → mcp__odd_server__my_tool_v2'));
    assert.equal(out.notes.some((note) => note.startsWith('Claude Code asks before')), false);
  });
});

describe('exportPolicy: Codex', () => {
  test('enabled_tools (default deny), disabled_tools (hidden), approval_mode prompt (approval)', () => {
    const out = exportPolicy(balanced, 'codex', context);
    const parsed = tomlData(out.text) as { mcp_servers: Record<string, { enabled_tools: string[]; disabled_tools: string[]; tools: Record<string, unknown> }> };
    assert.deepEqual(Object.keys(parsed.mcp_servers), ['flowforge']);
    const server = parsed.mcp_servers['flowforge'];
    assert.ok(server);
    assert.deepEqual(server.disabled_tools, balanced.hide);
    assert.deepEqual(server.enabled_tools, Object.keys(balanced.tools ?? {}));
    assert.deepEqual(server.tools, Object.fromEntries(FINANCIAL.map((tool) => [tool, { approval_mode: 'prompt' }])));
    assert.deepEqual(out.notes.slice(0, 1), ['merge this into your existing [mcp_servers.flowforge] table in config.toml; it does not say how to start the server']);
    assert.match(out.notes[1] ?? '', /^Codex has no rate limits; allowed without a limit: flowforge_create_workflow, /);
  });

  test('denied tools are disabled; default allow writes no enabled_tools; odd server names are normalised', () => {
    assert.equal(codexServerName('mcp-servers/everything'), 'mcp-servers_everything');
    const out = exportPolicy(odd, 'codex', { server: 'odd server' });
    const parsed = tomlData(out.text) as { mcp_servers: Record<string, Record<string, unknown>> };
    assert.deepEqual(parsed.mcp_servers['odd_server'], {
      disabled_tools: ['drop.everything', 'my tool.v2'],
      tools: { approve_me: { approval_mode: 'prompt' } },
    });
    assert.ok(out.notes.includes('Codex cannot keep a tool listed but refuse its calls; denied tools are disabled: my tool.v2'));
    assert.ok(out.notes.includes('Codex accepts only letters, digits, _ and - in server names: "odd server" written as odd_server (give the name from your config with --name)'));
  });
});

describe('exportPolicy: every format reads back as valid', () => {
  for (const format of POLICY_FORMATS) {
    test(format, () => {
      const text = exportPolicy(balanced, format, context).text;
      const read = readPolicy(text, `policy.${format === 'codex' ? 'toml' : format === 'json' || format === 'claude-code' ? 'json' : 'yaml'}`);
      assert.deepEqual(read.problems, []);
      assert.equal(read.format, format);
      assert.equal(read.policies.length, 1);
    });
  }
});
