/**
 * What a server says it lacks, beyond what needs-config.ts recognises: a subcommand (a CLI that
 * answers `Unknown command`), a setup step (`Run 'x setup'`), a variable it tells you to set
 * (`Or set PAPERLESS_URL`), a camelCase option (`supabaseUrl is required`), a configuration file,
 * a service such as a database it cannot reach on loopback.
 */
import { envNames, needsConfigFinding, type ExitInfo } from '../sandbox/needs-config.js';
import { lineMatching } from './runtime.js';

export type SettingKind = 'env' | 'argument' | 'subcommand' | 'setup' | 'config-file' | 'service' | 'setting';

export interface SettingNeed {
  kind: SettingKind;
  /** The names found (at most five); empty when the line names none. */
  names: string[];
  /** The line that says it. */
  evidence: string;
}

const MAX_NAMES = 5;

/** Well-known ports of services a server may expect on loopback. */
const SERVICE_PORTS: Readonly<Record<string, string>> = {
  '5432': 'postgres',
  '3306': 'mysql',
  '6379': 'redis',
  '27017': 'mongodb',
  '9200': 'elasticsearch',
  '11434': 'ollama',
  '5672': 'rabbitmq',
  '8080': 'http service',
};
const LOOPBACK_REFUSED = /\bECONNREFUSED\b[^\n]*?(?:127\.\d+\.\d+\.\d+|localhost|::1|\[::1\]|0\.0\.0\.0):(\d{2,5})/;
/** A service named by its own client's error. */
const SERVICE_ERRORS: readonly [RegExp, string][] = [
  [/\bMongo(?:ServerSelection|Network)Error\b/, 'mongodb'],
  [/\bpassword authentication failed for user\b|\bdatabase "[^"]{1,80}" does not exist\b/, 'postgres'],
  [/\bER_ACCESS_DENIED_ERROR\b|\bAccess denied for user\b/, 'mysql'],
  [/\bRedis(?:Client)? (?:connection|error)\b|\bECONNREFUSED\b[^\n]*:6379\b/i, 'redis'],
  [/\bCan't reach database server\b|\bdatabase connection (?:failed|refused)\b/i, 'database'],
];
/** A CLI's list of commands (commander's `help [command]`, `Commands:`): it wants one. */
const COMMAND_LIST = /^\s*help \[command\]\s|\bdisplay help for command\b|^\s*Commands:\s*$/;
const UNKNOWN_COMMAND =
  /\b(?:Unknown|Unrecognized|Invalid) (?:sub)?command\b|\bno command (?:specified|given)\b|\bcommand (?:is )?required\b/i;
const SETUP_STEP = /\b[Rr]un\s+[`'"]([^`'"\n]{1,80}?\b(?:setup|init|login|auth(?:enticate)?|configure|config)\b[^`'"\n]{0,40})[`'"]/;
/** `set FOO_BAR`, `export FOO_BAR=…`, `Or set the environment variable FOO_BAR`. */
const SET_VARIABLE =
  /\b(?:set|export|provide|define|add)\s+(?:the\s+)?(?:env(?:ironment)?\s+(?:variables?|vars?)\s+)?[`'"]?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/i;
/** `supabaseUrl is required`, `apiKey must be provided`, `"baseUrl" is missing`. */
const NAMED_OPTION =
  /(?:^|[\s'"`(])['"`]?([a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+)['"`]?\s+(?:is|are)\s+(?:required|missing|not set|not defined|not configured|undefined)\b|(?:^|[\s'"`(])['"`]?([a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+)['"`]?\s+must\s+be\s+(?:set|provided|specified|defined|configured|given)\b/;
/** `ENVIRONMENTS is not set`: a one-word variable, which envNames (it wants an underscore) leaves out. */
const ONE_WORD_VARIABLE =
  /(?:^|[\s'"`(:])['"`]?(?!(?:ERROR|WARN|WARNING|FATAL|NOTE|INFO|DEBUG|THIS|IT)\b)([A-Z][A-Z0-9]{3,40})['"`]?\s+(?:is|are)\s+(?:not set|not defined|unset|required|missing|empty)\b/;
/** A failure that names a variable of a secret's or an address's shape: `Failed to get the LUNCHMONEY_API_TOKEN`. */
const FAILED_VARIABLE = /\b(?:error|failed|fatal|cannot|could not|unable|no)\b/i;
const SECRET_SHAPED = /\b(?!ERR_)[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:API_KEY|KEY|TOKEN|SECRET|PASSWORD|PASS|URL|URI|HOST|DSN|ID)\b/;
/** `Cannot find config file \`panda.config.{ts,js}\``: the file named in quotes after the words. */
const QUOTED_CONFIG_FILE = /\b(?:config(?:uration)?|settings) file\s+[`'"]([^`'"\n]{1,80})[`'"]/i;
/** A configuration file it could not open or find. */
const CONFIG_FILE =
  /\b(?:ENOENT: no such file or directory, (?:open|stat|access|scandir)|(?:config(?:uration)?|settings|credentials?) file (?:not found|is missing|missing|does not exist|could not be (?:found|read|loaded))|(?:Cannot|Could not|Unable to) (?:find|read|load|open) (?:the )?(?:config(?:uration)?|settings|credentials?) (?:file)?)[^\n]*?['"`]?((?:[\w.~-]*\/)*[\w.-]{1,80}\.(?:json|jsonc|ya?ml|toml|env|ini|conf|cfg|txt|db|sqlite|pem|key))\b/i;

/**
 * The setting a server's text says it lacks, or null. `text` is its stderr (sanitised),
 * perhaps with stdout and our message after it; it must already be bounded.
 */
export function settingNeed(text: string, exit?: ExitInfo | null): SettingNeed | null {
  const service = serviceNeed(text);
  if (service !== null) return service;
  const finding = needsConfigFinding(text, exit);
  if (finding !== null) {
    const kind: SettingKind =
      finding.kind === 'usage' || finding.kind === 'argument' ? 'argument' : finding.kind === 'config' ? 'setting' : 'env';
    const file = QUOTED_CONFIG_FILE.exec(finding.line) ?? CONFIG_FILE.exec(finding.line);
    if (finding.kind === 'config' && file !== null) return { kind: 'config-file', names: [file[1] as string], evidence: finding.line };
    if (finding.names.length > 0 || kind === 'argument') return { kind, names: finding.names.slice(0, MAX_NAMES), evidence: finding.line };
    // `API key is required.` and, further on, `Or set PAPERLESS_URL and PAPERLESS_API_KEY`: the names are on the other line.
    const told = lineMatching(text, SET_VARIABLE);
    return told !== null ? { kind: 'env', names: setVariables(told), evidence: finding.line } : { kind, names: [], evidence: finding.line };
  }
  for (const line of text.split('\n')) {
    if (UNKNOWN_COMMAND.test(line) || COMMAND_LIST.test(line)) return { kind: 'subcommand', names: [], evidence: line.trim() };
    const setup = SETUP_STEP.exec(line);
    if (setup !== null) return { kind: 'setup', names: [(setup[1] as string).trim()], evidence: line.trim() };
    if (SET_VARIABLE.test(line)) return { kind: 'env', names: setVariables(line), evidence: line.trim() };
    const variable = ONE_WORD_VARIABLE.exec(line);
    if (variable !== null) return { kind: 'env', names: [variable[1] as string], evidence: line.trim() };
    if (FAILED_VARIABLE.test(line) && SECRET_SHAPED.test(line)) return { kind: 'env', names: setVariables(line), evidence: line.trim() };
    const option = NAMED_OPTION.exec(line);
    if (option !== null) return { kind: 'setting', names: [(option[1] ?? option[2]) as string], evidence: line.trim() };
    const file = QUOTED_CONFIG_FILE.exec(line) ?? CONFIG_FILE.exec(line);
    if (file !== null) return { kind: 'config-file', names: [file[1] as string], evidence: line.trim() };
  }
  return null;
}

function setVariables(line: string): string[] {
  return envNames(line).slice(0, MAX_NAMES);
}

/** A database or other service it expected to reach and could not. */
function serviceNeed(text: string): SettingNeed | null {
  for (const line of text.split('\n')) {
    const refused = LOOPBACK_REFUSED.exec(line);
    if (refused !== null) {
      const port = refused[1] as string;
      return { kind: 'service', names: [SERVICE_PORTS[port] ?? `port ${port} on loopback`], evidence: line.trim() };
    }
    for (const [pattern, service] of SERVICE_ERRORS)
      if (pattern.test(line)) return { kind: 'service', names: [service], evidence: line.trim() };
  }
  return null;
}
