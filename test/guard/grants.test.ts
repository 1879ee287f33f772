import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { bearerToken, findGrant, hashToken, readGrants } from '../../src/guard/grants.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-risk-grants-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function refused(text: string, name: string, message: string, defaultPolicy?: string): Promise<void> {
  const file = write(name, text);
  await assert.rejects(readGrants(file, defaultPolicy), (error: unknown) => {
    assert.ok(error instanceof InputError);
    assert.equal(error.code, 'config-invalid');
    assert.equal(error.message, `${file}: ${message}`);
    return true;
  });
}

describe('grants', () => {
  test('hash-token values are sha256 of the UTF-8 token', () => {
    assert.equal(hashToken('test'), 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
  });

  test('bearer tokens are read from the Authorization header only in the Bearer form', () => {
    assert.equal(bearerToken('Bearer abc.def'), 'abc.def');
    assert.equal(bearerToken('bearer   abc'), 'abc');
    assert.equal(bearerToken('Basic abc'), undefined);
    assert.equal(bearerToken('Bearer a b'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });

  test('a YAML grants file: labels, hashed tokens, policies relative to the file or --policy', async () => {
    const file = write(
      'grants.yaml',
      `version: "1"
grants:
  - label: alice
    token: "${hashToken('alice-token')}"
    policy: policies/alice.json
  - label: ci-bot
    token: "${hashToken('ci-token')}"
`,
    );
    const grants = await readGrants(file, '/etc/default-policy.json');
    assert.deepEqual(
      grants.grants.map((grant) => ({ label: grant.label, policy: grant.policyFile })),
      [
        { label: 'alice', policy: join(dir, 'policies', 'alice.json') },
        { label: 'ci-bot', policy: '/etc/default-policy.json' },
      ],
    );
    assert.equal(findGrant(grants, 'alice-token')?.label, 'alice');
    assert.equal(findGrant(grants, 'ci-token')?.label, 'ci-bot');
    assert.equal(findGrant(grants, 'alice-token '), undefined);
    assert.equal(findGrant(grants, ''), undefined);
  });

  test('plain tokens, duplicates and unknown keys are refused with their place', async () => {
    const ok = hashToken('t');
    await refused(
      JSON.stringify({ grants: [{ label: 'a', token: 'my-secret-token', policy: 'p.json' }] }),
      'plain.json',
      '/grants/0/token: must be a sha256 hash ("sha256:" and 64 hex digits), never the token itself; make one with: mcp-risk guard hash-token',
    );
    await refused(
      JSON.stringify({
        grants: [
          { label: 'a', token: ok, policy: 'p' },
          { label: 'a', token: hashToken('u'), policy: 'p' },
        ],
      }),
      'dup-label.json',
      '/grants/1/label: "a" is used twice',
    );
    await refused(
      JSON.stringify({
        grants: [
          { label: 'a', token: ok, policy: 'p' },
          { label: 'b', token: ok, policy: 'p' },
        ],
      }),
      'dup-token.json',
      '/grants/1/token: the same token is granted twice',
    );
    await refused(
      JSON.stringify({ grants: [{ label: 'a', token: ok, policy: 'p', scope: 'x' }] }),
      'key.json',
      '/grants/0/scope: unknown key "scope"; allowed: label, token, policy',
    );
    await refused(
      JSON.stringify({ grants: [{ label: 'a', token: ok }] }),
      'nopolicy.json',
      '/grants/0/policy: is required (or give --policy for grants that name none)',
    );
    await refused(
      JSON.stringify({ grants: [{ label: 'a b', token: ok, policy: 'p' }] }),
      'label.json',
      '/grants/0/label: must be 1 to 100 letters, digits or . _ @ : + -',
    );
    await refused(JSON.stringify({ grants: [] }), 'empty.json', '/grants: must be a non-empty list of grants');
    await refused(JSON.stringify({ version: '2', grants: [] }), 'version.json', '/version: must be "1"');
  });
});
