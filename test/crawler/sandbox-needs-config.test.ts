import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dummyValueFor, needsConfigReason } from '../../src/crawler/sandbox/needs-config.js';

describe('needsConfigReason', () => {
  test('names the missing environment variable', () => {
    const cases: [string, string][] = [
      [
        'GitHub MCP Server starting\nError: GITHUB_PERSONAL_ACCESS_TOKEN environment variable is required\n    at file:///pkg/dist/index.js:12:9',
        'needs environment variable GITHUB_PERSONAL_ACCESS_TOKEN ("Error: GITHUB_PERSONAL_ACCESS_TOKEN environment variable is required")',
      ],
      [
        'Error: Missing required environment variable: SLACK_BOT_TOKEN',
        'needs environment variable SLACK_BOT_TOKEN ("Error: Missing required environment variable: SLACK_BOT_TOKEN")',
      ],
      [
        'Please set the OPENAI_API_KEY environment variable before starting the server.',
        'needs environment variable OPENAI_API_KEY ("Please set the OPENAI_API_KEY environment variable before starting the server.")',
      ],
      ['ValueError: DATABASE_URL must be set', 'needs environment variable DATABASE_URL ("ValueError: DATABASE_URL must be set")'],
      [
        "❌ Invalid environment variables: { NOTION_TOKEN: [ 'Required' ] }",
        'needs environment variable NOTION_TOKEN ("❌ Invalid environment variables: { NOTION_TOKEN: [ \'Required\' ] }")',
      ],
      [
        'Error: Both JIRA_URL and JIRA_API_TOKEN are required',
        'needs environment variables JIRA_URL, JIRA_API_TOKEN ("Error: Both JIRA_URL and JIRA_API_TOKEN are required")',
      ],
      [
        'Traceback (most recent call last):\n  File "/app/server.py", line 8, in <module>\n    KEY = os.environ["BRAVE_API_KEY"]\nKeyError: \'BRAVE_API_KEY\'',
        'needs environment variable BRAVE_API_KEY ("KeyError: \'BRAVE_API_KEY\'")',
      ],
    ];
    for (const [stderr, reason] of cases) assert.equal(needsConfigReason(stderr, { code: 1, signal: null }), reason, stderr);
  });

  test('recognises missing keys, arguments, usage texts and config files', () => {
    const cases: [string, string][] = [
      [
        'Error: API key not set. Get one at https://example.com/keys',
        'needs an API key or token ("Error: API key not set. Get one at https://example.com/keys")',
      ],
      ['Error: Missing API key', 'needs an API key or token ("Error: Missing API key")'],
      [
        "error: required option '--api-key <key>' not specified",
        'needs argument --api-key ("error: required option \'--api-key <key>\' not specified")',
      ],
      ["error: missing required argument 'directory'", 'needs a command-line argument ("error: missing required argument \'directory\'")'],
      [
        'Usage: mcp-server-filesystem [allowed-directory] [additional-directories...]',
        'needs command-line arguments (it printed its usage: "Usage: mcp-server-filesystem [allowed-directory] [additional-directories...]")',
      ],
      [
        'Error: Config file not found: /home/user/.config/weather/config.json',
        'needs a configuration file or settings ("Error: Config file not found: /home/user/.config/weather/config.json")',
      ],
      [
        'pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings',
        'needs configuration settings ("pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings")',
      ],
    ];
    for (const [stderr, reason] of cases) assert.equal(needsConfigReason(stderr), reason, stderr);
  });

  test('reads the failure message a scan records (the stderr line it quotes)', () => {
    assert.equal(
      needsConfigReason('server exited with code 1 before answering initialize (stderr: Usage: mcp-server-postgres <database-url>)'),
      'needs command-line arguments (it printed its usage: "server exited with code 1 before answering initialize (stderr: Usage: mcp-server-postgres <database-url>)")',
    );
    assert.equal(
      needsConfigReason(
        'server exited with code 1 before answering initialize (stderr: Error: BRAVE_API_KEY environment variable is required)',
      ),
      'needs environment variable BRAVE_API_KEY ("server exited with code 1 before answering initialize (stderr: Error: BRAVE_API_KEY environment variable is required)")',
    );
  });

  test('leaves real failures alone', () => {
    const failures = [
      'SyntaxError: missing ) after argument list',
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod' imported from /pkg/dist/index.js",
      'TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string. Received undefined',
      'Error: Node.js 22 is required',
      'Error: connect ECONNREFUSED 127.0.0.1:5432',
      'Warning: GITHUB_TOKEN is not set, using anonymous access',
      '(node:12) Warning: the API key is missing; some tools are disabled',
      "TypeError: Cannot read properties of undefined (reading 'map')",
      'server exited with code 1 before answering initialize',
      'no answer to initialize in time',
      '',
    ];
    for (const stderr of failures) assert.equal(needsConfigReason(stderr, { code: 1, signal: null }), null, stderr);
  });

  test('does not judge a server that our limits or timeout stopped', () => {
    assert.equal(needsConfigReason('Error: FOO_TOKEN is required', { code: null, signal: 'SIGKILL' }), null);
    assert.equal(needsConfigReason('Error: FOO_TOKEN is required', { code: null, signal: 'SIGXCPU' }), null);
    assert.equal(
      needsConfigReason('Error: FOO_TOKEN is required', { code: 0, signal: null }),
      'needs environment variable FOO_TOKEN ("Error: FOO_TOKEN is required")',
    );
  });

  test('examines only the end of a long tail', () => {
    const noise = 'x'.repeat(20_000);
    assert.equal(needsConfigReason(`Error: EARLY_TOKEN is required\n${noise}`), null);
    assert.equal(
      needsConfigReason(`${noise}\nError: LATE_TOKEN is required`),
      'needs environment variable LATE_TOKEN ("Error: LATE_TOKEN is required")',
    );
  });
});

describe('dummyValueFor', () => {
  test('gives placeholders that lead nowhere', () => {
    assert.equal(dummyValueFor({ name: 'GITHUB_TOKEN', secret: true, kind: 'env' }), 'mcp-risk-dummy-github_token');
    assert.equal(dummyValueFor({ name: 'api.key', secret: true, kind: 'env' }), 'mcp-risk-dummy-api-key');
    assert.equal(dummyValueFor({ name: 'JIRA_URL', secret: true, kind: 'env' }), 'http://127.0.0.1:9/');
    assert.equal(dummyValueFor({ name: 'OPENAI_BASE_URL', secret: true, kind: 'env' }), 'http://127.0.0.1:9/');
    assert.equal(dummyValueFor({ name: 'SUPABASE_ENDPOINT', secret: true, kind: 'env' }), 'http://127.0.0.1:9/');
    assert.equal(dummyValueFor({ name: 'DB_HOST', secret: true, kind: 'env' }), '127.0.0.1');
    assert.equal(dummyValueFor({ name: 'DB_PORT', secret: true, kind: 'env' }), '9');
    assert.equal(dummyValueFor({ name: '***', secret: true, kind: 'arg' }), 'mcp-risk-dummy-value');
  });
});

test('needs-config: phrasings seen in a real crawl of npm packages', () => {
  const samples: [string, RegExp][] = [
    [
      'server exited with code 1 before answering initialize (stderr: Please provide a database URL as a command-line argument)',
      /^needs a command-line argument/,
    ],
    [
      'server exited with code 1 before answering initialize (stderr: Error: OAuth keys file not found. Please place the keys json in the current directory)',
      /^needs an API key or token/,
    ],
    [
      'server exited with code 1 before answering initialize (stderr: Required command was not provided.)',
      /^needs a command-line argument/,
    ],
    [
      'server exited with code 1 before answering initialize (stderr: Cannot find config file `tool.config.ts`. Did you forget to run init?)',
      /^needs a configuration file/,
    ],
    [
      'server exited with code 1 before answering initialize (stderr: INFO (2): Either set EXAMPLE_ACCESS_TOKEN or enable OAuth)',
      /^needs environment variable EXAMPLE_ACCESS_TOKEN/,
    ],
    [
      'server exited with code 1 before answering initialize (stderr: [2] Usage: example-cli <https://server-url> [--debug])',
      /^needs command-line arguments/,
    ],
  ];
  for (const [text, expected] of samples) assert.match(needsConfigReason(text) ?? 'null', expected, text);
  assert.equal(
    needsConfigReason("server exited with code 1 before answering initialize (stderr: Error: Cannot find module 'left-pad')"),
    null,
  );
});
