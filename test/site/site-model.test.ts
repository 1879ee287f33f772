import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSiteModel, mostDangerousServers, relatedTools } from '../../src/site/site-model.js';
import { allRecords, siteCatalogue } from './fixtures/site-catalogue.js';

describe('the site model', () => {
  test('totals, paths, and listings in their orders', async () => {
    const model = buildSiteModel(await siteCatalogue());
    assert.deepEqual(model.totals.byCategory, { read: 17, write: 12, execute: 8, destructive: 15, financial: 7 });
    assert.deepEqual(model.totals.bySeverity, { low: 17, medium: 8, high: 8, critical: 26 });
    assert.deepEqual(model.totals.byStatus, { ok: 6, failed: 1, 'needs-config': 0, 'listed-only': 0 });
    assert.equal(model.totals.lastCrawled, '2026-03-08T10:00:00.000Z');
    assert.deepEqual(
      model.servers.map((server) => server.path),
      [
        'servers/npm-evil-mcp/index.html',
        'servers/npm-acme-notes-mcp/index.html',
        'servers/npm-files-mcp/index.html',
        'servers/npm-flowforge-mcp-server/index.html',
        'servers/npm-payments-mcp/index.html',
        'servers/npm-shell-mcp/index.html',
        'servers/npm-broken-mcp/index.html',
      ],
    );
    const execute = model.byCategory.execute.map((siteTool) => `${siteTool.tool.severity} ${siteTool.tool.name}`);
    assert.deepEqual(execute.slice(0, 4), [
      'critical flowforge_exec_in_sandbox',
      'critical flowforge_execute_script',
      'critical flowforge_run_sql',
      'critical run_command',
    ]);
    assert.deepEqual(
      model.bySeverity.critical.slice(0, 3).map((siteTool) => siteTool.tool.name),
      ['delete_notebook', 'flowforge_bulk_delete_runs', 'flowforge_cancel_run'],
    );
  });

  test('related tools: same category, other servers, nearest names first, bounded', async () => {
    const model = buildSiteModel(await siteCatalogue());
    const flowforge = model.servers.find((server) => server.view.id === 'npm:@flowforge/mcp-server');
    const runSql = flowforge?.tools.find((siteTool) => siteTool.tool.name === 'flowforge_run_sql');
    assert.ok(runSql !== undefined);
    assert.deepEqual(
      relatedTools(model, runSql).map((siteTool) => siteTool.tool.name),
      ['run_command'],
    );
    const deleteFile = model.servers
      .find((server) => server.view.id === 'npm:files-mcp')
      ?.tools.find((siteTool) => siteTool.tool.name === 'delete_file');
    assert.ok(deleteFile !== undefined);
    const related = relatedTools(model, deleteFile, 3);
    assert.equal(related.length, 3);
    assert.ok(related.every((siteTool) => siteTool.server.view.id !== 'npm:files-mcp' && siteTool.tool.category === 'destructive'));
    // In name order: … Delete-File, delete_file (evil), delete_file (files), delete_notebook, evil_tool… — next after, next before, next after.
    assert.deepEqual(
      related.map((siteTool) => siteTool.tool.name),
      ['delete_notebook', 'delete_file', 'evil_tool"><svg onload=alert(1)>'],
    );
    assert.equal(related[1]?.server.view.id, 'npm:evil-mcp');
  });

  test('most dangerous servers: most critical tools first, only servers with high or critical tools', async () => {
    const model = buildSiteModel(await siteCatalogue(allRecords()));
    assert.deepEqual(
      mostDangerousServers(model, 3).map((server) => server.view.name),
      ['Flowforge', '<script>window.__xss=1</script>Evil "server"', 'Acme Notes'],
    );
  });
});
