import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretName, looksLikeSecret, redactArgs, redactUrl } from '../../src/config/redact-secrets.js';

describe('looksLikeSecret', () => {
  test('keys and tokens', () => {
    for (const value of [
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'sk-ant-api03-abcdefghijklmnop0123',
      'Bearer abc.def.ghi',
      'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q',
      '550e8400-e29b-41d4-a716-446655440000',
      'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
      'Xk9pQ2mZ7rT4wL8vN3bH6jF1',
    ]) {
      assert.equal(looksLikeSecret(value), true, value);
    }
  });

  test('names, packages, paths and versions', () => {
    for (const value of [
      '@modelcontextprotocol/server-filesystem',
      'mcp-server-postgres-2024-11-05',
      'my-long-package-name-v2-beta',
      '/home/me/projects/a1b2c3d4e5f6a7b8c9d0e1f2',
      'ghcr.io/github/github-mcp-server',
      '--local-timezone=Europe/Paris',
      'streamableHttp',
      '8080',
    ]) {
      assert.equal(looksLikeSecret(value), false, value);
    }
  });
});

describe('isSecretName', () => {
  test('flag and variable names', () => {
    for (const name of [
      '--token',
      '--api-key',
      'API_KEY',
      'GITHUB_PERSONAL_ACCESS_TOKEN',
      'DB_PASSWORD',
      '--client-secret',
      '-key',
      'PGPASSWORD',
      'Authorization',
      'Cookie',
    ]) {
      assert.equal(isSecretName(name), true, name);
    }
    for (const name of ['--port', '--verbose', 'LOG_LEVEL', '--monkey', '--bypass', 'PATH', '--directory']) {
      assert.equal(isSecretName(name), false, name);
    }
  });
});

describe('redactUrl', () => {
  test('keeps scheme, host, port and ordinary path', () => {
    assert.equal(redactUrl('http://127.0.0.1:8080/mcp'), 'http://127.0.0.1:8080/mcp');
  });

  test('hides user info, every query value and the fragment', () => {
    assert.equal(redactUrl('https://u:p@h.example.com/a?x=1&y=2#f'), 'https://***@h.example.com/a?x=***&y=***#***');
  });

  test('text that is not a URL is redacted as free text', () => {
    assert.equal(redactUrl('not a url token=abc'), 'not a url token=***');
  });
});

describe('redactArgs', () => {
  test('keeps the positions of args', () => {
    assert.deepEqual(redactArgs(['--token', 'abc', 'run', '--api-key=xyz', '-e', 'X=1']), [
      '--token',
      '***',
      'run',
      '--api-key=***',
      '-e',
      'X=***',
    ]);
  });
});
