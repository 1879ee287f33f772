/**
 * Real MCP servers from the npm registry whose authors annotate their tools
 * (readOnlyHint / destructiveHint), and how to make each list its tools with
 * no real credentials and no network. collect-annotated-tools.ts installs and
 * lists them; the eval hides the annotations from the classifier and compares.
 *
 * Every entry was checked by running it: it starts, lists its tools and at
 * least one of them carries readOnlyHint or destructiveHint. Credentials are
 * dummies. Versions are pinned so the corpus stays the same from run to run;
 * remove a `version` to take the latest (then re-check the entry).
 *
 * Placeholders: `{home}` in `args`, `env` values and `files` contents stands
 * for the server's temporary HOME directory (also its working directory).
 * `files` are written into that HOME (relative paths) before the server starts.
 *
 * Tried and left out (November 2026, Node 20, no network but npm):
 *  - need Node 22: @apify/actors-mcp-server, @smartbear/mcp, @dynatrace-oss/dynatrace-mcp-server,
 *    @bytebase/dbhub (node:sqlite; with a postgres DSN it connects at start);
 *  - reach the network before listing: @sveltejs/mcp (svelte.dev), @stripe/mcp (a proxy to
 *    mcp.stripe.com), @umbraco-cms/mcp-dev (token fetch), @supabase/mcp-server-supabase with its
 *    `docs` feature (hence the --features list below);
 *  - cannot be installed from npm alone: @whop/mcp and @coingecko/coingecko-mcp (a dependency
 *    tarball on GitHub), @railway/mcp-server (a wrapper around the Railway CLI);
 *  - do not start: @heroku/mcp-server 1.2.8 (imports an SDK subpath without `.js`),
 *    @auth0/auth0-mcp-server (needs a stored login), podman-mcp-server (needs podman),
 *    @benborla29/mcp-server-mysql (needs a MySQL server);
 *  - list tools but annotate none of them: @launchdarkly/mcp-server, @google-cloud/gcloud-mcp,
 *    @google-cloud/observability-mcp, @google-cloud/storage-mcp, replicate-mcp,
 *    @delorenj/mcp-server-trello, @shopify/dev-mcp, figma-console-mcp, @currents/mcp,
 *    @browserbasehq/mcp-server-browserbase, @ahdev/dokploy-mcp, @modelcontextprotocol/server-pdf,
 *    @bitwarden/mcp-server, @padenot/firefox-devtools-mcp, @kentico/management-api-mcp (no tools).
 */

export interface AnnotatedServer {
  /** npm package name. */
  package: string;
  /** Exact version to install; the latest when unset. */
  version?: string;
  /** Which of the package's `bin` entries to run, when it declares several. */
  bin?: string;
  args?: string[];
  /** The server's whole environment besides PATH and HOME: dummy values only. */
  env?: Record<string, string>;
  /** Files to create in the temporary HOME before start (relative path → content). */
  files?: Record<string, string>;
  note?: string;
}

const DUMMY_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: dummy
  cluster:
    server: https://127.0.0.1:9
contexts:
- name: dummy
  context:
    cluster: dummy
    user: dummy
current-context: dummy
users:
- name: dummy
  user:
    token: dummy
`;

const DUMMY_GOOGLE_OAUTH_CLIENT = JSON.stringify({
  installed: { client_id: 'dummy.apps.googleusercontent.com', client_secret: 'dummy', redirect_uris: ['http://localhost'] },
});

export const ANNOTATED_SERVERS: readonly AnnotatedServer[] = [
  // Model Context Protocol reference servers.
  { package: '@modelcontextprotocol/server-filesystem', version: '2026.8.31', args: ['{home}'] },
  { package: '@modelcontextprotocol/server-everything', version: '2026.8.31' },
  {
    package: '@modelcontextprotocol/server-memory',
    version: '2026.8.31',
    env: { MEMORY_FILE_PATH: '{home}/memory.jsonl' },
  },
  { package: '@modelcontextprotocol/server-sequential-thinking', version: '2026.8.31' },

  // Microsoft.
  {
    package: '@playwright/mcp',
    version: '0.0.83',
    args: ['--headless', '--isolated', '--caps=vision,pdf,testing,tracing'],
    note: 'The browser is only needed when a tool is called; --caps adds the optional tool groups.',
  },
  {
    package: '@azure/mcp',
    version: '2.0.5',
    args: ['server', 'start', '--mode', 'all'],
    note: '.NET binary from the optional dependency @azure/mcp-linux-x64; --mode all lists every tool instead of one per namespace.',
  },
  { package: '@microsoft/clarity-mcp-server', version: '2.0.1', env: { CLARITY_API_TOKEN: 'dummy' } },

  // Google.
  {
    package: 'chrome-devtools-mcp',
    version: '1.11.0',
    args: ['--headless', '--isolated', '--categoryExtensions', '--categoryPwa', '--experimentalVision', '--experimentalMemory'],
    env: { CHROME_DEVTOOLS_MCP_NO_USAGE_STATISTICS: '1', CHROME_DEVTOOLS_MCP_NO_UPDATE_CHECKS: '1' },
    note: 'Chrome is only started when a tool is called; the flags add the optional tool categories.',
  },

  // Databases, backends and developer platforms.
  {
    package: '@supabase/mcp-server-supabase',
    version: '0.13.0',
    args: ['--features=account,database,debugging,development,functions,branching,storage'],
    env: { SUPABASE_ACCESS_TOKEN: 'sbp_dummy' },
    note: 'Every feature but `docs`, which fetches its schema from the network when tools are listed.',
  },
  {
    package: 'mongodb-mcp-server',
    version: '3.0.4',
    env: { MDB_MCP_TELEMETRY: 'disabled', MDB_MCP_API_CLIENT_ID: 'dummy', MDB_MCP_API_CLIENT_SECRET: 'dummy' },
    note: 'The Atlas API client id/secret enable the Atlas tools besides the database ones.',
  },
  { package: '@pinecone-database/mcp', version: '0.3.0', env: { PINECONE_API_KEY: 'dummy' } },
  { package: 'airtable-mcp-server', version: '1.14.0', env: { AIRTABLE_API_KEY: 'dummy' } },
  { package: '@cloudbase/cloudbase-mcp', version: '2.34.6', env: { CLOUDBASE_MCP_TELEMETRY_DISABLED: 'true' } },
  { package: '@netlify/mcp', version: '1.15.1' },
  {
    package: '@infisical/mcp',
    version: '0.0.24',
    env: {
      INFISICAL_UNIVERSAL_AUTH_CLIENT_ID: 'dummy',
      INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET: 'dummy',
      INFISICAL_HOST_URL: 'http://127.0.0.1:9',
    },
  },
  {
    package: 'n8n-mcp',
    version: '2.87.0',
    env: { MCP_MODE: 'stdio', N8N_API_URL: 'http://127.0.0.1:9', N8N_API_KEY: 'dummy' },
    note: 'The n8n API URL and key enable the workflow management tools besides the documentation ones.',
  },
  {
    package: '@masonator/coolify-mcp',
    version: '3.5.0',
    bin: 'coolify-mcp',
    env: { COOLIFY_ACCESS_TOKEN: 'dummy', COOLIFY_BASE_URL: 'http://127.0.0.1:9' },
  },
  { package: 'hostinger-api-mcp', version: '1.63.2', bin: 'hostinger-api-mcp', env: { API_TOKEN: 'dummy' } },

  // Kubernetes and infrastructure.
  {
    package: 'kubernetes-mcp-server',
    version: '0.0.67',
    args: ['--toolsets', 'config,core,helm,kcp,kiali,kubevirt,netobserv,tekton'],
    files: { '.kube/config': DUMMY_KUBECONFIG },
    note: 'Go binary from the optional dependency kubernetes-mcp-server-linux-amd64; needs a kubeconfig with a current context.',
  },
  { package: 'mcp-server-kubernetes', version: '4.1.7' },
  { package: 'ssh-mcp', version: '2.11.0', args: ['--host=127.0.0.1', '--user=nobody'] },

  // Source control, CI and issue tracking.
  {
    package: '@zereight/mcp-gitlab',
    version: '2.1.64',
    env: { GITLAB_PERSONAL_ACCESS_TOKEN: 'dummy', GITLAB_API_URL: 'http://127.0.0.1:9/api/v4', GITLAB_TOOLSETS: 'all' },
  },
  { package: '@circleci/mcp-server-circleci', version: '0.20.0', env: { CIRCLECI_TOKEN: 'dummy' } },
  {
    package: '@aashari/mcp-server-atlassian-bitbucket',
    version: '3.1.0',
    env: { ATLASSIAN_USER_EMAIL: 'a@example.com', ATLASSIAN_API_TOKEN: 'dummy' },
  },
  { package: '@cyanheads/git-mcp-server', version: '2.15.3' },
  { package: 'octocode-mcp', version: '19.1.0', env: { GITHUB_TOKEN: 'dummy' } },
  { package: '@tacticlaunch/mcp-linear', version: '1.4.3', env: { LINEAR_API_TOKEN: 'dummy' } },
  { package: '@shortcut/mcp', version: '0.25.0', env: { SHORTCUT_API_TOKEN: 'dummy' } },
  { package: '@sentry/mcp-server', version: '0.39.0', args: ['--access-token=dummy'] },
  { package: '@qase/mcp-server', version: '2.7.0', env: { QASE_API_TOKEN: 'dummy' } },

  // Productivity, content and commerce.
  { package: '@notionhq/notion-mcp-server', version: '2.5.2', env: { NOTION_TOKEN: 'ntn_dummy' } },
  {
    package: '@softeria/ms-365-mcp-server',
    version: '0.155.0',
    args: ['--org-mode'],
    note: '--org-mode adds the Teams, SharePoint and other work-account tools.',
  },
  {
    package: '@cocal/google-calendar-mcp',
    version: '2.6.3',
    env: { GOOGLE_OAUTH_CREDENTIALS: '{home}/gcp-oauth.keys.json' },
    files: { 'gcp-oauth.keys.json': DUMMY_GOOGLE_OAUTH_CLIENT },
  },
  { package: '@hubspot/mcp-server', version: '0.4.0', env: { PRIVATE_APP_ACCESS_TOKEN: 'dummy' } },
  { package: '@discourse/mcp', version: '0.3.1' },
  { package: '@karakeep/mcp', version: '0.33.1', env: { KARAKEEP_API_ADDR: 'http://127.0.0.1:9', KARAKEEP_API_KEY: 'dummy' } },
  {
    package: '@postman/postman-mcp-server',
    version: '2.13.0',
    args: ['--full'],
    env: { POSTMAN_API_KEY: 'PMAK-dummy', POSTMAN_MCP_TELEMETRY: 'false' },
    note: '--full lists every tool instead of the minimal set.',
  },
  {
    package: '@cloudinary/asset-management-mcp',
    version: '0.11.0',
    bin: 'mcp',
    args: ['start'],
    env: { CLOUDINARY_URL: 'cloudinary://111:dummy@dummy' },
  },
  { package: '@paddle/paddle-mcp', version: '0.1.6', env: { PADDLE_API_KEY: 'dummy', PADDLE_ENVIRONMENT: 'sandbox' } },
  { package: '@akutishevsky/lunchmoney-mcp', version: '3.0.0', env: { LUNCHMONEY_API_TOKEN: 'dummy' } },
  { package: '@translated/lara-mcp', version: '1.0.6', env: { LARA_ACCESS_KEY_ID: 'dummy', LARA_ACCESS_KEY_SECRET: 'dummy' } },
  {
    package: '@mapbox/mcp-devkit-server',
    version: '0.8.2',
    env: { MAPBOX_ACCESS_TOKEN: 'pk.eyJ1IjoiZHVtbXkiLCJhIjoiZHVtbXkifQ.dummy' },
    note: 'The token must look like a Mapbox public token (pk.<base64 JSON>.<signature>).',
  },
  { package: '@antv/mcp-server-chart', version: '0.9.10' },
  { package: 'figma-developer-mcp', version: '0.13.2', args: ['--figma-api-key=dummy', '--stdio'] },

  // Web search, scraping and AI services.
  { package: '@upstash/context7-mcp', version: '4.1.1' },
  { package: 'firecrawl-mcp', version: '3.26.0', env: { FIRECRAWL_API_KEY: 'fc-dummy' } },
  { package: '@brightdata/mcp', version: '2.11.3', env: { API_TOKEN: 'dummy', PRO_MODE: 'true' }, note: 'PRO_MODE lists all tools.' },
  { package: 'exa-mcp-server', version: '3.4.1', env: { EXA_API_KEY: 'dummy' } },
  { package: '@perplexity-ai/mcp-server', version: '1.2.1', env: { PERPLEXITY_API_KEY: 'dummy' } },
  { package: '@cyanheads/pubmed-mcp-server', version: '2.7.4' },
  { package: 'fetcher-mcp', version: '0.3.9' },
  { package: '@llmindset/hf-mcp-server', version: '0.4.23', bin: 'hf-mcp-server', env: { DEFAULT_HF_TOKEN: 'hf_dummy' } },

  // Local machines, devices and app tooling.
  { package: '@wonderwhy-er/desktop-commander', version: '0.2.52', bin: 'desktop-commander' },
  { package: '@mobilenext/mobile-mcp', version: '1.0.4' },
  { package: 'xcodebuildmcp', version: '2.7.0', bin: 'xcodebuildmcp', args: ['mcp'] },
  { package: '@hypothesi/tauri-mcp-server', version: '0.13.0' },
  {
    package: '@browserstack/mcp-server',
    version: '1.4.2',
    env: { BROWSERSTACK_USERNAME: 'dummy', BROWSERSTACK_ACCESS_KEY: 'dummy' },
  },
  { package: 'nx-mcp', version: '0.25.0', args: ['{home}'], note: 'Without an Nx workspace only the docs tool is listed.' },
];
