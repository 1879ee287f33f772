import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import { run } from '../../src/cli/run.js';
import type { ScanReport } from '../../src/model.js';
import type { Policy } from '../../src/policy/policy-model.js';
import { FLOWFORGE_TOOLS } from '../fixtures/servers/flowforge-tools.mjs';
import { connectThroughGuard, FLOWFORGE_SCRIPT, runCli } from '../guard/guard-process.js';
import { memoryIo, type MemoryIo } from './cli-io.js';

const FLOWFORGE = ['--', process.execPath, 'test/fixtures/servers/flowforge.mjs'];
const FILESYSTEM = 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js';
const EVERYTHING = 'node_modules/@modelcontextprotocol/server-everything/dist/index.js';
const TOOL_NAMES = FLOWFORGE_TOOLS.map((tool) => tool.name);

let dir: string;
let scanJson: string;

async function cli(argv: string[]): Promise<{ code: number; io: MemoryIo }> {
  const io = memoryIo();
  const code = await run(argv, io);
  return { code, io };
}

function policyOf(text: string): Policy {
  return JSON.parse(text) as Policy;
}

function ruleOf(policy: Policy, tool: string): unknown {
  if (policy.hide?.includes(tool)) return 'hidden';
  const rule = policy.tools?.[tool];
  return rule === undefined ? undefined : { action: rule.action, ...(rule.rate_limit ? { rate_limit: rule.rate_limit } : {}) };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-risk-policy-'));
  const { code, io } = await cli(['scan', '--format', 'json', ...FLOWFORGE]);
  assert.equal(code, 0, io.err());
  scanJson = join(dir, 'scan.json');
  await writeFile(scanJson, io.out());
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('policy: the worked example', () => {
  test('policy --format json -- <flowforge>: version 1, default deny, flowforge_cancel_run hidden, every tool covered, reasons quote evidence', async () => {
    const { code, io } = await cli(['policy', '--format', 'json', ...FLOWFORGE]);
    assert.equal(code, 0, io.err());
    assert.equal(io.err(), '');
    const policy = policyOf(io.out());
    assert.equal(policy.version, '1');
    assert.equal(policy.default, 'deny');
    assert.ok(policy.hide?.includes('flowforge_cancel_run'));
    assert.equal(policy.tools?.['flowforge_cancel_run'], undefined);
    for (const tool of TOOL_NAMES) {
      const hidden = policy.hide?.includes(tool) ?? false;
      const rule = policy.tools?.[tool];
      assert.ok(hidden !== (rule !== undefined), `${tool}: hidden or a rule, not both`);
      const reason = hidden ? policy.metadata?.hidden?.[tool]?.reason : rule?.reason;
      assert.match(reason ?? '', /^(Read|Write|Execute|Destructive|Financial), (low|medium|high|critical): .*"[^"]+"/, tool);
    }
    assert.equal(policy.hide?.length, 10);
    assert.equal(Object.keys(policy.tools ?? {}).length, TOOL_NAMES.length - 10);
    assert.match(policy.metadata?.hidden?.['flowforge_cancel_run']?.reason ?? '', /description says "Irreversible"; name has "cancel"/);
    assert.deepEqual(Object.keys(policy.metadata ?? {}), ['server', 'generator', 'profile', 'hidden']);
    assert.equal(policy.metadata?.server, 'flowforge');
  });

  test('the default output is the native JSON; --from gives the same policy without connecting', async () => {
    const live = await cli(['policy', '--from', scanJson]);
    assert.equal(live.code, 0, live.io.err());
    const fromSaved = policyOf(live.io.out());
    assert.equal(fromSaved.default, 'deny');
    assert.ok(fromSaved.hide?.includes('flowforge_cancel_run'));
    assert.deepEqual(ruleOf(fromSaved, 'flowforge_run_sql'), { action: 'allow', rate_limit: { max: 10, window: 60 } });
  });
});

describe('policy: profiles', () => {
  const expected = {
    strict: ['allow-only', { action: 'require_approval' }, { action: 'deny' }, 'hidden', 'hidden'],
    balanced: [
      'allow-only',
      { action: 'allow', rate_limit: { max: 30, window: 60 } },
      { action: 'allow', rate_limit: { max: 10, window: 60 } },
      'hidden',
      { action: 'require_approval' },
    ],
    permissive: ['allow-only', { action: 'allow' }, { action: 'allow' }, 'hidden', 'hidden'],
  } as const;
  for (const [profile, [read, write, execute, destructive, financial]] of Object.entries(expected)) {
    test(`--profile ${profile}`, async () => {
      const { code, io } = await cli(['policy', '--from', scanJson, '--profile', profile]);
      assert.equal(code, 0, io.err());
      const policy = policyOf(io.out());
      assert.equal(policy.metadata?.profile, profile);
      assert.deepEqual(ruleOf(policy, 'flowforge_get_run'), read === 'allow-only' ? { action: 'allow' } : read);
      assert.deepEqual(ruleOf(policy, 'flowforge_create_workflow'), write);
      assert.deepEqual(ruleOf(policy, 'flowforge_run_sql'), execute);
      assert.deepEqual(ruleOf(policy, 'flowforge_cancel_run'), destructive);
      assert.deepEqual(ruleOf(policy, 'flowforge_charge_customer'), financial);
      assert.equal(ruleOf(policy, 'flowforge_import_template'), 'hidden');
    });
  }

  test('an unknown profile or format is a usage error', async () => {
    const profile = await cli(['policy', '--from', scanJson, '--profile', 'lax']);
    assert.equal(profile.code, 2);
    assert.equal(profile.io.err(), 'mcp-risk: --profile must be one of strict, balanced, permissive (got "lax")\n');
    const format = await cli(['policy', '--from', scanJson, '--format', 'sarif']);
    assert.equal(format.code, 2);
    assert.equal(format.io.err(), 'mcp-risk: --format must be one of json, yaml, intercept, claude-code, codex (got "sarif")\n');
  });
});

describe('policy: formats, each parsed back and accepted by policy check', () => {
  async function exportTo(format: string, file: string): Promise<{ text: string; err: string }> {
    const out = join(dir, file);
    const { code, io } = await cli(['policy', '--from', scanJson, '--format', format, '--out', out]);
    assert.equal(code, 0, io.err());
    assert.equal(io.out(), '');
    return { text: await readFile(out, 'utf8'), err: io.err() };
  }

  async function check(file: string): Promise<string> {
    const { code, io } = await cli(['policy', 'check', join(dir, file)]);
    assert.equal(code, 0, io.err());
    return io.out();
  }

  test('yaml', async () => {
    const { text, err } = await exportTo('yaml', 'policy.yaml');
    assert.equal(err, '');
    const policy = YAML.parse(text) as Policy;
    assert.equal(policy.version, '1');
    assert.equal(policy.default, 'deny');
    assert.ok(policy.hide?.includes('flowforge_cancel_run'));
    assert.deepEqual(policy.tools?.['flowforge_create_workflow']?.rate_limit, { max: 30, window: 60 });
    assert.equal(
      await check('policy.yaml'),
      `${join(dir, 'policy.yaml')}: valid mcp-risk policy (YAML): 29 allowed (16 with a rate limit), 6 need approval, 0 denied, 10 hidden; default deny\n`,
    );
  });

  test('intercept', async () => {
    const { text, err } = await exportTo('intercept', 'intercept.yaml');
    assert.equal(
      err,
      'mcp-risk: note: Intercept has no approval step; denied instead: flowforge_charge_customer, flowforge_refund_payment, flowforge_create_invoice, flowforge_transfer_credits, flowforge_update_billing_plan, flowforge_purchase_addon\n',
    );
    const parsed = YAML.parse(text) as {
      version: string;
      default: string;
      hide: string[];
      tools: Record<string, { rules: Record<string, string>[] }>;
    };
    assert.equal(parsed.version, '1');
    assert.equal(parsed.default, 'deny');
    assert.ok(parsed.hide.includes('flowforge_cancel_run'));
    assert.deepEqual(parsed.tools['flowforge_get_run'], { rules: [] });
    assert.deepEqual(parsed.tools['flowforge_run_sql'], { rules: [{ name: 'rate limit', rate_limit: '10/minute' }] });
    assert.equal(parsed.tools['flowforge_charge_customer']?.rules[0]?.['action'], 'deny');
    assert.equal(
      await check('intercept.yaml'),
      `${join(dir, 'intercept.yaml')}: valid Intercept policy: 29 allowed (16 with a rate limit), 0 need approval, 6 denied, 10 hidden; default deny\n`,
    );
  });

  test('claude-code', async () => {
    const { text, err } = await exportTo('claude-code', 'settings.json');
    assert.match(err, /^mcp-risk: note: Claude Code cannot hide a tool; hidden tools are denied: flowforge_remove_tag, /);
    assert.match(
      err,
      /\nmcp-risk: note: Claude Code has no rate limits; asked about instead \(they run code, are high or critical risk, or their risk is unknown\): flowforge_update_workflow, flowforge_run_workflow, flowforge_execute_script, flowforge_run_sql, /,
    );
    assert.match(
      err,
      /\nmcp-risk: note: Claude Code has no rate limits; allowed without a limit \(reads and medium-risk writes\): flowforge_create_workflow, /,
    );
    const parsed = JSON.parse(text) as { permissions: Record<string, string[]> };
    assert.ok(parsed.permissions['deny']?.includes('mcp__flowforge__flowforge_cancel_run'));
    assert.ok(parsed.permissions['ask']?.includes('mcp__flowforge__flowforge_charge_customer'));
    // Rate-limited execute tools are asked about (they used to be allowed, looser than Claude Code's default).
    assert.ok(parsed.permissions['ask']?.includes('mcp__flowforge__flowforge_run_sql'));
    assert.ok(parsed.permissions['ask']?.includes('mcp__flowforge__flowforge_execute_script'));
    assert.equal(parsed.permissions['allow']?.includes('mcp__flowforge__flowforge_run_sql'), false);
    assert.equal(parsed.permissions['deny']?.length, 10);
    assert.equal(parsed.permissions['ask']?.length, 14);
    assert.equal(parsed.permissions['allow']?.length, 21);
    assert.equal(
      await check('settings.json'),
      `${join(dir, 'settings.json')}: valid Claude Code permissions: 21 allowed (0 with a rate limit), 14 need approval, 10 denied, 0 hidden; default deny\n`,
    );
  });

  test('codex, under the name the client knows the server by', async () => {
    const out = join(dir, 'config.toml');
    const { code, io } = await cli(['policy', '--from', scanJson, '--format', 'codex', '--name', 'ff-prod', '--out', out]);
    assert.equal(code, 0, io.err());
    assert.match(io.err(), /^mcp-risk: note: merge this into your existing \[mcp_servers.ff-prod\] table in config.toml/);
    const parsed = JSON.parse(JSON.stringify(parseToml(await readFile(out, 'utf8')))) as {
      mcp_servers: Record<string, { enabled_tools: string[]; disabled_tools: string[]; tools: Record<string, unknown> }>;
    };
    const server = parsed.mcp_servers['ff-prod'];
    assert.ok(server);
    assert.ok(server.disabled_tools.includes('flowforge_cancel_run'));
    assert.ok(server.enabled_tools.includes('flowforge_run_sql'));
    assert.equal(server.enabled_tools.includes('flowforge_cancel_run'), false);
    assert.deepEqual(server.tools['flowforge_charge_customer'], { approval_mode: 'prompt' });
    assert.deepEqual(server.tools['flowforge_run_sql'], { approval_mode: 'prompt' });
    assert.deepEqual(server.tools['flowforge_list_workflows'], { approval_mode: 'auto' });
    assert.equal((server as unknown as Record<string, unknown>)['default_tools_approval_mode'], 'prompt');
    assert.equal(
      await check('config.toml'),
      `${out}: valid Codex MCP config: 21 allowed (0 with a rate limit), 14 need approval, 0 denied, 10 hidden; default deny\n`,
    );
  });

  test('json', async () => {
    const { text } = await exportTo('json', 'policy.json');
    assert.equal(policyOf(text).version, '1');
    assert.equal(
      await check('policy.json'),
      `${join(dir, 'policy.json')}: valid mcp-risk policy (JSON): 29 allowed (16 with a rate limit), 6 need approval, 0 denied, 10 hidden; default deny\n`,
    );
  });
});

describe('policy check and guard agree: one verdict, the same words (real processes)', () => {
  const REFUSED: [string, string, string[]][] = [
    [
      'intercept-conditions.yaml',
      'version: "1"\ndescription: caps\ndefault: deny\ntools:\n  flowforge_get_run:\n    rules: []\n  flowforge_charge_customer:\n    rules:\n      - name: small amounts\n        conditions: [{path: args.amount, op: lte, value: 500}]\n',
      [],
    ],
    [
      'intercept-wildcard.yaml',
      'version: "1"\ndescription: x\ntools:\n  "*":\n    rules:\n      - name: slow\n        rate_limit: 5/minute\n  flowforge_get_run:\n    rules: []\n',
      [],
    ],
    [
      'claude-whole-server.json',
      JSON.stringify({ permissions: { allow: ['mcp__flowforge__flowforge_get_run', 'mcp__flowforge'] } }),
      ['--name', 'flowforge'],
    ],
    [
      'codex-default-prompt.toml',
      '[mcp_servers.flowforge]\ndefault_tools_approval_mode = "prompt"\n\n[mcp_servers.flowforge.tools.flowforge_get_run]\napproval_mode = "auto"\n',
      ['--name', 'flowforge'],
    ],
  ];

  for (const [name, text, guardOptions] of REFUSED) {
    test(`${name}: check exits 2 with the line the guard refuses to start with`, async () => {
      const file = join(dir, name);
      await writeFile(file, text);
      const check = await runCli(['policy', 'check', file]);
      const guard = await runCli(['guard', '--policy', file, ...guardOptions, '--no-tty', '--', process.execPath, FLOWFORGE_SCRIPT]);
      assert.equal(guard.code, 2, guard.stderr);
      const refusal = /^mcp-risk: refusing to start: (.*)\n$/.exec(guard.stderr)?.[1];
      assert.ok(refusal !== undefined && refusal.includes('the guard enforces only policies it can read exactly'), guard.stderr);
      assert.equal(check.code, 2, check.stdout);
      assert.equal(check.stdout, '');
      assert.equal(check.stderr, `mcp-risk: ${refusal}\n`);
    });
  }

  test('a file check accepts is one the guard enforces: Intercept without conditions, hidden and denied tools', async () => {
    const file = join(dir, 'intercept-plain.yaml');
    await writeFile(
      file,
      'version: "1"\ndescription: plain\ndefault: deny\nhide:\n  - flowforge_cancel_run\ntools:\n  flowforge_get_run:\n    rules: []\n  flowforge_run_sql:\n    rules:\n      - name: no\n        action: deny\n',
    );
    const check = await runCli(['policy', 'check', file]);
    assert.equal(check.code, 0, check.stderr);
    assert.equal(
      check.stdout,
      `${file}: valid Intercept policy: 1 allowed (0 with a rate limit), 0 need approval, 1 denied, 1 hidden; default deny\n`,
    );
    const guarded = await connectThroughGuard(
      ['--policy', file, '--no-tty', '--audit-log', join(dir, 'plain-audit.jsonl'), '--approvals-dir', join(dir, 'plain-approvals')],
      [process.execPath, FLOWFORGE_SCRIPT],
    );
    try {
      const listed = (await guarded.client.listTools()).tools.map((tool) => tool.name).sort();
      assert.deepEqual(listed, ['flowforge_get_run']);
    } finally {
      await guarded.close();
    }
  });
});

describe('policy --merge', () => {
  const old: Policy = {
    version: '1',
    default: 'deny',
    hide: ['flowforge_cancel_run', 'flowforge_legacy_export'],
    tools: {
      flowforge_run_sql: { action: 'deny', reason: 'we never let agents run SQL', category: 'execute' },
      flowforge_create_workflow: { action: 'allow', rate_limit: { max: 5, window: 60 }, category: 'write' },
      flowforge_get_balance: { action: 'allow', category: 'financial' },
    },
    metadata: { hidden: { flowforge_cancel_run: { category: 'write' } } },
  };

  test('keeps hand-made decisions, adds new tools, reports removed and recategorised tools (stderr and metadata.changes)', async () => {
    const file = join(dir, 'old.json');
    await writeFile(file, JSON.stringify(old));
    const { code, io } = await cli(['policy', '--from', scanJson, '--merge', file, '--format', 'json']);
    assert.equal(code, 0, io.err());
    const policy = policyOf(io.out());
    assert.deepEqual(policy.tools?.['flowforge_run_sql'], { action: 'deny', reason: 'we never let agents run SQL', category: 'execute' });
    assert.deepEqual(policy.tools?.['flowforge_create_workflow'], {
      action: 'allow',
      rate_limit: { max: 5, window: 60 },
      category: 'write',
    });
    assert.deepEqual(ruleOf(policy, 'flowforge_get_run'), { action: 'allow' });
    assert.deepEqual(policy.hide?.slice(0, 3), ['flowforge_cancel_run', 'flowforge_legacy_export', 'flowforge_remove_tag']);
    assert.deepEqual(policy.metadata?.changes?.removed, ['flowforge_legacy_export']);
    assert.deepEqual(policy.metadata?.changes?.recategorised, [
      { tool: 'flowforge_cancel_run', from: 'write', to: 'destructive' },
      { tool: 'flowforge_get_balance', from: 'financial', to: 'read' },
    ]);
    assert.equal(policy.metadata?.changes?.added.length, TOOL_NAMES.length - 4);
    const err = io.err().split('\n');
    assert.ok(err.includes('mcp-risk: new tool flowforge_purchase_addon: require_approval (recommended)'));
    assert.ok(err.includes('mcp-risk: tool flowforge_legacy_export is gone from the server; its rule was kept'));
    assert.ok(err.includes('mcp-risk: tool flowforge_cancel_run is now destructive (was write); its rule was kept as it was: review it'));
    const saved = join(dir, 'merged.json');
    await writeFile(saved, io.out());
    const checked = await cli(['policy', 'check', saved]);
    assert.equal(checked.code, 0, checked.io.err());
  });

  test('into a Claude Code file, out as Claude Code: the existing lists stay', async () => {
    const file = join(dir, 'claude.json');
    await writeFile(
      file,
      JSON.stringify({ permissions: { allow: ['mcp__flowforge__flowforge_cancel_run'], deny: ['mcp__flowforge__flowforge_get_run'] } }),
    );
    const { code, io } = await cli(['policy', '--from', scanJson, '--merge', file, '--format', 'claude-code']);
    assert.equal(code, 0, io.err());
    const parsed = JSON.parse(io.out()) as { permissions: Record<string, string[]> };
    assert.ok(parsed.permissions['allow']?.includes('mcp__flowforge__flowforge_cancel_run'));
    assert.ok(parsed.permissions['deny']?.includes('mcp__flowforge__flowforge_get_run'));
    assert.ok(parsed.permissions['deny']?.includes('mcp__flowforge__flowforge_delete_workflow'));
    assert.ok(
      io
        .err()
        .includes(
          `mcp-risk: note: ${file} records no categories (Claude Code permissions), so a tool whose category changed cannot be told\n`,
        ),
    );
  });

  test('an invalid policy, or one with rules mcp-risk cannot carry, is not merged into', async () => {
    const bad = join(dir, 'bad-merge.json');
    await writeFile(
      bad,
      JSON.stringify({ version: '1', default: 'deny', tools: { t: { action: 'allow', rate_limit: { max: 0, window: 60 } } } }),
    );
    const invalid = await cli(['policy', '--from', scanJson, '--merge', bad]);
    assert.equal(invalid.code, 2);
    assert.equal(invalid.io.out(), '');
    assert.equal(
      invalid.io.err(),
      `mcp-risk: ${bad}: /tools/t/rate_limit/max: must be at least 1, not the number 0\nmcp-risk: --merge ${bad} is not a valid policy (1 problem); fix it first\n`,
    );
    const conditions = join(dir, 'conditions.yaml');
    await writeFile(
      conditions,
      'version: "1"\ndescription: x\ntools:\n  flowforge_charge_customer:\n    rules:\n      - name: cap\n        conditions: [{path: args.amount, op: lte, value: 500}]\n',
    );
    const unsupported = await cli(['policy', '--from', scanJson, '--merge', conditions]);
    assert.equal(unsupported.code, 2);
    assert.equal(
      unsupported.io.err(),
      `mcp-risk: cannot merge into ${conditions}: /tools/flowforge_charge_customer: rules with conditions have no mcp-risk form; a merge would drop it\n`,
    );
  });
});

describe('policy check: every problem, with its path, exit 2', () => {
  const cases: [string, string, string[]][] = [
    [
      'top-key.json',
      '{"version":"1","default":"deny","allow":[]}',
      ['/allow: unknown key "allow"; allowed: version, default, hide, tools, metadata'],
    ],
    [
      'tool-key.json',
      '{"version":"1","default":"deny","tools":{"flowforge_run_sql":{"action":"allow","max":3}}}',
      ['/tools/flowforge_run_sql/max: unknown key "max"; allowed: action, rate_limit, reason, category'],
    ],
    [
      'types.json',
      '{"version":"1","default":"deny","hide":"x","tools":{"t":{"action":"allow","rate_limit":{"max":"1","window":60}}}}',
      ['/hide: must be an array, not the string "x"', '/tools/t/rate_limit/max: must be an integer, not the string "1"'],
    ],
    [
      'hidden-allowed.json',
      '{"version":"1","default":"deny","hide":["t"],"tools":{"t":{"action":"allow"}}}',
      ['/tools/t: "t" is both hidden (in /hide) and allowed; remove one of the two'],
    ],
    [
      'window.json',
      '{"version":"1","default":"deny","tools":{"flowforge_run_sql":{"action":"allow","rate_limit":{"max":10,"window":-60}}}}',
      ['/tools/flowforge_run_sql/rate_limit/window: must be at least 1, not the number -60'],
    ],
    [
      'max.yaml',
      'version: "1"\ndefault: deny\ntools:\n  t:\n    action: allow\n    rate_limit: {max: 0, window: 60}\n',
      ['/tools/t/rate_limit/max: must be at least 1, not the number 0'],
    ],
    ['version.json', '{"version":"2","default":"deny"}', ['/version: must be "1", not the string "2"']],
    ['default.yaml', 'version: "1"\ndefault: maybe\n', ['/default: must be one of "allow", "deny", not the string "maybe"']],
    ['malformed.json', '{"version": "1", "default": "deny",}', ['/: not valid JSON at line 1, column 36: property name expected']],
    [
      'malformed.yaml',
      'version: "1"\ndefault: [deny\n',
      ['/: not valid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ],
  ];
  for (const [file, text, lines] of cases) {
    test(file, async () => {
      const path = join(dir, file);
      await writeFile(path, text);
      const { code, io } = await cli(['policy', 'check', path]);
      assert.equal(code, 2);
      assert.equal(io.out(), '');
      assert.equal(io.err(), lines.map((line) => `mcp-risk: ${path}: ${line}\n`).join(''));
    });
  }

  test('a file that is not there, and a check given a command', async () => {
    const missing = await cli(['policy', 'check', join(dir, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.io.err(), /^mcp-risk: cannot read .*nope\.json: /);
    const command = await cli(['policy', 'check', 'x.json', '--', 'node']);
    assert.equal(command.code, 2);
    assert.equal(command.io.err(), 'mcp-risk: policy check takes a file, not a command after --\n');
  });

  test('--server picks one server of a Claude Code settings file; a whole-server rule fails the check, as the guard refuses it', async () => {
    const path = join(dir, 'two-servers.json');
    await writeFile(path, JSON.stringify({ permissions: { allow: ['mcp__a__x', 'mcp__b__y'], ask: ['mcp__b__z'] } }));
    const { code, io } = await cli(['policy', 'check', path, '--server', 'b']);
    assert.equal(code, 0, io.err());
    assert.equal(
      io.out(),
      `${path}: valid Claude Code permissions: 1 allowed (0 with a rate limit), 1 need approval, 0 denied, 0 hidden; default deny\n`,
    );
    assert.equal(io.err(), '');
    const whole = join(dir, 'whole-server.json');
    await writeFile(whole, JSON.stringify({ permissions: { allow: ['mcp__a__x', 'mcp__b__y', 'mcp__b'], ask: ['mcp__b__z'] } }));
    const refused = await cli(['policy', 'check', whole, '--server', 'b']);
    assert.equal(refused.code, 2);
    assert.equal(refused.io.out(), '');
    assert.equal(
      refused.io.err(),
      `mcp-risk: ${whole}: /permissions/allow/2: "mcp__b" applies to every tool of the server; mcp-risk policies have a rule per tool; the guard enforces only policies it can read exactly\n`,
    );
    const none = await cli(['policy', 'check', path, '--server', 'c']);
    assert.equal(none.code, 2);
    assert.equal(none.io.err(), `mcp-risk: ${path} has no rules for "c"; it has rules for "a", "b"\n`);
  });
});

describe('policy explain', () => {
  test('flowforge_cancel_run --from a saved scan: category, severity, quoted evidence, action hide', async () => {
    const { code, io } = await cli(['policy', 'explain', 'flowforge_cancel_run', '--from', scanJson]);
    assert.equal(code, 0, io.err());
    const out = io.out();
    assert.ok(out.startsWith('flowforge_cancel_run  (server flowforge)\n'));
    assert.ok(out.includes('\ncategory  destructive\n'));
    assert.ok(out.includes('\nseverity  critical\n'));
    assert.ok(out.includes('description "Irreversible"  (rule description-phrase/irreversible)'));
    assert.ok(out.includes('name "cancel"  (rule name-verb/destroy)'));
    assert.ok(out.includes('\naction    hide  (profile balanced)\n'));
    assert.match(
      out,
      /\nreason {4}Destructive, critical: description says "Irreversible"; name has "cancel"; .*hidden from the agent\.\n$/,
    );
  });

  test('with a profile, and for a tool the server does not have', async () => {
    const strict = await cli(['policy', 'explain', 'flowforge_create_workflow', '--from', scanJson, '--profile', 'strict']);
    assert.equal(strict.code, 0, strict.io.err());
    assert.ok(strict.io.out().includes('\naction    require_approval  (profile strict)\n'));
    const missing = await cli(['policy', 'explain', 'flowforge_nothing', '--from', scanJson]);
    assert.equal(missing.code, 2);
    assert.match(
      missing.io.err(),
      /^mcp-risk: flowforge has no tool named "flowforge_nothing"; its tools are "flowforge_list_workflows", /,
    );
  });
});

describe('policy: one server, and servers that fail', () => {
  test('a config with several servers needs --server (nothing is started)', async () => {
    const config = join(dir, 'mcp.json');
    await writeFile(
      config,
      JSON.stringify({
        mcpServers: {
          ff: { command: process.execPath, args: ['test/fixtures/servers/flowforge.mjs'] },
          other: { command: process.execPath, args: ['nothing.js'] },
        },
      }),
    );
    const many = await cli(['policy', '--config', config]);
    assert.equal(many.code, 2);
    assert.equal(
      many.io.err(),
      'mcp-risk: a policy is for one server and this target has 2 ("ff", "other"); pick one with --server <name>\n',
    );
    const one = await cli(['policy', '--config', config, '--server', 'ff', '--format', 'claude-code']);
    assert.equal(one.code, 0, one.io.err());
    assert.ok((JSON.parse(one.io.out()) as { permissions: { deny: string[] } }).permissions.deny.includes('mcp__ff__flowforge_cancel_run'));
  });

  test('a saved report with several servers needs --server', async () => {
    const report = JSON.parse(await readFile(scanJson, 'utf8')) as ScanReport;
    const [first] = report.servers;
    assert.ok(first);
    const two = join(dir, 'two.json');
    await writeFile(two, JSON.stringify({ ...report, servers: [first, { ...first, name: 'flowforge-staging' }] }));
    const many = await cli(['policy', '--from', two]);
    assert.equal(many.code, 2);
    assert.equal(
      many.io.err(),
      `mcp-risk: a policy is for one server and ${two} has 2 ("flowforge", "flowforge-staging"); pick one with --server <name>\n`,
    );
    const one = await cli(['policy', '--from', two, '--server', 'flowforge-staging']);
    assert.equal(one.code, 0, one.io.err());
    assert.equal(policyOf(one.io.out()).metadata?.server, 'flowforge-staging');
  });

  test('a server that cannot be scanned: exit 3 with its one-line error', async () => {
    const { code, io } = await cli(['policy', '--', process.execPath, '-e', 'process.exit(4)']);
    assert.equal(code, 3);
    assert.equal(io.out(), '');
    assert.match(io.err(), /^mcp-risk: .*exited with code 4.*\n$/);
    const failed = join(dir, 'failed.json');
    await writeFile(
      failed,
      JSON.stringify({
        schemaVersion: 1,
        generator: { name: 'mcp-risk', version: '0.1.0' },
        servers: [{ name: 'gone', tools: [], error: { code: 'spawn-failed', message: 'cannot start gone-server: ENOENT' } }],
      }),
    );
    const saved = await cli(['policy', '--from', failed]);
    assert.equal(saved.code, 3);
    assert.equal(saved.io.err(), 'mcp-risk: gone: cannot start gone-server: ENOENT\n');
  });

  test('--from takes no other target', async () => {
    const { code, io } = await cli(['policy', '--from', scanJson, 'https://example.com/mcp']);
    assert.equal(code, 2);
    assert.equal(io.err(), 'mcp-risk: --from reads a saved scan report; give no other target\n');
  });
});

describe('policy: reference servers', () => {
  test('@modelcontextprotocol/server-filesystem: reads allowed, writes rate-limited', async () => {
    const root = join(dir, 'files');
    await mkdir(root);
    const { code, io } = await cli(['policy', '--', process.execPath, FILESYSTEM, root]);
    assert.equal(code, 0, io.err());
    const policy = policyOf(io.out());
    assert.equal(policy.metadata?.server, 'secure-filesystem-server');
    assert.deepEqual(policy.hide, []);
    for (const tool of [
      'read_text_file',
      'read_multiple_files',
      'list_directory',
      'directory_tree',
      'search_files',
      'get_file_info',
      'list_allowed_directories',
    ]) {
      assert.deepEqual(ruleOf(policy, tool), { action: 'allow' }, tool);
    }
    for (const tool of ['write_file', 'edit_file', 'create_directory', 'move_file']) {
      assert.deepEqual(ruleOf(policy, tool), { action: 'allow', rate_limit: { max: 30, window: 60 } }, tool);
    }
    assert.equal(policy.tools?.['write_file']?.category, 'write');
  });

  test('@modelcontextprotocol/server-everything (stdio): reads allowed, toggles rate-limited, the long operation at 10 a minute', async () => {
    const { code, io } = await cli(['policy', '--format', 'claude-code', '--', process.execPath, EVERYTHING]);
    assert.equal(code, 0, io.err());
    const parsed = JSON.parse(io.out()) as { permissions: Record<string, string[]> };
    assert.deepEqual(parsed.permissions['deny'], []);
    // The rate-limited execute tool is asked about: Claude Code cannot limit it, and allowing it would be looser than its default.
    assert.deepEqual(parsed.permissions['ask'], ['mcp__mcp-servers_everything__trigger-long-running-operation']);
    for (const tool of ['echo', 'get-sum', 'get-env', 'get-tiny-image', 'toggle-simulated-logging']) {
      assert.ok(parsed.permissions['allow']?.includes(`mcp__mcp-servers_everything__${tool}`), tool);
    }
    assert.equal(parsed.permissions['allow']?.includes('mcp__mcp-servers_everything__trigger-long-running-operation'), false);
    assert.ok(io.err().includes('mcp-risk: note: Claude Code writes the server name "mcp-servers/everything" as mcp-servers_everything\n'));
    const json = await cli(['policy', '--', process.execPath, EVERYTHING]);
    const policy = policyOf(json.io.out());
    assert.deepEqual(ruleOf(policy, 'echo'), { action: 'allow' });
    assert.deepEqual(ruleOf(policy, 'toggle-simulated-logging'), { action: 'allow', rate_limit: { max: 30, window: 60 } });
    assert.deepEqual(ruleOf(policy, 'trigger-long-running-operation'), { action: 'allow', rate_limit: { max: 10, window: 60 } });
    assert.equal(policy.tools?.['trigger-long-running-operation']?.category, 'execute');
  });
});

// Issue 8: the same instructions after 16 KB of padding were "read, low, allow"; a schema nested
// 10,000 deep became {} and was allowed. A real hostile server over stdio, every profile.
describe('policy and scan: definitions the scanner had to cut', () => {
  const HOSTILE_CUT = ['--', process.execPath, 'test/fixtures/servers/hostile.mjs', 'cut-definitions'];

  test('scan: what lies past the cut is found, and every cut tool is at least medium and needs approval or is hidden', async () => {
    const { code, io } = await cli(['scan', '--format', 'json', ...HOSTILE_CUT]);
    assert.equal(code, 0, io.err());
    const [server] = (JSON.parse(io.out()) as ScanReport).servers;
    assert.deepEqual(
      server?.tools.map((tool) => [
        tool.name,
        tool.category,
        tool.severity,
        tool.recommendation.action,
        tool.findings.map((finding) => finding.kind),
      ]),
      [
        ['read_notes', 'read', 'critical', 'hide', ['prompt-injection', 'oversized-definition']],
        ['get_status', 'read', 'high', 'require_approval', ['hidden-content', 'oversized-definition']],
        ['get_summary', 'read', 'medium', 'require_approval', ['oversized-definition']],
        ['list_reports', 'read', 'medium', 'require_approval', ['oversized-definition']],
        ['get_report', 'read', 'critical', 'hide', ['prompt-injection', 'oversized-definition']],
      ],
    );
  });

  for (const profile of ['balanced', 'strict', 'permissive']) {
    test(`policy --profile ${profile}: no cut tool is allowed or rate-limited`, async () => {
      const { code, io } = await cli(['policy', '--profile', profile, '--format', 'json', ...HOSTILE_CUT]);
      assert.equal(code, 0, io.err());
      const policy = policyOf(io.out());
      assert.deepEqual(policy.hide, ['read_notes', 'get_report']);
      for (const tool of ['get_status', 'get_summary', 'list_reports'])
        assert.deepEqual(ruleOf(policy, tool), { action: 'require_approval' }, tool);
    });
  }
});
