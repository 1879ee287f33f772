import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findMcpUrl, findNpmPackage, npmPackageFromLink } from '../../../src/sources/html/find-install.js';

describe('findNpmPackage', () => {
  test('reads install and run commands', () => {
    assert.equal(findNpmPackage(['npx -y @acme/weather-mcp'], []), '@acme/weather-mcp');
    assert.equal(findNpmPackage(['npx --yes weather-mcp@1.2.3 --port 1'], []), 'weather-mcp');
    assert.equal(findNpmPackage(['$ npm install -g @pg/admin-mcp'], []), '@pg/admin-mcp');
    assert.equal(findNpmPackage(['npm i --save-dev tool-mcp'], []), 'tool-mcp');
    assert.equal(findNpmPackage(['yarn global add yarn-mcp'], []), 'yarn-mcp');
    assert.equal(findNpmPackage(['pnpm dlx pnpm-mcp'], []), 'pnpm-mcp');
    assert.equal(findNpmPackage(['bunx bun-mcp@latest'], []), 'bun-mcp');
  });

  test('reads a client config snippet', () => {
    const config = '{ "mcpServers": { "x": { "command": "npx", "args": ["-y", "@scope/config-mcp", "--flag"] } } }';
    assert.equal(findNpmPackage([config], []), '@scope/config-mcp');
  });

  test('the first package in the page wins; installers, inspectors and proxies are not servers', () => {
    assert.equal(
      findNpmPackage(['npx -y @smithery/cli install foo', 'npx @modelcontextprotocol/inspector npx -y real-mcp'], []),
      'real-mcp',
    );
    assert.equal(findNpmPackage(['npx -y mcp-remote https://x.example.com/mcp'], []), undefined);
    assert.equal(findNpmPackage(['npx -y first-mcp && npx -y second-mcp'], []), 'first-mcp');
  });

  test('refuses what is not an npm package name', () => {
    assert.equal(findNpmPackage(['npx -y Not_Valid', 'npx -y ../../etc', 'npx -y "$(curl evil)"', 'npx --package=x y'], []), undefined);
  });

  test('falls back to npmjs.com package links', () => {
    assert.equal(
      findNpmPackage([], ['https://github.com/a/b', 'https://www.npmjs.com/package/@scope/linked-mcp?activeTab=readme']),
      '@scope/linked-mcp',
    );
    assert.equal(npmPackageFromLink('https://npmjs.com/package/%40enc%2Fpkg'), '@enc/pkg');
    assert.equal(npmPackageFromLink('https://www.npmjs.com/search?q=mcp'), undefined);
  });
});

describe('findMcpUrl', () => {
  test('reads endpoint URLs and config snippets, public hosts only', () => {
    assert.equal(findMcpUrl(['npx -y mcp-remote https://mcp.example.com/mcp'], []), 'https://mcp.example.com/mcp');
    assert.equal(findMcpUrl(['{"url": "https://api.example.com/v1/stream"}'], []), 'https://api.example.com/v1/stream');
    assert.equal(
      findMcpUrl(['http://localhost:3000/mcp http://10.0.0.5/mcp https://public.example.com/sse'], []),
      'https://public.example.com/sse',
    );
    assert.equal(findMcpUrl(['see https://example.com/docs for details'], []), undefined);
    assert.equal(findMcpUrl([], ['https://example.com/about', 'https://hosted.example.com/mcp/']), 'https://hosted.example.com/mcp/');
  });
});
