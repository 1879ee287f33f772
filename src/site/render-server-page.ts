/**
 * A server's page: what it is (package, version, source, last scan, status), a headline that
 * counts the tools that can change or destroy data, its tools grouped by category with severity
 * badges, its recommended policy in full with a download per export format, and what changed
 * between crawls.
 */
import type { ChangeRecord } from '../catalogue/catalogue-model.js';
import type { Category } from '../model.js';
import type { Policy } from '../policy/policy-model.js';
import { html, type Html } from './html-template.js';
import { renderPage, rootOf, type SiteContext } from './page-layout.js';
import { outsideLink, severityBadge, timeText } from './page-parts.js';
import { blockText, lineText, TEXT_LIMITS } from './page-text.js';
import { POLICY_PROFILE, type PolicyFile } from './server-policy-files.js';
import { CATEGORY_ORDER, type SiteServer, type SiteTool } from './site-model.js';
import { actionLabel, CATEGORY_LABEL, CATEGORY_MEANING_PLURAL, plural, STATUS_LABEL } from './site-words.js';

/** Tool names listed per change before "and N more". */
const CHANGE_NAMES_SHOWN = 50;
/** Change records shown, newest first. */
const CHANGES_SHOWN = 10;

/** "9 of its 45 tools can change or destroy data" (or why there are no tools). */
export function serverHeadline(server: SiteServer): string {
  const total = server.tools.length;
  if (total === 0) {
    if (server.view.status === 'needs-config') return 'It needs configuration before its tools can be listed';
    if (server.view.status === 'failed') return 'Its tools could not be listed: the scan failed';
    return 'It lists no tools';
  }
  const changing = server.tools.filter((siteTool) => siteTool.tool.category !== 'read').length;
  if (changing === 0)
    return `None of its ${plural(total, 'tool')} can change or destroy data: ${total === 1 ? 'it only reads' : 'they only read'}`;
  return `${changing} of its ${plural(total, 'tool')} can change or destroy data`;
}

function categoryCounts(server: SiteServer): Map<Category, SiteTool[]> {
  const groups = new Map<Category, SiteTool[]>();
  for (const category of CATEGORY_ORDER) groups.set(category, []);
  for (const siteTool of server.tools) groups.get(siteTool.tool.category)?.push(siteTool);
  return groups;
}

function breakdown(groups: Map<Category, SiteTool[]>): string {
  const parts = CATEGORY_ORDER.filter((category) => (groups.get(category)?.length ?? 0) > 0).map(
    (category) => `${groups.get(category)?.length ?? 0} ${category}`,
  );
  return parts.length > 0 ? `${parts.join(', ')}.` : '';
}

function fact(label: string, value: Html | string | number | null | undefined): Html {
  if (value === null || value === undefined || value === '') return html``;
  return html`<dt>${label}</dt><dd>${value}</dd>\n`;
}

function aboutSection(server: SiteServer): Html {
  const view = server.view;
  const meta = view.metadata ?? {};
  const text = (value: unknown, max: number = TEXT_LIMITS.line): string | null =>
    typeof value === 'string' && value !== '' ? lineText(value, max) : null;
  const error =
    view.error !== undefined
      ? html`<code>${lineText(String(view.error.code ?? ''), 60)}</code> ${lineText(String(view.error.message ?? ''), TEXT_LIMITS.message)}`
      : null;
  return html`<section aria-labelledby="about-heading">
<h2 id="about-heading">What it is</h2>
${typeof meta.description === 'string' && meta.description !== '' ? html`<p class="description">${blockText(meta.description, 1000)}</p>\n` : ''}<dl class="facts">
${fact('Package', text(meta.name))}${fact('Version', text(meta.version ?? view.version ?? undefined, 80))}${fact('Version it reports', typeof view.version === 'string' && view.version !== '' && view.version !== meta.version ? lineText(view.version, 80) : null)}${fact('Catalogue id', html`<code>${lineText(view.id, TEXT_LIMITS.line)}</code>`)}${fact('Source', text(`${view.source?.kind ?? ''}: ${view.source?.location ?? ''}`))}${fact('Repository', typeof meta.repository === 'string' && meta.repository !== '' ? outsideLink(meta.repository) : null)}${fact('Homepage', typeof meta.homepage === 'string' && meta.homepage !== '' ? outsideLink(meta.homepage) : null)}${fact('License', text(meta.license, 80))}${fact('Weekly downloads', typeof meta.weeklyDownloads === 'number' && Number.isFinite(meta.weeklyDownloads) ? meta.weeklyDownloads.toLocaleString('en-US') : null)}${fact('Transport', text(view.transport, 20))}${fact('Protocol version', text(view.protocolVersion, 40))}${fact('Status', STATUS_LABEL[view.status] ?? lineText(String(view.status), 40))}${fact('Error', error)}${fact('First seen', timeText(view.firstSeen))}${fact('Last scanned', timeText(view.lastCrawled))}</dl>
</section>`;
}

function toolsSection(server: SiteServer, groups: Map<Category, SiteTool[]>, root: string): Html {
  if (server.tools.length === 0) {
    return html`<section aria-labelledby="tools-heading">
<h2 id="tools-heading">Tools</h2>
<p>No tools were listed${server.view.status !== 'ok' ? html` (status: ${STATUS_LABEL[server.view.status] ?? ''})` : ''}, so there is nothing to classify and no policy.</p>
</section>`;
  }
  const sections = CATEGORY_ORDER.filter((category) => (groups.get(category)?.length ?? 0) > 0).map((category) => {
    const tools = groups.get(category) ?? [];
    return html`<h3 id="category-${category}">${CATEGORY_LABEL[category]} (${tools.length})</h3>
<p class="muted">${CATEGORY_LABEL[category]} tools ${CATEGORY_MEANING_PLURAL[category]}.</p>
<ul class="tools">${tools.map(
      (siteTool) =>
        html`<li><a href="${root + siteTool.path}">${lineText(siteTool.tool.name, TEXT_LIMITS.name)}</a> ${severityBadge(siteTool.tool.severity)} <span class="muted">recommended: ${actionLabel(siteTool.tool.recommendation)}</span><br><span class="muted">${lineText(siteTool.tool.description ?? '', TEXT_LIMITS.excerpt)}</span></li>`,
    )}</ul>`;
  });
  const findings = server.tools.flatMap((siteTool) =>
    (Array.isArray(siteTool.tool.findings) ? siteTool.tool.findings : []).map(
      (finding) =>
        html`<li><a href="${root + siteTool.path}">${lineText(siteTool.tool.name, TEXT_LIMITS.name)}</a>: <strong>${lineText(String(finding.kind ?? ''), 40).replace(/-/g, ' ')}</strong> — ${lineText(String(finding.message ?? ''), TEXT_LIMITS.message)}</li>`,
    ),
  );
  return html`<section aria-labelledby="tools-heading">
<h2 id="tools-heading">Tools</h2>
${sections}
${findings.length > 0 ? html`<h3 id="findings">Findings (${findings.length})</h3>\n<ul>${findings}</ul>` : ''}
</section>`;
}

function policySection(server: SiteServer, policy: Policy, files: PolicyFile[], root: string): Html {
  if (server.tools.length === 0) return html``;
  const hidden = policy.hide?.length ?? 0;
  const rules = Object.values(policy.tools ?? {});
  const count = (action: string, limited?: boolean): number =>
    rules.filter((rule) => rule.action === action && (limited === undefined || (rule.rate_limit !== undefined) === limited)).length;
  const json = files.find((file) => file.download.format === 'json');
  const notes = files.flatMap((file) => file.notes.map((note) => html`<li>${file.download.label}: ${lineText(note, 1000)}</li>`));
  return html`<section id="policy" aria-labelledby="policy-heading">
<h2 id="policy-heading">Recommended policy</h2>
<p>The ${POLICY_PROFILE} profile for all ${plural(server.tools.length, 'tool')}: anything not listed is denied; ${hidden} hidden from the agent, ${count('require_approval')} need a person's approval, ${count('deny')} denied, ${count('allow', true)} allowed with a rate limit and ${count('allow', false)} allowed.</p>
<h3 id="downloads-heading">Download</h3>
<ul class="downloads">${files.map(
    (file) =>
      html`<li><a href="${root + server.dir + file.download.file}" download="${server.slug}-${file.download.file}">${file.download.label}</a> <span class="muted">(${file.download.file}) — ${file.download.use}</span></li>`,
  )}</ul>
${notes.length > 0 ? html`<h3 id="format-notes">What each format cannot say</h3>\n<ul>${notes}</ul>` : ''}
<h3 id="policy-json">The policy (native JSON)</h3>
<pre><code>${json?.text ?? ''}</code></pre>
</section>`;
}

function namesOf(names: readonly string[], server: SiteServer, root: string): Html {
  const byName = new Map(server.tools.map((siteTool) => [siteTool.tool.name, siteTool]));
  const shown = names.slice(0, CHANGE_NAMES_SHOWN).map((name, index) => {
    const siteTool = byName.get(name);
    const label = lineText(String(name), TEXT_LIMITS.name);
    return html`${index > 0 ? ', ' : ''}${siteTool !== undefined ? html`<a href="${root + siteTool.path}">${label}</a>` : html`<code>${label}</code>`}`;
  });
  const more = names.length > CHANGE_NAMES_SHOWN ? ` and ${names.length - CHANGE_NAMES_SHOWN} more` : '';
  return html`${shown}${more}`;
}

function changeItem(change: ChangeRecord, server: SiteServer, root: string): Html {
  const added = Array.isArray(change.added) ? change.added : [];
  const removed = Array.isArray(change.removed) ? change.removed : [];
  const changed = Array.isArray(change.changed) ? change.changed : [];
  const versions =
    change.fromVersion || change.toVersion
      ? html` (version ${lineText(String(change.fromVersion ?? '?'), 60)} → ${lineText(String(change.toVersion ?? '?'), 60)})`
      : '';
  const parts: Html[] = [];
  if (added.length > 0) parts.push(html`<li>Added ${plural(added.length, 'tool')}: ${namesOf(added, server, root)}</li>`);
  if (removed.length > 0) parts.push(html`<li>Removed ${plural(removed.length, 'tool')}: ${namesOf(removed, server, root)}</li>`);
  if (changed.length > 0) {
    const fields = changed
      .slice(0, CHANGE_NAMES_SHOWN)
      .map(
        (item, index) =>
          html`${index > 0 ? '; ' : ''}${namesOf([item.tool], server, root)} (${(Array.isArray(item.fields) ? item.fields : []).map((field) => lineText(String(field), 20)).join(', ')})`,
      );
    parts.push(
      html`<li>Changed ${plural(changed.length, 'tool')}: ${fields}${changed.length > CHANGE_NAMES_SHOWN ? ` and ${changed.length - CHANGE_NAMES_SHOWN} more` : ''}</li>`,
    );
  }
  return html`<li>${timeText(change.at)}${versions}<ul>${parts}</ul></li>`;
}

function changesSection(server: SiteServer, root: string): Html {
  const history = Array.isArray(server.view.history) ? server.view.history : [];
  const latest = history[history.length - 1];
  let summary: Html;
  if (latest === undefined)
    summary = html`<p>No change to its tools has been recorded since it was first seen (${timeText(server.view.firstSeen)}).</p>`;
  else if (latest.at === server.view.lastCrawled)
    summary = html`<p>The latest crawl (${timeText(latest.at)}) found its tools changed since the previous one:</p>`;
  else
    summary = html`<p>The latest crawl (${timeText(server.view.lastCrawled)}) found no change since the previous one. Earlier changes, newest first:</p>`;
  const shown = [...history].reverse().slice(0, CHANGES_SHOWN);
  return html`<section aria-labelledby="changes-heading">
<h2 id="changes-heading">What changed since the previous crawl</h2>
${summary}
${shown.length > 0 ? html`<ul>${shown.map((change) => changeItem(change, server, root))}</ul>` : ''}
${history.length > CHANGES_SHOWN ? html`<p class="muted">${history.length - CHANGES_SHOWN} older changes are in <a href="${root}catalogue.json">catalogue.json</a>.</p>` : ''}
</section>`;
}

export function renderServerPage(server: SiteServer, policy: Policy, files: PolicyFile[], context: SiteContext): string {
  const root = rootOf(server.path);
  const name = lineText(server.view.name, TEXT_LIMITS.name);
  const groups = categoryCounts(server);
  const headline = serverHeadline(server);
  const body = html`<h1>${name}</h1>
<p class="verdict">${headline}.</p>
${server.tools.length > 0 ? html`<p>${breakdown(groups)} Highest severity: ${server.view.summary?.highestSeverity ? severityBadge(server.view.summary.highestSeverity) : 'none'}.</p>` : ''}
${aboutSection(server)}
${toolsSection(server, groups, root)}
${policySection(server, policy, files, root)}
${changesSection(server, root)}`;
  return renderPage(
    {
      path: server.path,
      title: `${name} — MCP server risk report`,
      description: `${name}: ${headline}. Its tools, their risk, and the policy that contains them.`,
      section: 'servers',
      breadcrumb: [{ label: 'Home', path: 'index.html' }, { label: 'Servers', path: 'servers/index.html' }, { label: name }],
      body,
    },
    context,
  );
}
