// Preloaded into a benchmarked process (node --import): when it exits, writes its peak resident
// set size in bytes to the file named by MCP_RISK_BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.MCP_RISK_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
