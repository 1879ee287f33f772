import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEntry, MAX_DESCRIPTION_CHARS } from '../../src/config/describe-entry.js';
import type { ServerEntry } from '../../src/config/server-entry.js';

const CANARY = 'c4n4ryS3cr3tQ9xW2zT7';

function stdio(args: string[], extra: Partial<ServerEntry> = {}): ServerEntry {
  return { name: 's', client: 'generic', file: '/cfg.json', scope: 'user', transport: 'stdio', command: 'npx', args, ...extra };
}

function remote(url: string, extra: Partial<ServerEntry> = {}): ServerEntry {
  return { name: 'r', client: 'generic', file: '/cfg.json', scope: 'user', transport: 'http', url, ...extra };
}

describe('describeEntry', () => {
  test('a command line, with env names but never env values', () => {
    const entry = stdio(['-y', '@x/server', '--token', CANARY], { env: { API_KEY: CANARY, DEBUG: '1' } });
    assert.equal(describeEntry(entry), 'npx -y @x/server --token *** (env: API_KEY=***, DEBUG=***)');
  });

  test('a URL, with header names but never header values', () => {
    const entry = remote('https://host.example.com/mcp', { headers: { Authorization: `Bearer ${CANARY}` } });
    assert.equal(describeEntry(entry), 'https://host.example.com/mcp (headers: Authorization=***)');
  });

  test('URL query values, user info and fragments are redacted', () => {
    assert.equal(
      describeEntry(remote(`https://user:${CANARY}@host.example.com/mcp?api_key=${CANARY}&team=blue#${CANARY}`)),
      'https://***@host.example.com/mcp?api_key=***&team=***#***',
    );
  });

  test('a token in a URL path is redacted, ordinary path segments are kept', () => {
    assert.equal(
      describeEntry(remote('https://actions.example.com/mcp/sk-ak-Zq8mR2vX7pL4nK9tB3wY6cF1/sse')),
      'https://actions.example.com/mcp/***/sse',
    );
  });

  test('secret flag values are redacted in both `--flag value` and `--flag=value` forms', () => {
    const entry = stdio([
      '--api-key',
      CANARY,
      `--password=${CANARY}`,
      '--client-secret',
      CANARY,
      `--auth-token=${CANARY}`,
      '--key',
      CANARY,
      '--port',
      '8080',
      '--verbose',
    ]);
    assert.equal(
      describeEntry(entry),
      'npx --api-key *** --password=*** --client-secret *** --auth-token=*** --key *** --port 8080 --verbose',
    );
  });

  test('a secret-named switch does not swallow the next flag', () => {
    assert.equal(describeEntry(stdio(['--no-auth', '--port', '9000'])), 'npx --no-auth --port 9000');
  });

  test('tokens with a known shape are redacted wherever they stand', () => {
    const tokens = [
      'ghp_c4n4ry0123456789abcdefghijKLMNOP',
      'github_pat_11AAc4n4ry0123456789_abcdefghijklmnop',
      'sk-proj-c4n4ryAbCdEf0123456789',
      'sk-ant-api03-c4n4ry0123456789abcdef',
      'xoxb-1234567890-c4n4ry-abcdefghij',
      'AKIAC4N4RY0123456789',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjNG40cnkifQ.c4n4rySignature',
      'glpat-c4n4ry0123456789abcd',
      'Xk9pQ2mZ7rT4wL8vN3bH6jF1c4n4ry',
      '0123456789abcdef0123456789abcdefc4n4ry',
    ];
    const line = describeEntry(stdio(['-y', 'server', ...tokens]));
    assert.equal(line, `npx -y server ${tokens.map(() => '***').join(' ')}`);
  });

  test('header and env assignments in args keep their names and hide their values', () => {
    const entry = stdio([
      'mcp-remote',
      `https://remote.example.com/sse?token=${CANARY}`,
      '--header',
      `Authorization: Bearer ${CANARY}`,
      '-e',
      `SOME_SETTING=${CANARY}`,
      `GITHUB_TOKEN=${CANARY}`,
      'LOG_LEVEL=debug',
      `postgresql://app:${CANARY}@db.local:5432/app`,
    ]);
    assert.equal(
      describeEntry(entry),
      'npx mcp-remote https://remote.example.com/sse?token=*** --header "Authorization: ***" -e SOME_SETTING=*** GITHUB_TOKEN=*** LOG_LEVEL=debug postgresql://***@db.local:5432/app',
    );
  });

  test('an env or header value repeated verbatim in an arg is hidden too', () => {
    const entry = stdio(['serve', '--db', 'plainvalue-c4n4ry'], { env: { DB: 'plainvalue-c4n4ry' } });
    assert.equal(describeEntry(entry), 'npx serve --db *** (env: DB=***)');
  });

  test('ordinary args, package names and paths are kept as they are', () => {
    const entry = stdio(['-y', '@modelcontextprotocol/server-filesystem', '/home/me/My Documents', 'mcp-server-postgres-2024-11-05']);
    assert.equal(
      describeEntry(entry),
      'npx -y @modelcontextprotocol/server-filesystem "/home/me/My Documents" mcp-server-postgres-2024-11-05',
    );
  });

  test('no secret survives in any form (canary)', () => {
    const entries: ServerEntry[] = [
      stdio(['--token', CANARY, `--secret=${CANARY}`, `--api_key=${CANARY}`], { env: { A: CANARY, B: `Bearer ${CANARY}` } }),
      stdio(['run', '--password', CANARY], { env: { [`NAME_${'X'}`]: CANARY } }),
      remote(`https://h.example.com/${CANARY}/mcp?k=${CANARY}`, { headers: { 'X-Api-Key': CANARY, Cookie: `session=${CANARY}` } }),
      { ...remote(`http://127.0.0.1:3000/sse?auth=${CANARY}`), transport: 'sse' },
      stdio([`https://x.example.com/?access_token=${CANARY}`, `Authorization: Bearer ${CANARY}`]),
    ];
    for (const entry of entries) {
      const line = describeEntry(entry);
      assert.equal(line.includes('c4n4ry'), false, line);
      assert.equal(line.includes('S3cr3t'), false, line);
    }
  });

  test('control characters cannot reach the terminal, and the line is bounded', () => {
    const entry = stdio(['\u001b[2Jclear', 'a\nb', '\u202eevil']);
    assert.equal(describeEntry(entry), 'npx ?[2Jclear "a\\nb" ?evil');
    const long = describeEntry(stdio(Array.from({ length: 200 }, (_, i) => `arg${i}`)));
    assert.equal(long.length, MAX_DESCRIPTION_CHARS);
    assert.ok(long.endsWith('...'));
  });

  test('many env names are summarised', () => {
    const env = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`V${i}`, 'x']));
    assert.equal(describeEntry(stdio([], { env })), 'npx (env: V0=***, V1=***, V2=***, V3=***, V4=***, V5=***, +3 more)');
  });
});
