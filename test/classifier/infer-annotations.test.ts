import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyTool } from '../../src/classifier/classify-tool.js';
import type { ToolDefinition } from '../../src/model.js';

function classify(name: string, description: string, extra: Partial<ToolDefinition> = {}) {
  const result = classifyTool({ name, description, ...extra });
  return { category: result.category, severity: result.severity, annotations: result.inferredAnnotations, first: result.evidence[0] };
}

describe('reading into a file or a store is a write', () => {
  test('a download to local disk: write, not read-only', () => {
    const result = classify('zorb_fetch_report', 'Download a remote report to local disk.');
    assert.equal(result.category, 'write');
    assert.deepEqual(result.annotations, { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false });
    assert.deepEqual(result.first, {
      signal: 'description',
      text: 'Download a remote report to local disk',
      rule: 'description-phrase/saves',
    });
  });

  test('a read with an output directory: write', () => {
    const result = classify('export_widgets', 'Export widgets as CSV', {
      inputSchema: { type: 'object', properties: { outputDir: { type: 'string' } } },
    });
    assert.equal(result.category, 'write');
    assert.equal(result.annotations.readOnlyHint, false);
  });

  test('an explicit read-only statement still wins', () => {
    const result = classify('export_widgets', 'Export widgets to a file. Read-only: the widgets do not change.');
    assert.equal(result.category, 'read');
    assert.equal(result.annotations.readOnlyHint, true);
  });
});

describe('no action word: only a description that opens by reporting is assumed to read', () => {
  test('"Current status of …" reads', () => {
    const result = classify('zorb_widgets', 'Current status of every widget');
    assert.equal(result.category, 'read');
    assert.deepEqual(result.first, { signal: 'description', text: 'status', rule: 'fallback/descriptive-text' });
  });

  test('"status" deep in a sentence without a known verb does not make it read', () => {
    const result = classify('zorb_widgets', 'Binds the widget environment to the account and keeps its status');
    assert.equal(result.category, 'write');
    assert.equal(result.annotations.readOnlyHint, false);
  });
});

describe('generating', () => {
  test('generating an unnamed thing is cautiously a write', () => {
    assert.deepEqual(classify('generate_widget_picture', 'Generate a picture of a widget from a prompt').annotations, {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    });
  });

  test('generating a chart reads', () => {
    assert.equal(classify('generate_widget_chart', 'Generate a bar chart of widget counts').annotations.readOnlyHint, true);
  });

  test('an explicit "does not create" overrules the cautious write', () => {
    const result = classify('generate_widget_manifest', 'Generate a widget manifest. This does not create the widget.');
    assert.equal(result.category, 'read');
    assert.equal(result.annotations.readOnlyHint, true);
  });
});

describe('destructiveHint of jobs and changes', () => {
  test('installing software runs a job but only adds: execute, not destructive', () => {
    const result = classify('install_widget_plugin', 'Install a plugin on the widget server');
    assert.equal(result.category, 'execute');
    assert.deepEqual(result.annotations, { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true });
  });

  test('running arbitrary code stays destructive', () => {
    const result = classify('run_widget_script', 'Run a Python script on the widget server');
    assert.equal(result.category, 'execute');
    assert.equal(result.annotations.destructiveHint, true);
  });

  test('assigning adds a link; rotating a secret replaces it', () => {
    assert.equal(classify('assign_widget', 'Assign a widget to a user').annotations.destructiveHint, false);
    assert.equal(classify('rotate_widget_secret', 'Rotate the signing secret of a widget').annotations.destructiveHint, true);
  });
});

describe('people-facing categories of the new rules', () => {
  const cases: [string, string, string][] = [
    ['select_widget_option', 'Select an option in a dropdown', 'write'],
    ['select_widget_rows', 'Select rows from the widget table', 'read'],
    ['capture_widget_payment', 'Capture a payment that was authorised earlier', 'financial'],
    ['widget_tap', 'Tap the screen at the given coordinates', 'write'],
    ['open_widget_url', 'Open a URL in the browser', 'write'],
    ['open_widget_file', 'Open a file and return its content', 'read'],
    ['convert_ticket', 'Convert a ticket to a subtask', 'write'],
    ['convert_units', 'Convert a value between units', 'read'],
    ['rerank_widgets', 'Rerank widgets by relevance to a query', 'read'],
    ['activate_widget', 'Activate an installed widget', 'write'],
    ['create_widget_rule', 'Create a firewall rule. By default the firewall drops all incoming traffic.', 'write'],
    ['widget_hosts', 'List all hosts. Use this to find a host before running commands.', 'read'],
    ['widget_log', 'View the history of widget changes.', 'read'],
    ['delete_widget', 'Delete a widget', 'destructive'],
  ];
  for (const [name, description, category] of cases) {
    test(`${name} → ${category}`, () => {
      assert.equal(classify(name, description).category, category);
    });
  }
});
