import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPublicHttpUrl } from '../../../src/sources/http/public-url.js';

test('only http(s) URLs on public hosts count as public', () => {
  const verdicts = Object.fromEntries(
    [
      'https://mcp.example.com/mcp',
      'http://93.184.216.34/mcp',
      'https://[2606:4700::1111]/mcp',
      'http://localhost:3000/mcp',
      'http://api.localhost/mcp',
      'http://printer.local/mcp',
      'http://127.0.0.1/mcp',
      'http://10.1.2.3/mcp',
      'http://172.20.0.1/mcp',
      'http://192.168.0.10/mcp',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/mcp',
      'http://0.0.0.0/mcp',
      'http://[::1]/mcp',
      'http://[fd00::1]/mcp',
      'http://[fe80::1]/mcp',
      'http://[::ffff:127.0.0.1]/mcp',
      'http://intranet/mcp',
      'https://user:pass@mcp.example.com/mcp',
      'ftp://mcp.example.com/mcp',
    ].map((url) => [url, isPublicHttpUrl(new URL(url))]),
  );
  assert.deepEqual(verdicts, {
    'https://mcp.example.com/mcp': true,
    'http://93.184.216.34/mcp': true,
    'https://[2606:4700::1111]/mcp': true,
    'http://localhost:3000/mcp': false,
    'http://api.localhost/mcp': false,
    'http://printer.local/mcp': false,
    'http://127.0.0.1/mcp': false,
    'http://10.1.2.3/mcp': false,
    'http://172.20.0.1/mcp': false,
    'http://192.168.0.10/mcp': false,
    'http://169.254.169.254/latest/meta-data': false,
    'http://100.64.0.1/mcp': false,
    'http://0.0.0.0/mcp': false,
    'http://[::1]/mcp': false,
    'http://[fd00::1]/mcp': false,
    'http://[fe80::1]/mcp': false,
    'http://[::ffff:127.0.0.1]/mcp': false,
    'http://intranet/mcp': false,
    'https://user:pass@mcp.example.com/mcp': false,
    'ftp://mcp.example.com/mcp': false,
  });
});
