/**
 * `npm run bench`: every speed claim of mcp-risk, each printed beside its baseline, in one run.
 * Needs a build (npm run bench builds first). Not part of the test suite.
 * `npm run bench -- <name> ...` runs only the named sections.
 */
import { benchClassifyFile } from './bench/classify-file.js';
import { benchClassify } from './bench/classify-throughput.js';
import { benchCrawlInProcess, benchCrawlStdio } from './bench/crawl.js';
import { benchGuard } from './bench/guard.js';
import { benchPublish } from './bench/publish.js';
import { benchScan } from './bench/scan-vs-bare.js';
import { benchStoreWrites } from './bench/store-write.js';

const SECTIONS: Record<string, () => unknown> = {
  classify: benchClassify,
  'classify-file': () => benchClassifyFile(),
  scan: benchScan,
  store: () => benchStoreWrites(),
  crawl: benchCrawlInProcess,
  'crawl-stdio': () => benchCrawlStdio(),
  publish: () => benchPublish(),
  guard: () => benchGuard(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted) {
  if (!(name in SECTIONS)) {
    console.error(`unknown section ${name}; sections: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
}
console.log(`mcp-risk benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
for (const [name, section] of Object.entries(SECTIONS)) {
  if (wanted.length === 0 || wanted.includes(name)) await section();
}
