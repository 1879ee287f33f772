import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exportPolicy } from '../../src/policy/export/exporters.js';
import type { Policy } from '../../src/policy/policy-model.js';
import { policyVerdict, readPolicy } from '../../src/policy/read-policy.js';
import { policySyntaxOf } from '../../src/policy/read/parse-policy-text.js';
import { parseInterceptRateLimit } from '../../src/policy/read/read-intercept.js';

const SEED = '{"version":"1","default":"deny","hide":["flowforge_cancel_run"]}';

describe('readPolicy: native', () => {
  test('the seed form is a valid policy', () => {
    const read = readPolicy(SEED, 'policy.json');
    assert.equal(read.format, 'json');
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.policies, [{ server: undefined, policy: JSON.parse(SEED) as Policy }]);
  });

  test('YAML, with the server from metadata', () => {
    const read = readPolicy('version: "1"\ndefault: allow\ntools:\n  a:\n    action: deny\nmetadata:\n  server: flowforge\n', 'p.yml');
    assert.equal(read.format, 'yaml');
    assert.deepEqual(read.policies, [
      {
        server: 'flowforge',
        policy: { version: '1', default: 'allow', tools: { a: { action: 'deny' } }, metadata: { server: 'flowforge' } },
      },
    ]);
  });

  test('tool names like __proto__ and constructor stay plain data', () => {
    const policy: Policy = {
      version: '1',
      default: 'deny',
      hide: ['constructor'],
      tools: Object.fromEntries([['__proto__', { action: 'allow' as const }]]),
    };
    const text = exportPolicy(policy, 'json', { server: 's' }).text;
    assert.ok(text.includes('"__proto__": {'));
    const read = readPolicy(text, 'p.json');
    assert.deepEqual(read.problems, []);
    const tools = read.policies[0]?.policy.tools ?? {};
    assert.ok(Object.hasOwn(tools, '__proto__'));
    assert.equal(Object.getPrototypeOf(tools), Object.prototype);
    const yaml = readPolicy(exportPolicy(policy, 'yaml', { server: 's' }).text, 'p.yaml');
    assert.deepEqual(yaml.problems, []);
    assert.ok(Object.hasOwn(yaml.policies[0]?.policy.tools ?? {}, '__proto__'));
  });

  test('syntax errors: one problem at the root with line and column', () => {
    assert.deepEqual(readPolicy('{"version": "1",\n "default": }', 'p.json').problems, [
      { path: '', message: 'not valid JSON at line 2, column 13: value expected' },
    ]);
    assert.deepEqual(readPolicy('', 'p.json').problems, [{ path: '', message: 'not valid JSON: the file is empty' }]);
    const yaml = readPolicy('version: "1"\nversion: "1"\n', 'p.yaml').problems;
    assert.equal(yaml.length, 1);
    assert.equal(yaml[0]?.path, '');
    assert.match(yaml[0]?.message ?? '', /^not valid YAML at line 2, column 1: Map keys must be unique/);
    assert.match(readPolicy('[mcp_servers.x\n', 'c.toml').problems[0]?.message ?? '', /^not valid TOML at line 1, column \d+: /);
  });

  test('the syntax comes from the extension, or else from the first characters', () => {
    assert.equal(policySyntaxOf('a.JSON', ''), 'json');
    assert.equal(policySyntaxOf('a.yml', '{'), 'yaml');
    assert.equal(policySyntaxOf('config.toml', ''), 'toml');
    assert.equal(policySyntaxOf('policy', '  {"version":"1"}'), 'json');
    assert.equal(policySyntaxOf('policy', '# x\n[mcp_servers.a]\n'), 'toml');
    assert.equal(policySyntaxOf('-', 'version: "1"'), 'yaml');
  });
});

describe('readPolicy: Intercept', () => {
  const valid = `version: "1"
description: GitHub
default: deny
hide: [delete_repository]
tools:
  read_file:
    rules: []
  create_issue:
    rules:
      - name: hourly issue limit
        rate_limit: 5/hour
        on_deny: "Hourly limit of 5 new issues reached"
  delete_branch:
    rules:
      - name: block
        action: deny
`;

  test('rules: [] is allow, the shorthand is a rate limit, action deny is deny, hide is hide', () => {
    const read = readPolicy(valid, 'intercept.yaml');
    assert.equal(read.format, 'intercept');
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.notes, []);
    assert.deepEqual(read.policies[0]?.policy, {
      version: '1',
      default: 'deny',
      hide: ['delete_repository'],
      tools: {
        read_file: { action: 'allow' },
        create_issue: { action: 'allow', rate_limit: { max: 5, window: 3600 } },
        delete_branch: { action: 'deny' },
      },
    });
  });

  test("Intercept's own validation errors, with paths", () => {
    const text = `version: "2"
description: x
default: maybe
hide: ["", a, a]
extra: 1
tools:
  t1:
    rules:
      - name: r
        rate_limit: 0/hour
      - rate_limit: 5/week
      - name: r3
        action: deny
        rate_limit: 1/minute
      - action: evaluate
      - name: r5
        action: deny
        conditions: [{path: "args.x", op: eq, value: 1}]
      - name: r6
        conditions: [{path: "x", op: like, value: 1}]
    limits: 3
`;
    assert.deepEqual(readPolicy(text, 'i.yaml').problems, [
      { path: '/extra', message: 'unknown key "extra"; allowed: version, description, default, hide, tools' },
      { path: '/version', message: 'must be "1", not the string "2"' },
      { path: '/default', message: 'must be "allow" or "deny", not the string "maybe"' },
      { path: '/hide/0', message: 'entry must be a non-empty tool name' },
      { path: '/hide/2', message: 'duplicate entry "a"' },
      { path: '/tools/t1/limits', message: 'unknown key "limits"; allowed: rules' },
      { path: '/tools/t1/rules/0/rate_limit', message: 'the rate_limit count must be a positive integer, not "0"' },
      { path: '/tools/t1/rules/1/rate_limit', message: 'the rate_limit window must be minute, hour or day, not "week"' },
      { path: '/tools/t1/rules/2/rate_limit', message: 'rate_limit cannot be used with action "deny"' },
      { path: '/tools/t1/rules/3/name', message: 'a rule must have a name' },
      { path: '/tools/t1/rules/3', message: 'evaluate rules must have at least one condition' },
      { path: '/tools/t1/rules/4/conditions', message: 'deny rules must not have conditions' },
      { path: '/tools/t1/rules/5/conditions/0/path', message: 'path must start with "args." or "state."' },
      {
        path: '/tools/t1/rules/5/conditions/0/op',
        message: 'unknown operator; use one of eq, neq, in, not_in, lt, lte, gt, gte, regex, contains, exists',
      },
    ]);
  });

  test('conditions, wildcards and hidden+allowed', () => {
    const read = readPolicy(
      `version: "1"
description: x
hide: [a]
tools:
  a:
    rules: []
  b:
    rules:
      - name: small
        conditions: [{path: args.amount, op: lte, value: 5}]
  "*":
    rules:
      - name: global
        rate_limit: 60/minute
`,
      'i.yaml',
    );
    assert.deepEqual(read.problems, [{ path: '/tools/a', message: '"a" is both hidden (in /hide) and allowed; remove one of the two' }]);
    assert.deepEqual(read.notes, [
      '/tools/b: rules with conditions have no mcp-risk form',
      '/tools/*: wildcard rules apply to every tool; mcp-risk policies have no wildcard',
    ]);
  });

  test('the rate_limit shorthand', () => {
    assert.deepEqual(parseInterceptRateLimit('60/minute'), { max: 60, window: 60 });
    assert.deepEqual(parseInterceptRateLimit('2/day'), { max: 2, window: 86400 });
    assert.equal(parseInterceptRateLimit('5 per hour'), 'rate_limit must look like "<count>/<window>", e.g. "5/hour", not "5 per hour"');
  });
});

describe('readPolicy: Claude Code', () => {
  test('deny, ask and allow per server; other rules and keys are left alone', () => {
    const text = JSON.stringify({
      env: { A: '1' },
      permissions: {
        defaultMode: 'default',
        allow: ['Bash(npm test)', 'mcp__flowforge__flowforge_get_run', 'mcp__other__read'],
        ask: ['mcp__flowforge__flowforge_charge_customer'],
        deny: ['mcp__flowforge__flowforge_cancel_run', 'Read(./.env)'],
      },
    });
    const read = readPolicy(text, 'settings.json');
    assert.equal(read.format, 'claude-code');
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.policies, [
      {
        server: 'flowforge',
        policy: {
          version: '1',
          default: 'deny',
          tools: {
            flowforge_cancel_run: { action: 'deny' },
            flowforge_charge_customer: { action: 'require_approval' },
            flowforge_get_run: { action: 'allow' },
          },
        },
      },
      { server: 'other', policy: { version: '1', default: 'deny', tools: { read: { action: 'allow' } } } },
    ]);
  });

  test('problems: not lists, not strings, names that never match, a tool in two lists; whole-server rules are notes', () => {
    const read = readPolicy(
      JSON.stringify({
        permissions: { allow: ['mcp__s__t', 'mcp__s.x__t', 7, 'mcp__', 'mcp__s'], deny: ['mcp__s__t', 'mcp__s__*'], ask: 'mcp__s__u' },
      }),
      'settings.json',
    );
    assert.deepEqual(read.problems, [
      { path: '/permissions/ask', message: 'must be a list of rules, not the string "mcp__s__u"' },
      { path: '/permissions/allow/0', message: '"mcp__s__t" is also at /permissions/deny/0; a tool has one rule' },
      { path: '/permissions/allow/1', message: '"mcp__s.x__t" never matches: Claude Code names hold only letters, digits, _ and -' },
      { path: '/permissions/allow/2', message: 'a rule must be a string, not the number 7' },
      { path: '/permissions/allow/3', message: '"mcp__" names no server; an MCP rule is mcp__<server>__<tool>' },
    ]);
    assert.deepEqual(read.notes, [
      '/permissions/deny/1: "mcp__s__*" applies to every tool of the server; mcp-risk policies have a rule per tool',
      '/permissions/allow/4: "mcp__s" applies to every tool of the server; mcp-risk policies have a rule per tool',
    ]);
  });

  test('a settings file without MCP rules has no policy', () => {
    assert.deepEqual(readPolicy('{"permissions":{"allow":["Bash(ls)"]}}', 's.json').problems, [
      { path: '/permissions', message: 'no MCP rules (mcp__<server>__<tool>) in deny, ask or allow: there is no policy to read' },
    ]);
  });
});

describe('readPolicy: Codex', () => {
  test('disabled_tools hide, enabled_tools allow-list, approval_mode prompt needs approval; servers without tool keys are skipped', () => {
    const text = `model = "o3"
[mcp_servers.flowforge]
command = "node"
args = ["flowforge.mjs"]
enabled_tools = ["get_run", "charge"]
disabled_tools = ["cancel_run"]

[mcp_servers.flowforge.tools.charge]
approval_mode = "prompt"

[mcp_servers.docs]
url = "https://example.com/mcp"

[mcp_servers.memory]
command = "npx"
default_tools_approval_mode = "prompt"
[mcp_servers.memory.tools.read_graph]
approval_mode = "approve"
`;
    const read = readPolicy(text, 'config.toml');
    assert.equal(read.format, 'codex');
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.notes, [
      '/mcp_servers/memory/default_tools_approval_mode: every tool needs approval; mcp-risk policies have a rule per tool',
    ]);
    assert.deepEqual(JSON.parse(JSON.stringify(read.policies)), [
      {
        server: 'flowforge',
        policy: {
          version: '1',
          default: 'deny',
          hide: ['cancel_run'],
          tools: { get_run: { action: 'allow' }, charge: { action: 'require_approval' } },
        },
      },
      { server: 'memory', policy: { version: '1', default: 'allow', hide: [], tools: { read_graph: { action: 'allow' } } } },
    ]);
  });

  test('problems: bad names, wrong types, a tool both enabled and disabled, unknown approval modes', () => {
    const text = `[mcp_servers."my server"]
enabled_tools = ["a", 3]
disabled_tools = ["a"]
default_tools_approval_mode = "sometimes"
[mcp_servers."my server".tools.a]
approval_mode = "never"
`;
    assert.deepEqual(readPolicy(text, 'config.toml').problems, [
      { path: '/mcp_servers/my server', message: 'Codex refuses the server name "my server": only letters, digits, _ and -' },
      { path: '/mcp_servers/my server/enabled_tools/1', message: 'must be a non-empty tool name' },
      {
        path: '/mcp_servers/my server/default_tools_approval_mode',
        message: 'must be one of "auto", "prompt", "approve", not the string "sometimes"',
      },
      {
        path: '/mcp_servers/my server/tools/a/approval_mode',
        message: 'must be one of "auto", "prompt", "approve", not the string "never"',
      },
      { path: '/mcp_servers/my server/disabled_tools/0', message: '"a" is also in enabled_tools; Codex disables it' },
    ]);
    assert.deepEqual(readPolicy('model = "o3"\n', 'config.toml').problems, [
      { path: '/mcp_servers', message: 'a Codex config names its servers in [mcp_servers.<name>] tables; there are none' },
    ]);
  });
});

describe('policyVerdict: the one verdict policy check and the guard give', () => {
  test('valid and exact: ok', () => {
    assert.deepEqual(policyVerdict(readPolicy(SEED, 'policy.json'), 'policy.json'), { ok: true });
  });

  test('problems: a line each, the message the first and a count', () => {
    const read = readPolicy('{"version":"2","default":"maybe"}', 'p.json');
    const verdict = policyVerdict(read, 'p.json');
    assert.equal(verdict.ok, false);
    if (verdict.ok) return;
    assert.deepEqual(verdict.lines, [
      'p.json: /version: must be "1", not the string "2"',
      'p.json: /default: must be one of "allow", "deny", not the string "maybe"',
    ]);
    assert.equal(verdict.message, 'p.json: /version: must be "1", not the string "2" (and 1 more problem)');
  });

  test('valid Intercept with conditions and a wildcard: refused, a line each, saying the guard cannot enforce it exactly', () => {
    const text =
      'version: "1"\ndescription: x\ntools:\n  b:\n    rules:\n      - name: small\n        conditions: [{path: args.amount, op: lte, value: 5}]\n  "*":\n    rules:\n      - name: global\n        rate_limit: 60/minute\n';
    const verdict = policyVerdict(readPolicy(text, 'i.yaml'), 'i.yaml');
    assert.deepEqual(verdict, {
      ok: false,
      message:
        'i.yaml: /tools/b: rules with conditions have no mcp-risk form (and 1 more); the guard enforces only policies it can read exactly',
      lines: [
        'i.yaml: /tools/b: rules with conditions have no mcp-risk form; the guard enforces only policies it can read exactly',
        'i.yaml: /tools/*: wildcard rules apply to every tool; mcp-risk policies have no wildcard; the guard enforces only policies it can read exactly',
      ],
    });
  });
});
