/**
 * Bar charts drawn at publish time as inline SVG: readable without JavaScript, with a <title>
 * and a <desc> that say what the chart shows in words, a <title> on every bar, visible text
 * labels and values, and a table with the same numbers beside it. Colours come from classes
 * in the stylesheet; sizes are SVG attributes (no inline style).
 */
import { html, type Html } from './html-template.js';
import { plural } from './site-words.js';

export interface ChartBar {
  label: string;
  value: number;
  /** Stylesheet classes that colour the bar, e.g. `sev-critical`. */
  className: string;
  /** The listing page of this bar, from the site root. */
  path: string;
}

export interface ChartSpec {
  /** A unique id on the page (for aria-labelledby). */
  id: string;
  title: string;
  /** The noun counted, singular ("tool"). */
  unit: string;
  /** Column header of the table's first column ("Severity"). */
  labelHeader: string;
  bars: ChartBar[];
}

const WIDTH = 480;
const LABEL_WIDTH = 110;
const VALUE_WIDTH = 70;
const ROW_HEIGHT = 30;
const BAR_HEIGHT = 20;
const PADDING = 6;

function share(value: number, total: number): string {
  if (total === 0) return '0%';
  return `${((value / total) * 100).toFixed(1)}%`;
}

/** A horizontal bar chart and its table equivalent. `root` leads from the page to the site root. */
export function renderBarChart(spec: ChartSpec, root: string): Html {
  const total = spec.bars.reduce((sum, bar) => sum + bar.value, 0);
  const max = spec.bars.reduce((most, bar) => Math.max(most, bar.value), 0);
  const barArea = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = spec.bars.length * ROW_HEIGHT + 2 * PADDING;
  const summary = spec.bars.map((bar) => `${bar.label}: ${plural(bar.value, spec.unit)}`).join('; ');
  const rows = spec.bars.map((bar, index) => {
    const y = PADDING + index * ROW_HEIGHT;
    const width = max === 0 ? 0 : Math.max(bar.value > 0 ? 2 : 0, Math.round((bar.value / max) * barArea));
    const textY = y + BAR_HEIGHT / 2 + 5;
    return html`<g><text x="0" y="${textY}">${bar.label}</text><rect class="bar ${bar.className}" x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${BAR_HEIGHT}" rx="2"><title>${bar.label}: ${plural(bar.value, spec.unit)} (${share(bar.value, total)})</title></rect><text x="${LABEL_WIDTH + width + 6}" y="${textY}">${bar.value.toLocaleString('en-US')}</text></g>`;
  });
  const tableRows = spec.bars.map(
    (bar) =>
      html`<tr><th scope="row"><a href="${root + bar.path}">${bar.label}</a></th><td class="num">${bar.value.toLocaleString('en-US')}</td><td class="num">${share(bar.value, total)}</td></tr>`,
  );
  return html`<figure>
<svg class="chart" role="img" aria-labelledby="${spec.id}-title ${spec.id}-desc" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="${spec.id}-title">${spec.title}</title>
<desc id="${spec.id}-desc">${summary}.</desc>
${rows}
</svg>
<figcaption class="muted">${spec.title}, ${plural(total, spec.unit)} in all. The table below has the same numbers.</figcaption>
</figure>
<table>
<caption>${spec.title}</caption>
<thead><tr><th scope="col">${spec.labelHeader}</th><th scope="col" class="num">${spec.unit[0]?.toUpperCase()}${spec.unit.slice(1)}s</th><th scope="col" class="num">Share</th></tr></thead>
<tbody>${tableRows}</tbody>
</table>`;
}
