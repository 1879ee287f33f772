/**
 * The README's screenshots of the published catalogue: `node --import tsx scripts/screenshots.ts`
 * publishes a demo catalogue (the Flowforge worked example and a few small servers, as the test
 * fixtures build them) into a temporary folder, opens it from disk in headless Chromium and writes
 * reports/screenshots/home.png and reports/screenshots/tool.png.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { publishSite } from '../src/site/publish-site.js';
import { changedRecord, flowforgeRecord, siteCatalogue, smallRecords } from '../test/site/fixtures/site-catalogue.js';

const CHROMIUM = process.env['MCP_RISK_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = join(process.cwd(), 'reports', 'screenshots');

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'mcp-risk-screenshots-'));
  const site = join(work, 'site');
  const profile = join(work, 'profile');
  try {
    await publishSite(await siteCatalogue([flowforgeRecord(), changedRecord(), ...smallRecords()]), { outDir: site });
    await mkdir(OUT, { recursive: true });
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 1500 },
    });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(site, 'index.html')).href);
      await page.screenshot({ path: join(OUT, 'home.png') });
      await page.goto(pathToFileURL(join(site, 'servers/npm-flowforge-mcp-server/tools/flowforge-cancel-run.html')).href);
      await page.screenshot({ path: join(OUT, 'tool.png') });
    } finally {
      await context.close();
    }
    console.log(`wrote ${join(OUT, 'home.png')} and ${join(OUT, 'tool.png')}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
