import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { POLICY_SCHEMA_URL, validatePolicy } from '../../src/policy/validate-policy.js';

function problems(value: unknown): { path: string; message: string }[] {
  const result = validatePolicy(value);
  return result.problems;
}

const base = { version: '1', default: 'deny' } as const;

describe('validatePolicy', () => {
  test('the schema file is the one shipped at the package root (one level above src/ and dist/)', () => {
    assert.equal(fileURLToPath(POLICY_SCHEMA_URL), fileURLToPath(new URL('../../schemas/policy.schema.json', import.meta.url)));
    const schema = JSON.parse(readFileSync(POLICY_SCHEMA_URL, 'utf8')) as { $schema: string };
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  });

  test('valid: the seed form, a full rule, metadata, an empty policy', () => {
    assert.deepEqual(problems({ version: '1', default: 'deny', hide: ['flowforge_cancel_run'] }), []);
    assert.deepEqual(
      problems({
        ...base,
        tools: {
          a: { action: 'allow', rate_limit: { max: 10, window: 60 }, reason: 'why', category: 'write' },
          b: { action: 'require_approval' },
        },
        metadata: {
          server: 's',
          generator: 'mcp-risk 0.1.0',
          profile: 'strict',
          hidden: {},
          changes: { added: ['a'], removed: [], recategorised: [{ tool: 'a', from: 'read', to: 'write' }] },
        },
      }),
      [],
    );
    assert.deepEqual(problems(base), []);
    const ok = validatePolicy(base);
    assert.equal(ok.ok, true);
  });

  const cases: [string, unknown, { path: string; message: string }[]][] = [
    [
      'unknown key at the top',
      { ...base, rules: {} },
      [{ path: '/rules', message: 'unknown key "rules"; allowed: version, default, hide, tools, metadata' }],
    ],
    [
      'unknown key in a tool',
      { ...base, tools: { flowforge_run_sql: { action: 'allow', limit: 3 } } },
      [{ path: '/tools/flowforge_run_sql/limit', message: 'unknown key "limit"; allowed: action, rate_limit, reason, category' }],
    ],
    [
      'unknown key in a rate limit',
      { ...base, tools: { t: { action: 'allow', rate_limit: { max: 1, window: 1, burst: 2 } } } },
      [{ path: '/tools/t/rate_limit/burst', message: 'unknown key "burst"; allowed: max, window' }],
    ],
    [
      'hide is not a list',
      { ...base, hide: 'flowforge_cancel_run' },
      [{ path: '/hide', message: 'must be an array, not the string "flowforge_cancel_run"' }],
    ],
    [
      'a tool is not an object',
      { ...base, tools: { t: 'allow' } },
      [{ path: '/tools/t', message: 'must be an object, not the string "allow"' }],
    ],
    [
      'max is a string',
      { ...base, tools: { t: { action: 'allow', rate_limit: { max: '10', window: 60 } } } },
      [{ path: '/tools/t/rate_limit/max', message: 'must be an integer, not the string "10"' }],
    ],
    [
      'window is fractional',
      { ...base, tools: { t: { action: 'allow', rate_limit: { max: 10, window: 0.5 } } } },
      [{ path: '/tools/t/rate_limit/window', message: 'must be an integer, not the number 0.5' }],
    ],
    [
      'reason is a number',
      { ...base, tools: { t: { action: 'deny', reason: 42 } } },
      [{ path: '/tools/t/reason', message: 'must be a string, not the number 42' }],
    ],
    [
      'unknown action',
      { ...base, tools: { t: { action: 'rate_limit' } } },
      [{ path: '/tools/t/action', message: 'must be one of "allow", "deny", "require_approval", not the string "rate_limit"' }],
    ],
    ['missing action', { ...base, tools: { t: { reason: 'x' } } }, [{ path: '/tools/t/action', message: '"action" is required' }]],
    [
      'hidden and allowed',
      { ...base, hide: ['flowforge_run_sql'], tools: { flowforge_run_sql: { action: 'allow' } } },
      [{ path: '/tools/flowforge_run_sql', message: '"flowforge_run_sql" is both hidden (in /hide) and allowed; remove one of the two' }],
    ],
    [
      'hidden and approved',
      { ...base, hide: ['t'], tools: { t: { action: 'require_approval' } } },
      [{ path: '/tools/t', message: '"t" is both hidden (in /hide) and allowed with approval; remove one of the two' }],
    ],
    [
      'negative window',
      { ...base, tools: { flowforge_run_sql: { action: 'allow', rate_limit: { max: 10, window: -60 } } } },
      [{ path: '/tools/flowforge_run_sql/rate_limit/window', message: 'must be at least 1, not the number -60' }],
    ],
    [
      'zero max',
      { ...base, tools: { t: { action: 'allow', rate_limit: { max: 0, window: 60 } } } },
      [{ path: '/tools/t/rate_limit/max', message: 'must be at least 1, not the number 0' }],
    ],
    [
      'a rate limit on a denied tool',
      { ...base, tools: { t: { action: 'deny', rate_limit: { max: 1, window: 60 } } } },
      [{ path: '/tools/t/rate_limit', message: 'a denied tool takes no rate_limit' }],
    ],
    ['bad version', { version: '2', default: 'deny' }, [{ path: '/version', message: 'must be "1", not the string "2"' }]],
    ['numeric version', { version: 1, default: 'deny' }, [{ path: '/version', message: 'must be "1", not the number 1' }]],
    ['missing version', { default: 'deny' }, [{ path: '/version', message: '"version" is required' }]],
    [
      'bad default',
      { version: '1', default: 'ask' },
      [{ path: '/default', message: 'must be one of "allow", "deny", not the string "ask"' }],
    ],
    ['a duplicate in hide', { ...base, hide: ['a', 'b', 'a'] }, [{ path: '/hide/2', message: '"a" is listed twice (also at /hide/0)' }]],
    [
      'an empty tool name',
      { ...base, hide: [''], tools: { '': { action: 'deny' } } },
      [
        { path: '/hide/0', message: 'must not be empty' },
        { path: '/tools/', message: 'a tool name must not be empty' },
      ],
    ],
    [
      'unknown profile in metadata',
      { ...base, metadata: { profile: 'lax' } },
      [{ path: '/metadata/profile', message: 'must be one of "strict", "balanced", "permissive", not the string "lax"' }],
    ],
    ['not an object', ['version', '1'], [{ path: '', message: 'must be an object, not an array' }]],
    [
      'a tool name with a slash is escaped in the path',
      { ...base, tools: { 'a/b~c': { action: 'allow', x: 1 } } },
      [{ path: '/tools/a~1b~0c/x', message: 'unknown key "x"; allowed: action, rate_limit, reason, category' }],
    ],
  ];
  for (const [name, value, expected] of cases) {
    test(name, () => {
      const result = validatePolicy(value);
      assert.equal(result.ok, false);
      assert.deepEqual(result.problems, expected);
    });
  }
});
