import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultServerName, describeTarget } from '../../src/scanner/target-label.js';

describe('describeTarget', () => {
  test('shows a command line, quoting words with spaces, never the environment', () => {
    assert.equal(
      describeTarget({ kind: 'stdio', command: 'npx', args: ['-y', '@acme/mcp', '/home/me/My Files'], env: { API_KEY: 'sk-live-123' } }),
      'npx -y @acme/mcp "/home/me/My Files"',
    );
  });

  test('redacts values of secret-looking flags and token-shaped words', () => {
    assert.equal(
      describeTarget({
        kind: 'stdio',
        command: 'server',
        args: [
          '--api-key',
          'abc123',
          '--token=xyz',
          '--verbose',
          'ghp_0123456789abcdefghijABCDEFGHIJ',
          '--port',
          '80',
          '--password',
          '--next',
        ],
      }),
      'server --api-key *** --token=*** --verbose *** --port 80 --password --next',
    );
  });

  test('shows URLs without credentials, query or fragment', () => {
    assert.equal(
      describeTarget({ kind: 'url', url: 'https://user:pw@mcp.example.test:8443/v1/mcp?key=secret#x' }),
      'https://mcp.example.test:8443/v1/mcp',
    );
    assert.equal(describeTarget({ kind: 'url', url: 'not a url' }), '<invalid URL>');
    assert.equal(
      describeTarget({ kind: 'stdio', command: 'npx', args: ['mcp-remote', 'https://u:p@remote.test/sse?token=t'] }),
      'npx mcp-remote https://remote.test/sse',
    );
  });
});

describe('defaultServerName', () => {
  test('names a server after what a launcher runs, or after the command', () => {
    assert.equal(
      defaultServerName({ kind: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2026.1.1', '/tmp'] }),
      '@modelcontextprotocol/server-filesystem',
    );
    assert.equal(defaultServerName({ kind: 'stdio', command: '/usr/bin/node', args: ['/srv/tools/flowforge.mjs'] }), 'flowforge');
    assert.equal(defaultServerName({ kind: 'stdio', command: 'uvx', args: ['mcp-server-git@1.0'] }), 'mcp-server-git');
    assert.equal(defaultServerName({ kind: 'stdio', command: '/opt/bin/github-mcp', args: ['stdio'] }), 'github-mcp');
    assert.equal(defaultServerName({ kind: 'stdio', command: 'node', args: [] }), 'node');
    assert.equal(defaultServerName({ kind: 'url', url: 'http://127.0.0.1:3001/mcp' }), '127.0.0.1:3001');
    assert.equal(defaultServerName({ kind: 'url', url: '::' }), 'server');
  });
});
