/**
 * `npm run eval`: how well the rules agree with others' judgement.
 *  1. Categories against PolicyLayer Intercept's labels (../shared/datasets/policylayer-categories.jsonl,
 *     or MCP_RISK_DATASET), per category, with the confusion matrix.
 *  2. Inferred annotations against those declared by the authors of real servers installed from npm
 *     (scripts/eval-corpus; cached under ~/.cache/mcp-risk/eval-corpus, `--refresh` to re-collect).
 * `--misses` lists every disagreement.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CATEGORIES } from '../src/model.js';
import { evaluateAnnotations, formatRate } from './eval-annotations.js';
import { evaluateCategories, loadLabelledTools } from './eval-categories.js';
import { collectAnnotatedTools } from './eval-corpus/collect-annotated-tools.js';

const args = new Set(process.argv.slice(2));
const showMisses = args.has('--misses');

function categories(): void {
  const path = process.env['MCP_RISK_DATASET'] ?? resolve(process.cwd(), '..', 'shared', 'datasets', 'policylayer-categories.jsonl');
  console.log(`\n== Categories vs PolicyLayer Intercept labels (${path})`);
  if (!existsSync(path)) {
    console.log('   dataset not found: set MCP_RISK_DATASET to policylayer-categories.jsonl');
    return;
  }
  const rows = loadLabelledTools(path);
  const result = evaluateCategories(rows);
  console.log(
    `   ${rows.length} tools; ${result.scored} labelled in a category, ${rows.length - result.scored} labelled "other" (unclassified there, not scored)`,
  );
  console.log(`   overall agreement: ${((100 * result.agreed) / result.scored).toFixed(1)} % (${result.agreed}/${result.scored})`);
  for (const category of CATEGORIES) {
    const c = result.perCategory[category];
    console.log(
      `   ${category.padEnd(12)} ${((100 * c.agreed) / Math.max(1, c.total)).toFixed(1).padStart(5)} %  (${c.agreed}/${c.total})`,
    );
  }
  console.log(`   confusion (rows: their label, columns: ours)`);
  console.log(`   ${''.padEnd(12)}${CATEGORIES.map((c) => c.slice(0, 11).padStart(12)).join('')}`);
  for (const expected of CATEGORIES) {
    console.log(`   ${expected.padEnd(12)}${CATEGORIES.map((got) => String(result.confusion[expected][got]).padStart(12)).join('')}`);
  }
  console.log(`   their "other" → ours: ${CATEGORIES.map((c) => `${c} ${result.other[c]}`).join(', ')}`);
  if (showMisses)
    for (const d of result.disagreements) console.log(`   miss ${d.expected} → ${d.got}: ${d.server} ${d.tool} — ${d.description}`);
}

async function annotations(): Promise<void> {
  console.log("\n== Inferred annotations vs authors' annotations (real servers from npm, annotations hidden from the classifier)");
  const tools = await collectAnnotatedTools({ refresh: args.has('--refresh'), log: (line) => console.log(`   ${line}`) });
  const result = evaluateAnnotations(tools);
  console.log(`   ${result.tools} annotated tools from ${result.servers} servers`);
  console.log(`   readOnlyHint agreement:              ${formatRate(result.readOnly)}   (target ≥ 97 %)`);
  const s = result.sideEffectingInferredReadOnly;
  console.log(
    `   side-effecting inferred read-only:   ${((100 * s.count) / Math.max(1, s.ofAll)).toFixed(2)} % of all tools (${s.count}/${s.ofAll}); ${((100 * s.count) / Math.max(1, s.ofSideEffecting)).toFixed(2)} % of side-effecting ones   (target ≤ 0.5 %)`,
  );
  console.log(`   destructiveHint agreement (not read-only, declared): ${formatRate(result.destructive)}   (target ≥ 85 %)`);
  console.log('   per server: tools, readOnlyHint, destructiveHint');
  for (const [server, r] of [...result.perServer].sort((a, b) => b[1].tools - a[1].tools)) {
    console.log(
      `   ${server.padEnd(44)} ${String(r.tools).padStart(4)}  ${formatRate(r.readOnly).padEnd(22)} ${formatRate(r.destructive)}`,
    );
  }
  if (showMisses)
    for (const m of result.misses)
      console.log(`   miss ${m.hint} declared ${m.declared} inferred ${m.inferred}: ${m.server} ${m.tool} — ${m.description}`);
}

categories();
await annotations();
console.log(`\n(cache: ${join(process.env['HOME'] ?? '~', '.cache', 'mcp-risk', 'eval-corpus')})`);
