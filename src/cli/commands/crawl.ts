/**
 * `mcp-risk crawl`: crawl catalogue sources into the store, resumably, with a progress display
 * and a summary at the end (a table, or JSON with --json). Ctrl-C stops taking new servers;
 * everything finished is kept.
 *
 * This file declares the command (options, help); ../runners/crawl.ts runs it, imported only then.
 */
import type { Command } from 'commander';
import { refuseCommandWords, type CommandContext } from '../command-context.js';
import { DEFAULT_DB } from '../defaults.js';
import { collect } from '../option-values.js';
import type { RawCrawlOptions } from '../runners/crawl.js';

/** Adds `crawl` to the program. */
export function register(program: Command, context: CommandContext): void {
  program
    .command('crawl')
    .summary('crawl catalogues of MCP servers into the embedded store (resumable)')
    .description(
      'Find servers in catalogue sources, run each in a sandbox, classify every tool, and keep the results and their change history in the store.',
    )
    .option(
      '--source <kind:location>',
      'list:<file>, npm:<name>[,<name>] or npm:@<file>, registry:<base-url>, html:<url> (repeatable)',
      collect,
      [],
    )
    .option('--db <file>', `the store (default: ${DEFAULT_DB})`)
    .option('--concurrency <n>', 'servers crawled at a time (default: 4)')
    .option('--limit <n>', 'crawl at most this many due servers in this run')
    .option('--timeout <ms>', 'time allowed per server scan, in milliseconds (default: 30000)')
    .option('--registry <url>', 'npm registry (default: $npm_config_registry or https://registry.npmjs.org/)')
    .option('--max-age <hours>', 'a server crawled longer ago than this is due again; 0 re-crawls everything (default: 168)')
    .option('--failed-max-age <hours>', 'a server whose last crawl failed is due again after this long (default: 6)')
    .option('--retry-failed', 'crawl only the servers whose last crawl failed, whatever their age')
    .option('--render', 'load html: catalogue pages in Chromium (for pages built with JavaScript)')
    .option('--page-cap <n>', 'most pages an html: source fetches (default: 200)')
    .option(
      '--cache-dir <dir>',
      'where npm packages are installed (default: ~/.cache/mcp-risk/packages; as root /var/cache/mcp-risk/packages)',
    )
    .option('--allow-unsandboxed', 'run crawled servers even when no sandbox works (bubblewrap; unshare -n only when not root)')
    .option('--expose <dir>', 'a folder every crawled server may read besides its own files (repeatable)', collect, [])
    .option('--memory <MiB>', "memory of each server's whole process tree, tmpfs included (default: 2048)")
    .option('--max-processes <n>', 'processes and threads of each server (default: 256)')
    .option('--tmp-size <MiB>', "size of each server's /tmp, /dev/shm and HOME, each a tmpfs (default: 256)")
    .option('--json', 'print the summary as JSON (no progress display)')
    .addHelpText(
      'after',
      `
Crawled servers are untrusted code: each runs in bubblewrap (unshare -n only when not root) without
network, as an unprivileged user (as root: a host uid of its own), seeing the system read-only, the
files its command line names and --expose folders, nothing else; a scrubbed environment (only what its
entry declares; dummy values for secrets); tmpfs /tmp, /dev/shm and HOME (--tmp-size); CPU time, memory
(--memory, a cgroup where one can be made), process (--max-processes) and output limits; its whole
process tree killed afterwards. Running the same command again continues an interrupted crawl and
re-scans only servers that are due (new, changed in the source, changed version, failed longer ago
than --failed-max-age, or older than --max-age). Exit codes: 0 done
(failed servers are recorded, not errors), 2 bad usage, no usable sandbox, a full disk, or the store is
locked by another crawl, 70 internal error, 130 interrupted (finished servers are kept).`,
    )
    .action(async (options: RawCrawlOptions) => {
      refuseCommandWords(context, 'crawl takes --source options, not a command after --');
      const { runCrawl } = await import('../runners/crawl.js');
      context.setCode(await runCrawl(options, context.io));
    });
}
