/**
 * What a crawl shows while it runs: a progress bar on a terminal (done, failed, needs-config,
 * tools found, rate, ETA), plain lines every few seconds otherwise, warnings as they come.
 */
import cliProgress from 'cli-progress';
import type { CrawlEvent } from '../crawler/crawl.js';
import { sanitizeForTerminal } from '../hostile-text/sanitize.js';
import type { CliIo } from './io.js';

export interface CrawlProgress {
  onEvent(event: CrawlEvent): void;
  stop(): void;
}

interface Counts {
  total: number;
  done: number;
  ok: number;
  failed: number;
  needsConfig: number;
  listedOnly: number;
  tools: number;
}

const PLAIN_EVERY_MS = 5_000;

export function createCrawlProgress(io: CliIo, options: { quiet: boolean }): CrawlProgress {
  const counts: Counts = { total: 0, done: 0, ok: 0, failed: 0, needsConfig: 0, listedOnly: 0, tools: 0 };
  const started = Date.now();
  const tty = io.stderr.isTTY === true && !options.quiet;
  let bar: cliProgress.SingleBar | undefined;
  let lastPlain = 0;
  const rate = (): string => {
    const seconds = (Date.now() - started) / 1000;
    return seconds > 0 ? (counts.done / seconds).toFixed(1) : '0.0';
  };
  const payload = () => ({ failed: counts.failed, needsConfig: counts.needsConfig, tools: counts.tools, rate: rate() });
  const line = (text: string): void => {
    if (bar) bar.stop();
    io.stderr.write(`${text}\n`);
    if (bar) {
      bar = newBar();
      bar.start(counts.total, counts.done, payload());
    }
  };
  const newBar = (): cliProgress.SingleBar =>
    new cliProgress.SingleBar(
      {
        stream: io.stderr as unknown as NodeJS.WritableStream,
        format:
          'crawl |{bar}| {value}/{total} done, {failed} failed, {needsConfig} needs-config, {tools} tools, {rate}/s, ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
  return {
    onEvent(event) {
      switch (event.type) {
        case 'source':
          if (!options.quiet) line(`mcp-risk: ${sanitizeForTerminal(event.spec, 200)}: ${event.entries} servers`);
          break;
        case 'planned':
          counts.total = event.due;
          if (!options.quiet) line(`mcp-risk: ${event.total} servers, ${event.due} due, ${event.fresh} fresh (not due)`);
          if (tty && event.due > 0) {
            bar = newBar();
            bar.start(counts.total, 0, payload());
          }
          break;
        case 'started':
          break;
        case 'finished':
          counts.done += 1;
          counts.tools += event.tools;
          if (event.status === 'ok') counts.ok += 1;
          else if (event.status === 'failed') counts.failed += 1;
          else if (event.status === 'needs-config') counts.needsConfig += 1;
          else counts.listedOnly += 1;
          if (bar) bar.update(counts.done, payload());
          else if (!options.quiet && (Date.now() - lastPlain >= PLAIN_EVERY_MS || counts.done === counts.total)) {
            lastPlain = Date.now();
            io.stderr.write(
              `mcp-risk: ${counts.done}/${counts.total} done, ${counts.failed} failed, ${counts.needsConfig} needs-config, ${counts.tools} tools, ${rate()}/s\n`,
            );
          }
          break;
        case 'log':
          if (!options.quiet) line(`mcp-risk: ${sanitizeForTerminal(event.line, 300)}`);
          break;
      }
    },
    stop() {
      if (bar) bar.stop();
      bar = undefined;
    },
  };
}
