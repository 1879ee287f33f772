import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import { characterClass, HIDDEN_CHARACTERS } from '../../src/hostile-text/hidden-characters.js';
import { cleanPolicy } from '../../src/policy/export/clean-policy.js';
import { exportPolicy, POLICY_FORMATS } from '../../src/policy/export/exporters.js';
import { claudeCodeName, claudeCodeToolRule } from '../../src/policy/export/to-claude-code.js';
import { toolRisks } from '../../src/policy/export/policy-export.js';
import { codexServerName } from '../../src/policy/export/to-codex.js';
import { toIntercept, toInterceptRateLimit } from '../../src/policy/export/to-intercept.js';
import { toJson } from '../../src/policy/export/to-json.js';
import { toYaml } from '../../src/policy/export/to-yaml.js';
import { generatePolicy, REASON_MAX_LENGTH } from '../../src/policy/generate-policy.js';
import { mergePolicy } from '../../src/policy/merge-policy.js';
import type { Policy } from '../../src/policy/policy-model.js';
import { readPolicy } from '../../src/policy/read-policy.js';
import { flowforgeReport } from './flowforge-report.js';

/** TOML tables come back with a null prototype; compare plain data. */
function tomlData(text: string): unknown {
  return JSON.parse(JSON.stringify(parseToml(text))) as unknown;
}

const balanced = generatePolicy(flowforgeReport(), { profile: 'balanced', generator: 'mcp-risk 9.9.9' });
const strict = generatePolicy(flowforgeReport(), { profile: 'strict', generator: 'mcp-risk 9.9.9' });
const report = flowforgeReport();
const context = { server: 'flowforge', risks: toolRisks(report) };

/** Rate-limited tools that run code or are high or critical risk: a format without limits asks about them. */
const riskyLimited = toolsWhere(balanced, (rule) => rule.rate_limit !== undefined).filter((name) => {
  const tool = report.tools.find((candidate) => candidate.name === name);
  return tool !== undefined && (tool.category === 'execute' || tool.severity === 'high' || tool.severity === 'critical');
});
/** The other rate-limited tools (reads and medium writes): allowed without their limit. */
const mildLimited = toolsWhere(balanced, (rule) => rule.rate_limit !== undefined).filter((name) => !riskyLimited.includes(name));

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
      rules: [
        { name: 'needs approval', action: 'deny', on_deny: 'Denied by policy (financial tool); it needs a person to approve each call.' },
      ],
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
    assert.deepEqual(parsed.tools['flowforge_run_sql'], {
      rules: [{ name: 'deny', action: 'deny', on_deny: 'Denied by policy (execute tool).' }],
    });
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
  test('deny (hidden and denied), ask (approval, and rate-limited tools that run code or are high/critical), allow (the rest)', () => {
    const out = exportPolicy(balanced, 'claude-code', context);
    const parsed = JSON.parse(out.text) as { permissions: { deny: string[]; ask: string[]; allow: string[] } };
    assert.deepEqual(Object.keys(parsed), ['permissions']);
    assert.deepEqual(
      parsed.permissions.deny,
      (balanced.hide ?? []).map((tool) => `mcp__flowforge__${tool}`),
    );
    // The issue: rate-limited execute tools used to land in allow, looser than Claude Code's own default (ask).
    for (const tool of ['flowforge_run_sql', 'flowforge_execute_script']) {
      assert.ok(parsed.permissions.ask.includes(`mcp__flowforge__${tool}`), tool);
      assert.equal(parsed.permissions.allow.includes(`mcp__flowforge__${tool}`), false, tool);
    }
    assert.ok(riskyLimited.includes('flowforge_update_workflow'), 'a high-risk write is among them');
    assert.ok(mildLimited.includes('flowforge_create_workflow') && mildLimited.length > 0);
    assert.deepEqual([...parsed.permissions.ask].sort(), [...riskyLimited, ...FINANCIAL].map((tool) => `mcp__flowforge__${tool}`).sort());
    const allowed = toolsWhere(balanced, (rule) => rule.action === 'allow').filter((tool) => !riskyLimited.includes(tool));
    assert.deepEqual(
      parsed.permissions.allow,
      allowed.map((tool) => `mcp__flowforge__${tool}`),
    );
    assert.deepEqual(out.notes, [
      `Claude Code cannot hide a tool; hidden tools are denied: ${(balanced.hide ?? []).join(', ')}`,
      `Claude Code has no rate limits; asked about instead (they run code, are high or critical risk, or their risk is unknown): ${riskyLimited.join(', ')}`,
      `Claude Code has no rate limits; allowed without a limit (reads and medium-risk writes): ${mildLimited.join(', ')}`,
      'Claude Code asks before using an MCP tool that has no rule, so a tool the server adds later is asked about, not denied',
    ]);
  });

  test('a rate-limited tool whose risk is not known is asked about, never allowed without its limit', () => {
    const out = exportPolicy(balanced, 'claude-code', { server: 'flowforge' });
    const parsed = JSON.parse(out.text) as { permissions: { deny: string[]; ask: string[]; allow: string[] } };
    const limited = toolsWhere(balanced, (rule) => rule.rate_limit !== undefined);
    for (const tool of limited) assert.ok(parsed.permissions.ask.includes(`mcp__flowforge__${tool}`), tool);
    assert.deepEqual(
      parsed.permissions.allow,
      toolsWhere(balanced, (rule) => rule.action === 'allow' && rule.rate_limit === undefined).map((tool) => `mcp__flowforge__${tool}`),
    );
  });

  test('names are normalised as Claude Code does: anything but letters, digits, _ and - becomes _', () => {
    assert.equal(claudeCodeName('mcp-servers/everything'), 'mcp-servers_everything');
    assert.equal(claudeCodeName('my server.v2'), 'my_server_v2');
    assert.equal(claudeCodeName('claude.ai My  Server'), 'claude_ai_My_Server');
    assert.equal(claudeCodeToolRule('mcp-servers/everything', 'get-env'), 'mcp__mcp-servers_everything__get-env');
    const out = exportPolicy(odd, 'claude-code', { server: 'odd.server' });
    const parsed = JSON.parse(out.text) as { permissions: { deny: string[]; ask: string[]; allow: string[] } };
    assert.deepEqual(parsed.permissions.deny, ['mcp__odd_server__drop_everything', 'mcp__odd_server__my_tool_v2']);
    assert.deepEqual(parsed.permissions.ask, [
      'mcp__odd_server__every_30s',
      'mcp__odd_server__every_2h',
      'mcp__odd_server__hourly',
      'mcp__odd_server__daily',
      'mcp__odd_server__every_2d',
      'mcp__odd_server__approve_me',
    ]);
    assert.ok(out.notes.includes('Claude Code writes the server name "odd.server" as odd_server'));
    assert.ok(
      out.notes.includes(
        'tool names normalised the way Claude Code does: drop.everything → mcp__odd_server__drop_everything, my tool.v2 → mcp__odd_server__my_tool_v2',
      ),
    );
    assert.equal(
      out.notes.some((note) => note.startsWith('Claude Code asks before')),
      false,
    );
  });
});

describe('exportPolicy: Codex', () => {
  test('enabled_tools (default deny), disabled_tools (hidden), default_tools_approval_mode prompt, each tool its approval_mode', () => {
    const out = exportPolicy(balanced, 'codex', context);
    const parsed = tomlData(out.text) as {
      mcp_servers: Record<
        string,
        { enabled_tools: string[]; disabled_tools: string[]; default_tools_approval_mode: string; tools: Record<string, unknown> }
      >;
    };
    assert.deepEqual(Object.keys(parsed.mcp_servers), ['flowforge']);
    const server = parsed.mcp_servers['flowforge'];
    assert.ok(server);
    assert.deepEqual(server.disabled_tools, balanced.hide);
    assert.deepEqual(server.enabled_tools, Object.keys(balanced.tools ?? {}));
    // Anything the fragment does not name is asked about (Codex's default would be "auto").
    assert.equal(server.default_tools_approval_mode, 'prompt');
    assert.deepEqual(server.tools['flowforge_run_sql'], { approval_mode: 'prompt' });
    assert.deepEqual(server.tools['flowforge_execute_script'], { approval_mode: 'prompt' });
    assert.deepEqual(server.tools['flowforge_create_workflow'], { approval_mode: 'auto' });
    const prompted = new Set([...riskyLimited, ...FINANCIAL]);
    assert.deepEqual(
      server.tools,
      Object.fromEntries(
        Object.keys(balanced.tools ?? {}).map((tool) => [tool, { approval_mode: prompted.has(tool) ? 'prompt' : 'auto' }]),
      ),
    );
    assert.deepEqual(out.notes, [
      'merge this into your existing [mcp_servers.flowforge] table in config.toml; it does not say how to start the server',
      `Codex has no rate limits; prompted for instead (they run code, are high or critical risk, or their risk is unknown): ${riskyLimited.join(', ')}`,
      `Codex has no rate limits; allowed without a limit (reads and medium-risk writes): ${mildLimited.join(', ')}`,
    ]);
    const back = readPolicy(out.text, 'config.toml');
    assert.deepEqual([back.problems, back.notes], [[], []]);
    assert.equal(back.policies[0]?.policy.tools?.['flowforge_run_sql']?.action, 'require_approval');
    assert.equal(back.policies[0]?.policy.tools?.['flowforge_create_workflow']?.action, 'allow');
  });

  test('denied tools are disabled; default allow writes no enabled_tools; odd server names are normalised', () => {
    assert.equal(codexServerName('mcp-servers/everything'), 'mcp-servers_everything');
    const out = exportPolicy(odd, 'codex', { server: 'odd server' });
    const parsed = tomlData(out.text) as { mcp_servers: Record<string, Record<string, unknown>> };
    const prompt = { approval_mode: 'prompt' };
    assert.deepEqual(parsed.mcp_servers['odd_server'], {
      disabled_tools: ['drop.everything', 'my tool.v2'],
      tools: { every_30s: prompt, every_2h: prompt, hourly: prompt, daily: prompt, every_2d: prompt, approve_me: prompt },
    });
    assert.ok(out.notes.includes('Codex cannot keep a tool listed but refuse its calls; denied tools are disabled: my tool.v2'));
    assert.ok(
      out.notes.includes(
        'Codex accepts only letters, digits, _ and - in server names: "odd server" written as odd_server (give the name from your config with --name)',
      ),
    );
  });
});

describe('exportPolicy: every format reads back as valid', () => {
  for (const format of POLICY_FORMATS) {
    test(format, () => {
      const text = exportPolicy(balanced, format, context).text;
      const read = readPolicy(
        text,
        `policy.${format === 'codex' ? 'toml' : format === 'json' || format === 'claude-code' ? 'json' : 'yaml'}`,
      );
      assert.deepEqual(read.problems, []);
      assert.equal(read.format, format);
      assert.equal(read.policies.length, 1);
    });
  }
});

describe('exportPolicy: reasons stay raw in the policy and are written as one clean line (issue 11)', () => {
  // An escape sequence, a C1 CSI, a line break, a bidi override, a zero-width space, a tag character, a soft hyphen.
  const HOSTILE_REASON = 'Reads\u001b[31m it\u009b1m;\nall\u202e\u200b\u{E0041}\u00ad.';
  const CLEAN_REASON = 'Reads it; all.';
  const hostile = flowforgeReport();
  for (const tool of hostile.tools) tool.recommendation = { ...tool.recommendation, reason: HOSTILE_REASON };
  const policy = generatePolicy(hostile, { profile: 'balanced', generator: 'mcp-risk 9.9.9' });
  const hostileContext = { server: 'flowforge', risks: toolRisks(hostile) };
  /** Anything hidden but the line feeds between lines. */
  const HIDDEN_IN_FILE = new RegExp(characterClass(HIDDEN_CHARACTERS, '\n'), 'u');

  test('generatePolicy keeps the raw reason, bounded in size', () => {
    assert.equal(policy.tools?.['flowforge_list_workflows']?.reason, HOSTILE_REASON);
    assert.equal(policy.metadata?.hidden?.['flowforge_cancel_run']?.reason, HOSTILE_REASON);
    const long = flowforgeReport();
    for (const tool of long.tools) tool.recommendation = { ...tool.recommendation, reason: `x${'\u200b'.repeat(5000)}` };
    const bounded = generatePolicy(long, { profile: 'balanced', generator: 'g' });
    assert.equal(Array.from(bounded.tools?.['flowforge_list_workflows']?.reason ?? '').length, REASON_MAX_LENGTH);
  });

  for (const format of POLICY_FORMATS) {
    test(`${format}: nothing hidden in the file`, () => {
      const text = exportPolicy(policy, format, hostileContext).text;
      assert.ok(!HIDDEN_IN_FILE.test(text), text);
    });
  }

  test('JSON and YAML hold the clean reason of every rule and hidden tool; the rest as generated', () => {
    for (const parsed of [JSON.parse(toJson(policy).text) as Policy, YAML.parse(toYaml(policy).text) as Policy]) {
      const reasons = [...Object.values(parsed.tools ?? {}), ...Object.values(parsed.metadata?.hidden ?? {})].map((entry) => entry.reason);
      assert.ok(reasons.length > 0);
      for (const reason of reasons) assert.equal(reason, CLEAN_REASON);
      assert.deepEqual(parsed, cleanPolicy(policy));
      assert.deepEqual(
        Object.keys(parsed.tools?.['flowforge_list_workflows'] ?? {}),
        Object.keys(policy.tools?.['flowforge_list_workflows'] ?? {}),
      );
    }
  });

  test('Intercept writes the clean reason as the comment above each tool', () => {
    const text = toIntercept(policy, hostileContext).text;
    assert.ok(text.includes(`  # ${CLEAN_REASON}\n  flowforge_list_workflows:\n`));
    assert.ok(text.includes(`  # ${CLEAN_REASON}\n  - flowforge_cancel_run\n`));
  });

  test('a merged policy is written clean too: the new tools’ reasons come raw from the recommendation', () => {
    const existing: Policy = { version: '1', default: 'deny', tools: { flowforge_list_workflows: { action: 'allow', reason: 'by hand' } } };
    const merged = mergePolicy(existing, policy).policy;
    const written = JSON.parse(toJson(merged).text) as Policy;
    assert.equal(written.tools?.['flowforge_list_workflows']?.reason, 'by hand');
    assert.equal(written.tools?.['flowforge_create_workflow']?.reason, CLEAN_REASON);
    assert.equal(written.metadata?.hidden?.['flowforge_cancel_run']?.reason, CLEAN_REASON);
  });
});
