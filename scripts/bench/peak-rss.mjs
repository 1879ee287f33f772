// Preloaded into a benchmarked process (node --import): when it exits, writes its peak resident
// set size in bytes and the CPU time it used in milliseconds (user + system), as JSON, to the file
// named by MCP_RISK_BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.MCP_RISK_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ peakRss: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
