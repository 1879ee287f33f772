/**
 * `npm run bench`: every speed claim of mcp-risk, each printed beside its baseline, in one run.
 * Needs a build (npm run bench builds first). Not part of the test suite.
 */
import { benchClassify } from './bench/classify-throughput.js';
import { benchScan } from './bench/scan-vs-bare.js';

console.log(`mcp-risk benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
benchClassify();
benchScan();
