import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import { SOURCES, parseSourceSpec } from '../../src/sources/index.js';

describe('parseSourceSpec', () => {
  test('splits at the first colon and finds the source', () => {
    const registry = parseSourceSpec('registry:https://registry.modelcontextprotocol.io');
    assert.equal(registry.source, SOURCES.registry);
    assert.equal(registry.location, 'https://registry.modelcontextprotocol.io');
    const list = parseSourceSpec('list:C:\\lists\\servers.json');
    assert.equal(list.source.kind, 'list');
    assert.equal(list.location, 'C:\\lists\\servers.json');
    assert.equal(parseSourceSpec('html:https://hub.example.com/servers').source.kind, 'html');
    assert.equal(parseSourceSpec('npm:names.txt').source.kind, 'npm');
  });

  test('every kind has its source', () => {
    assert.deepEqual(
      Object.entries(SOURCES).map(([kind, source]) => [kind, source.kind]),
      [
        ['list', 'list'],
        ['npm', 'npm'],
        ['registry', 'registry'],
        ['html', 'html'],
      ],
    );
  });

  test('unknown kinds and empty locations are UsageErrors', () => {
    assert.throws(
      () => parseSourceSpec('ftp:server'),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.equal(
          error.message,
          'unknown source kind "ftp" in --source "ftp:server"; expected one of list, npm, registry, html, as <kind>:<location>',
        );
        return true;
      },
    );
    assert.throws(() => parseSourceSpec('servers.json'), UsageError);
    assert.throws(() => parseSourceSpec('toString:x'), UsageError);
    assert.throws(
      () => parseSourceSpec('list:'),
      (error: unknown) => error instanceof UsageError && error.message === '--source "list:" has no location; expected list:<location>',
    );
    assert.throws(() => parseSourceSpec('html:   '), UsageError);
  });
});
