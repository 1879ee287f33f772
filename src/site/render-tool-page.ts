/**
 * A tool's page: what it does (its description), "`x` is a Destructive tool with critical risk",
 * the evidence quoted from its own definition, its findings and annotations, the rule the
 * recommended policy has for it, how to rate-limit it and how to block it (policy snippets), a
 * link to its server's full policy, other tools of the same category, and a short FAQ.
 */
import type { ToolAnnotations } from '../model.js';
import type { Policy } from '../policy/policy-model.js';
import { html } from './html-template.js';
import { renderPage, rootOf, type SiteContext } from './page-layout.js';
import { categoryBadge, serverLink, severityBadge, timeText } from './page-parts.js';
import { blockText, lineText, TEXT_LIMITS } from './page-text.js';
import { relatedTools, type SiteModel, type SiteTool } from './site-model.js';
import {
  actionPhrase,
  article,
  CATEGORY_LABEL,
  CATEGORY_MEANING,
  evidencePlace,
  plural,
  rateText,
  SEVERITY_MEANING,
} from './site-words.js';
import { toolPolicySnippets } from './tool-policy-snippets.js';

export const RELATED_TOOLS = 10;

const HINTS: readonly (keyof Omit<ToolAnnotations, 'title'>)[] = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'];

/** "flowforge_cancel_run is a Destructive tool with critical risk" (plain text, the name bounded). */
export function toolVerdict(siteTool: SiteTool): string {
  const { tool } = siteTool;
  return `${lineText(tool.name, TEXT_LIMITS.name)} is ${article(CATEGORY_LABEL[tool.category])} ${CATEGORY_LABEL[tool.category]} tool with ${tool.severity} risk`;
}

function hintValue(value: unknown): string {
  if (value === true) return 'true';
  if (value === false) return 'false';
  return 'not declared';
}

function safeToGive(siteTool: SiteTool, name: string): string {
  const { tool } = siteTool;
  switch (tool.category) {
    case 'read':
      return `${name} only reads, so an agent can use it freely as long as what it reads is not secret; the recommendation is to ${actionPhrase(tool.recommendation)}.`;
    case 'write':
      return `${name} changes data. An agent can use it, but a mistaken or manipulated agent can change things you did not intend; the recommendation is to ${actionPhrase(tool.recommendation)}.`;
    case 'execute':
      return `${name} runs code or jobs, which can do anything the server can. Give it to an agent only with limits; the recommendation is to ${actionPhrase(tool.recommendation)}.`;
    case 'destructive':
      return `Not without a person in the loop: ${name} destroys data or work that may not be recoverable. The recommendation is to ${actionPhrase(tool.recommendation)}.`;
    case 'financial':
      return `Not on its own: ${name} moves money. The recommendation is to ${actionPhrase(tool.recommendation)}.`;
  }
}

export function renderToolPage(model: SiteModel, siteTool: SiteTool, policy: Policy, context: SiteContext): string {
  const root = rootOf(siteTool.path);
  const { tool, server } = siteTool;
  const name = lineText(tool.name, TEXT_LIMITS.name);
  const serverName = lineText(server.view.name, TEXT_LIMITS.name);
  const label = CATEGORY_LABEL[tool.category];
  const snippets = toolPolicySnippets(policy, tool.name, tool.category, server.view.name);
  const evidence = Array.isArray(tool.evidence) ? tool.evidence : [];
  const findings = Array.isArray(tool.findings) ? tool.findings : [];
  const description = typeof tool.description === 'string' ? blockText(tool.description, TEXT_LIMITS.description) : '';
  const declared = tool.declaredAnnotations ?? null;
  const inferred = tool.inferredAnnotations;
  const related = relatedTools(model, siteTool, RELATED_TOOLS);
  const title = typeof tool.title === 'string' && tool.title !== '' ? lineText(tool.title, TEXT_LIMITS.line) : null;
  const reason = lineText(tool.recommendation?.reason ?? '', 1000);

  const body = html`<h1>${name}</h1>
${title !== null ? html`<p class="muted">Title: ${title}</p>\n` : ''}<p class="verdict"><code>${name}</code> is ${article(label)} ${label} tool with ${tool.severity} risk.</p>
<p>It ${CATEGORY_MEANING[tool.category]}; ${tool.severity} means ${SEVERITY_MEANING[tool.severity]}. ${categoryBadge(tool.category)} ${severityBadge(tool.severity)} Recommended: ${actionPhrase(tool.recommendation)}.</p>
<p>A tool of ${serverLink(server, root)}, last scanned ${timeText(server.view.lastCrawled)}.</p>
<section aria-labelledby="does-heading">
<h2 id="does-heading">What it does</h2>
${description !== '' ? html`<p class="description">${description}</p>` : html`<p>The server gives no description.</p>`}
</section>
<section aria-labelledby="why-heading">
<h2 id="why-heading">Why it is rated ${label}, ${tool.severity}</h2>
${
  evidence.length > 0
    ? html`<p>Evidence quoted from its own definition, strongest first:</p>
<ul class="evidence">${evidence.map(
        (item) =>
          html`<li>${evidencePlace(item)} ${item.signal === 'description' ? 'says' : 'has'} <q>${lineText(String(item.text ?? ''), TEXT_LIMITS.quote)}</q> <span class="muted">(rule ${lineText(String(item.rule ?? ''), 80)})</span></li>`,
      )}</ul>`
    : html`<p>No specific evidence: nothing in its definition says it reads or changes anything, so it gets the category its name and shape suggest.</p>`
}
${
  findings.length > 0
    ? html`<h3 id="findings-heading">Findings</h3>
<ul>${findings.map((finding) => html`<li><strong>${lineText(String(finding.kind ?? ''), 40).replace(/-/g, ' ')}</strong>: ${lineText(String(finding.message ?? ''), TEXT_LIMITS.message)}</li>`)}</ul>`
    : ''
}
<h3 id="annotations-heading">Annotations</h3>
<table>
<caption>MCP annotations: what the server declares, and what its definition implies</caption>
<thead><tr><th scope="col">Hint</th><th scope="col">Declared</th><th scope="col">Inferred</th></tr></thead>
<tbody>${HINTS.map((hint) => html`<tr><th scope="row"><code>${hint}</code></th><td>${hintValue(declared?.[hint])}</td><td>${hintValue(inferred?.[hint])}</td></tr>`)}</tbody>
</table>
</section>
<section aria-labelledby="policy-heading">
<h2 id="policy-heading">Recommended policy</h2>
<p>${reason}</p>
<p>In the mcp-risk policy (balanced profile) for ${serverName}:</p>
<pre><code>${snippets.recommended}</code></pre>
<p class="muted">Each snippet on this page is a complete policy that <code>mcp-risk policy check</code> accepts: save it as it is (with <code>default: deny</code>, every tool it does not name is refused), or copy its rule into your own policy.</p>
<p><a href="${root + server.path}#policy">See the full ${serverName} policy for all ${plural(server.tools.length, 'tool')}</a>, with downloads for Intercept, Claude Code and Codex.</p>
</section>
<section aria-labelledby="rate-heading">
<h2 id="rate-heading">How to rate-limit it</h2>
<p>To let an agent call it at most ${rateText(snippets.rateLimit)}${tool.category === 'destructive' || tool.category === 'financial' ? ' (a limit makes mistakes rarer, not harmless: each call can still do its full damage)' : ''}, in an mcp-risk policy (enforced by <code>mcp-risk guard</code>):</p>
<pre><code>${snippets.rateLimitNative}</code></pre>
${
  snippets.rateLimitIntercept !== null
    ? html`<p>In an Intercept policy:</p>
<pre><code>${snippets.rateLimitIntercept}</code></pre>`
    : html`<p>Intercept cannot name this tool: there <code>*</code> means every tool.</p>`
}
<p class="muted">Claude Code and Codex have no rate limits; put <code>mcp-risk guard</code> or Intercept in front of the server.</p>
</section>
<section aria-labelledby="block-heading">
<h2 id="block-heading">How to block it</h2>
<p>Deny every call (the agent still sees the tool, its calls are refused):</p>
<pre><code>${snippets.denyNative}</code></pre>
<p>Or hide it (the agent never sees it):</p>
<pre><code>${snippets.hideNative}</code></pre>
<p>In Claude Code (<code>.claude/settings.json</code>, for a server named ${serverName} in your config):</p>
<pre><code>${snippets.blockClaudeCode}</code></pre>
<p>In Codex (<code>~/.codex/config.toml</code>):</p>
<pre><code>${snippets.blockCodex}</code></pre>
</section>
<section aria-labelledby="related-heading">
<h2 id="related-heading">Other ${tool.category} tools</h2>
${
  related.length > 0
    ? html`<ul class="tools">${related.map(
        (other) =>
          html`<li><a href="${root + other.path}">${lineText(other.tool.name, TEXT_LIMITS.name)}</a> ${severityBadge(other.tool.severity)} <span class="muted">of ${lineText(other.server.view.name, TEXT_LIMITS.name)}</span></li>`,
      )}</ul>`
    : html`<p>No other server in the catalogue has a ${tool.category} tool.</p>`
}
<p><a href="${root}category/${tool.category}/index.html">All ${tool.category} tools</a></p>
</section>
<section class="faq" aria-labelledby="faq-heading">
<h2 id="faq-heading">FAQ</h2>
<dl>
<dt>What does ${name} do?</dt>
<dd>${description !== '' ? lineText(description, 300) : 'Its server gives no description.'} It ${CATEGORY_MEANING[tool.category]}.</dd>
<dt>Is ${name} safe to give to an AI agent?</dt>
<dd>${safeToGive(siteTool, name)}</dd>
<dt>How do I block ${name}?</dt>
<dd>Hide it or deny it in the policy you enforce (snippets above for mcp-risk guard, Claude Code and Codex), or use the server's full recommended policy.</dd>
<dt>How was it rated?</dt>
<dd>mcp-risk read the definition the server lists — its name, description, input schema and annotations — and rated it from what that says; the evidence above is quoted from it. It did not run the tool.</dd>
</dl>
</section>`;
  return renderPage(
    {
      path: siteTool.path,
      title: `${name} (${serverName}) — ${label} tool, ${tool.severity} risk`,
      description: `${toolVerdict(siteTool)}. What it does, why, and the policy that contains it.`,
      section: 'servers',
      breadcrumb: [
        { label: 'Home', path: 'index.html' },
        { label: 'Servers', path: 'servers/index.html' },
        { label: serverName, path: server.path },
        { label: name },
      ],
      body,
    },
    context,
  );
}
