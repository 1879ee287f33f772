import { describe, test } from 'node:test';
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import type * as Sarif from 'sarif';
import { UsageError } from '../../src/errors.js';
import { CATEGORIES, FINDING_KINDS } from '../../src/model.js';
import { renderSarif } from '../../src/report/render-sarif.js';
import { sampleReport } from './fixtures/sample-report.js';

const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json');
/**
 * The schema's `language` pattern is not a valid Unicode regular expression, so patterns are
 * compiled without the `u` flag; its formats are checked with the WHATWG URL parser. The package is
 * CommonJS, so its class is reached through `.default` (which it sets on its exports).
 */
const ajv = new AjvDraft04.default({
  allErrors: true,
  strict: false,
  unicodeRegExp: false,
  formats: {
    uri: (value: string) => URL.canParse(value),
    'uri-reference': (value: string) => URL.canParse(value, 'file:///'),
    'date-time': (value: string) => !Number.isNaN(Date.parse(value)),
  },
});
const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

function parse(text: string): Sarif.Log {
  return JSON.parse(text) as Sarif.Log;
}

function onlyRun(log: Sarif.Log): Sarif.Run {
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.ok(run !== undefined);
  return run;
}

function resultsOf(log: Sarif.Log): Sarif.Result[] {
  const results = onlyRun(log).results;
  assert.ok(results !== undefined);
  return results;
}

function toolOf(result: Sarif.Result): string | undefined {
  return result.locations?.[0]?.logicalLocations?.[0]?.name;
}

describe('renderSarif', () => {
  const log = parse(renderSarif(sampleReport()));
  const run = onlyRun(log);
  const rules = run.tool.driver.rules ?? [];
  const results = resultsOf(log);

  test('validates against the official SARIF 2.1.0 schema', () => {
    const valid = validateSarif(log);
    assert.equal(valid, true, JSON.stringify(validateSarif.errors, null, 2));
  });

  test('the schema check is real: a result without a message is rejected', () => {
    const broken = structuredClone(log) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete broken.runs[0]?.results[0]?.message;
    assert.equal(validateSarif(broken), false);
  });

  test('names the schema, the version and the tool', () => {
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(run.tool.driver.name, 'mcp-risk');
    assert.equal(run.tool.driver.version, '0.1.0');
    assert.equal(run.tool.driver.informationUri, 'https://github.com/mcp-risk/mcp-risk');
  });

  test('has one rule per category and one per finding kind, each complete', () => {
    assert.deepEqual(
      rules.map((rule) => rule.id),
      [...CATEGORIES.map((category) => `mcp-risk/category/${category}`), ...FINDING_KINDS.map((kind) => `mcp-risk/finding/${kind}`)],
    );
    for (const rule of rules) {
      assert.ok((rule.shortDescription?.text.length ?? 0) > 0, rule.id);
      assert.ok((rule.fullDescription?.text.length ?? 0) > 0, rule.id);
      assert.ok((rule.help?.text.length ?? 0) > 0, rule.id);
      assert.deepEqual(rule.properties?.tags, ['security', 'mcp']);
    }
    const severityOf = (id: string) => rules.find((rule) => rule.id === id)?.properties?.['security-severity'] as unknown;
    const levelOf = (id: string) => rules.find((rule) => rule.id === id)?.defaultConfiguration?.level;
    assert.equal(severityOf('mcp-risk/category/read'), '2.0');
    assert.equal(levelOf('mcp-risk/category/read'), 'note');
    assert.equal(severityOf('mcp-risk/category/write'), '5.0');
    assert.equal(levelOf('mcp-risk/category/write'), 'warning');
    assert.equal(severityOf('mcp-risk/category/execute'), '8.0');
    assert.equal(levelOf('mcp-risk/category/execute'), 'error');
    assert.equal(severityOf('mcp-risk/category/destructive'), '9.5');
    assert.equal(levelOf('mcp-risk/category/destructive'), 'error');
    assert.equal(severityOf('mcp-risk/finding/annotation-mismatch'), '8.0');
  });

  test("each rule's help names, in Markdown, the classifier rules behind it and what each looks for", () => {
    const markdownOf = (id: string) => rules.find((rule) => rule.id === id)?.help?.markdown;
    assert.equal(
      markdownOf('mcp-risk/finding/hidden-content'),
      'Inspect the raw definition; treat the server as untrusted.\n\n**The rule that reports it:**\n\n' +
        '- `hidden-content`: Escape sequences, control, zero-width or bidi characters that hide text from people.',
    );
    assert.match(markdownOf('mcp-risk/finding/prompt-injection') ?? '', /\n- `prompt-injection`: Instructions to the model hidden /);
    assert.match(
      markdownOf('mcp-risk/finding/oversized-definition') ?? '',
      /\n- `oversized-definition`: A definition cut to the size limits/,
    );
    // Nothing in the classifier reports these: the scanner sees duplicates, the decider compares annotations.
    assert.equal(markdownOf('mcp-risk/finding/duplicate-name'), undefined);
    assert.equal(markdownOf('mcp-risk/finding/annotation-mismatch'), undefined);
    const destructive = markdownOf('mcp-risk/category/destructive') ?? '';
    assert.ok(
      destructive.startsWith(
        'Hide the tool from agents, or require human approval for every call.\n\n**How mcp-risk decides the category.**',
      ),
    );
    assert.deepEqual(
      destructive
        .split('\n')
        .filter((line) => line.startsWith('- '))
        .map((line) => /^- `([a-z-]+)`: /.exec(line)?.[1]),
      ['name-verb', 'description-verb', 'title-verb', 'description-phrase', 'schema', 'money-object', 'sensitive', 'annotation'],
    );
    assert.match(
      destructive,
      /\n- `name-verb`: The action word of the tool name, after any server prefix \\\(delete\\_, run\\_, get\\_ \.\.\.\\\)\.\n/,
    );
    for (const category of CATEGORIES)
      assert.ok(markdownOf(`mcp-risk/category/${category}`)?.endsWith(destructive.slice(destructive.indexOf('\n\n'))));
  });

  test('a definition cut to the size limits is a medium finding, a warning (issue 8)', () => {
    const rule = rules.find((candidate) => candidate.id === 'mcp-risk/finding/oversized-definition');
    assert.equal(rule?.properties?.['security-severity'], '5.0');
    assert.equal(rule?.defaultConfiguration?.level, 'warning');
  });

  test('has one result per tool plus one per finding', () => {
    assert.equal(results.length, 7 + 3);
    assert.equal(results.filter((result) => result.ruleId?.startsWith('mcp-risk/category/')).length, 7);
    assert.deepEqual(
      results.filter((result) => result.ruleId?.startsWith('mcp-risk/finding/')).map((result) => result.ruleId),
      ['mcp-risk/finding/prompt-injection', 'mcp-risk/finding/hidden-content', 'mcp-risk/finding/annotation-mismatch'],
    );
  });

  test('maps severities to levels: critical and high → error, medium → warning, low → note', () => {
    const levels = Object.fromEntries(
      results.filter((result) => result.ruleId?.startsWith('mcp-risk/category/')).map((result) => [toolOf(result), result.level]),
    );
    assert.deepEqual(levels, {
      flowforge_list_runs: 'note',
      'flowforge_notes|x': 'warning',
      flowforge_update_run: 'warning',
      flowforge_cancel_run: 'error',
      flowforge_run_script: 'error',
      flowforge_purge_cache: 'error',
      flowforge_refund_payment: 'error',
    });
  });

  test('every result has a rule index pointing at its rule', () => {
    for (const result of results) {
      assert.equal(typeof result.ruleIndex, 'number');
      assert.equal(rules[result.ruleIndex ?? -1]?.id, result.ruleId);
    }
  });

  test('every result has a physical and a logical location and a fingerprint', () => {
    for (const result of results) {
      const location = result.locations?.[0];
      assert.equal(result.locations?.length, 1);
      assert.deepEqual(location?.physicalLocation, { artifactLocation: { uri: 'mcp/flowforge.json' }, region: { startLine: 1 } });
      const logical = location?.logicalLocations?.[0];
      assert.equal(logical?.kind, 'function');
      assert.equal(logical?.fullyQualifiedName, `flowforge/${logical?.name ?? ''}`);
      const fingerprints = Object.values(result.partialFingerprints ?? {});
      assert.equal(fingerprints.length, 1);
      assert.match(fingerprints[0] ?? '', /^[0-9a-f]{64}$/);
    }
  });

  test('the tool fingerprint is a hash of server, tool and category', () => {
    const cancel = results.find((result) => toolOf(result) === 'flowforge_cancel_run');
    const expected = createHash('sha256')
      .update(JSON.stringify(['flowforge', 'flowforge_cancel_run', 'destructive']))
      .digest('hex');
    assert.deepEqual(cancel?.partialFingerprints, { 'mcpRiskTool/v1': expected });
  });

  test('the fingerprints are unique and stable across runs', () => {
    const fingerprints = results.map((result) => JSON.stringify(result.partialFingerprints));
    assert.equal(new Set(fingerprints).size, fingerprints.length);
    const again = resultsOf(parse(renderSarif(sampleReport()))).map((result) => JSON.stringify(result.partialFingerprints));
    assert.deepEqual(again, fingerprints);
  });

  test('describes a tool in one message with its evidence and action', () => {
    const cancel = results.find((result) => toolOf(result) === 'flowforge_cancel_run');
    assert.equal(cancel?.ruleId, 'mcp-risk/category/destructive');
    assert.equal(
      cancel?.message.text,
      'Tool "flowforge_cancel_run" on server "flowforge" is destructive (critical): "Irreversible" (description), "cancel" (name). Recommended: hide.',
    );
    const update = results.find((result) => toolOf(result) === 'flowforge_update_run');
    assert.equal(
      update?.message.text,
      'Tool "flowforge_update_run" on server "flowforge" is write (medium): "update" (name). Recommended: rate_limit 30/60s.',
    );
  });

  test('describes a finding', () => {
    const mismatch = results.find((result) => result.ruleId === 'mcp-risk/finding/annotation-mismatch');
    assert.equal(mismatch?.level, 'error');
    assert.equal(
      mismatch?.message.text,
      'Tool "flowforge_purge_cache" on server "flowforge": annotation mismatch: declares readOnlyHint: true but deletes data',
    );
  });

  test('strips escape sequences, control and invisible characters from every message', () => {
    const text = JSON.stringify(results.map((result) => [result.message.text, result.locations]));
    assert.doesNotMatch(text, /\\u00[0-9a-f]{2}|[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
    const hidden = results.find((result) => result.ruleId === 'mcp-risk/finding/hidden-content');
    assert.equal(
      hidden?.message.text,
      'Tool "flowforge_notes|x" on server "flowforge": hidden content: contains a bidi override and a hyperlink',
    );
  });

  test('reports the failed server as a tool execution notification', () => {
    assert.deepEqual(run.invocations, [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'Server "broken-server" could not be scanned (server-timeout): no answer to initialize within 10000 ms' },
            properties: { code: 'server-timeout' },
          },
        ],
      },
    ]);
  });

  test('a run where every server answered is successful, with no notifications', () => {
    const report = sampleReport();
    report.servers = report.servers.slice(0, 1);
    const clean = parse(renderSarif(report));
    assert.deepEqual(onlyRun(clean).invocations, [{ executionSuccessful: true }]);
    assert.equal(validateSarif(clean), true);
  });

  test('a report without tools is still a valid log with all rules and no results', () => {
    const report = sampleReport();
    report.servers = report.servers.slice(1);
    const empty = parse(renderSarif(report));
    assert.deepEqual(onlyRun(empty).results, []);
    assert.equal(onlyRun(empty).tool.driver.rules?.length, 10);
    assert.equal(validateSarif(empty), true);
  });
});

describe('renderSarif artifact locations', () => {
  test('points results at the input file when given a relative path', () => {
    const log = parse(renderSarif(sampleReport(), { artifactPath: './config\\claude desktop.json' }));
    for (const result of resultsOf(log)) {
      assert.equal(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'config/claude%20desktop.json');
    }
    assert.equal(validateSarif(log), true);
  });

  test('refuses an absolute path or one that leaves the repository', () => {
    for (const artifactPath of ['/etc/mcp.json', 'C:\\Users\\me\\mcp.json', 'file:///x.json', '../outside.json', 'a//b.json']) {
      assert.throws(
        () => renderSarif(sampleReport(), { artifactPath }),
        (error: unknown) => error instanceof UsageError && error.code === 'usage',
      );
    }
  });

  test('derives a safe pseudo-path from a hostile server name', () => {
    const report = sampleReport();
    const server = report.servers[0];
    assert.ok(server !== undefined);
    server.name = '../../My Server\u001b[31m (prod)/x';
    const uris = resultsOf(parse(renderSarif(report))).map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri);
    assert.deepEqual([...new Set(uris)], ['mcp/my-server-prod-x.json']);
  });
});
