/**
 * Hiding secrets in text shown to people: command-line args, URLs and bare
 * tokens. It errs on the side of hiding: a harmless value that looks like a
 * key becomes `***` too.
 */

export const REDACTED = '***';

/** Flag and variable names whose values are secrets: `--token`, `--api-key`, `GITHUB_TOKEN`, `DB_PASSWORD`, ... */
const SECRET_NAME =
  /(token|secret|passw(or)?d|passphrase|pwd|api[-_.]?key|apikey|access[-_.]?key|private[-_.]?key|client[-_.]?secret|credential|auth|bearer|cookie|session|signature|(^|[-_.])(key|pat|sig|pass|jwt)$)/i;

/** Flags whose following value is an HTTP header (`Name: value`). */
const HEADER_FLAGS = new Set(['-h', '--header', '--headers']);
/** Flags whose following value is an environment assignment (`NAME=value`), as docker and others take them. */
const ENV_FLAGS = new Set(['-e', '--env', '--set-env', '--environment']);

/** Tokens with a known vendor shape. */
const KNOWN_TOKEN_PATTERNS: readonly RegExp[] = [
  /\b(sk|pk|rk)[-_](live|test|proj|ant|or|svcacct)?[-_]?[A-Za-z0-9_-]{12,}/,
  /\bsk-[A-Za-z0-9_-]{12,}/,
  /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/,
  /\bglpat-[A-Za-z0-9_-]{16,}/,
  /\bxox[abprse]-[A-Za-z0-9-]{10,}/,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
  /\bAIza[0-9A-Za-z_-]{30,}/,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
  /\bnpm_[A-Za-z0-9]{30,}/,
  /\bhf_[A-Za-z0-9]{20,}/,
  /\b(shpat|shpss|shpca)_[A-Fa-f0-9]{20,}/,
  /\bntn_[A-Za-z0-9]{20,}/,
  /\bsecret_[A-Za-z0-9]{20,}/,
  /\blin_(api|oauth)_[A-Za-z0-9]{20,}/,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i,
];

/** Does a name (flag, variable, header, query key) say its value is secret? */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name.replace(/^-+/, ''));
}

/** Does this whole string look like a key or token? */
export function looksLikeSecret(value: string): boolean {
  const text = value.trim();
  if (text.length < 16) return false;
  if (KNOWN_TOKEN_PATTERNS.some((pattern) => pattern.test(text))) return true;
  if (/^bearer\s+\S/i.test(text) || /^basic\s+[A-Za-z0-9+/=]{8,}$/i.test(text)) return true;
  if (/^[0-9a-f]{32,}$/i.test(text)) return true;
  // A long, dense run that mixes letters and digits (or cases) with high entropy: a random key.
  // Names built of words (`mcp-server-postgres-2024-11-05`) have no such run.
  if (!/^[A-Za-z0-9_\-+/=]+$/.test(text) || text.startsWith('/')) return false;
  const longest = text.split(/[-_/]/).reduce((a, b) => (b.length > a.length ? b : a), '');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((pattern) => pattern.test(longest)).length;
  return longest.length >= 20 && classes >= 2 && /[0-9]/.test(longest) && entropyPerChar(longest) >= 3.5;
}

function entropyPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const share = count / text.length;
    entropy -= share * Math.log2(share);
  }
  return entropy;
}

/**
 * A URL with its secrets hidden: user info, every query value, the fragment,
 * and path segments that look like tokens. Text that is not a URL is
 * redacted as free text.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return redactFreeText(raw);
  }
  const userInfo = url.username !== '' || url.password !== '' ? `${REDACTED}@` : '';
  const pathname = url.pathname
    .split('/')
    .map((segment) => (looksLikeSecret(decodeSafely(segment)) ? REDACTED : segment))
    .join('/');
  const query =
    url.search === ''
      ? ''
      : `?${url.search
          .slice(1)
          .split('&')
          .map((pair) => {
            const equals = pair.indexOf('=');
            return equals === -1 ? (looksLikeSecret(decodeSafely(pair)) ? REDACTED : pair) : `${pair.slice(0, equals)}=${REDACTED}`;
          })
          .join('&')}`;
  const fragment = url.hash === '' ? '' : `#${REDACTED}`;
  const origin = url.host === '' ? `${url.protocol}` : `${url.protocol}//${userInfo}${url.host}`;
  return `${origin}${pathname}${query}${fragment}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Hides tokens inside free text: `Bearer x`, `Authorization: x`, known token shapes, `secret_name=value`. */
export function redactFreeText(text: string): string {
  let result = text.replace(/\b(bearer|basic|token)\s+[^\s"',;]+/gi, (_match, scheme: string) => `${scheme} ${REDACTED}`);
  result = result.replace(
    /\b(authorization|proxy-authorization|cookie|x-api-key|api-key)\s*:\s*.+$/gi,
    (_m, name: string) => `${name}: ${REDACTED}`,
  );
  result = result.replace(/([A-Za-z][A-Za-z0-9_.-]*)=([^\s&]+)/g, (match, name: string) =>
    isSecretName(name) ? `${name}=${REDACTED}` : match,
  );
  for (const pattern of KNOWN_TOKEN_PATTERNS)
    result = result.replace(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`), REDACTED);
  return result
    .split(/(\s+)/)
    .map((word) => (looksLikeSecret(word) ? REDACTED : word))
    .join('');
}

/** One arg with its secrets hidden, given the arg before it. */
function redactArg(arg: string, previous: string | undefined): string {
  if (previous !== undefined) {
    const flag = previous.toLowerCase();
    if (HEADER_FLAGS.has(flag)) {
      const colon = arg.indexOf(':');
      return colon === -1 ? REDACTED : `${arg.slice(0, colon)}: ${REDACTED}`;
    }
    if (ENV_FLAGS.has(flag)) {
      const equals = arg.indexOf('=');
      return equals === -1 ? arg : `${arg.slice(0, equals)}=${REDACTED}`;
    }
    // The value of a secret-named flag (unless it is itself a flag: the first was a switch).
    if (/^--?[A-Za-z]/.test(previous) && !previous.includes('=') && isSecretName(previous) && !arg.startsWith('--')) return REDACTED;
  }
  const flagValue = /^(--?[A-Za-z][A-Za-z0-9_.-]*)=(.*)$/s.exec(arg);
  if (flagValue !== null) {
    const [, flag = '', value = ''] = flagValue;
    if (isSecretName(flag) || HEADER_FLAGS.has(flag.toLowerCase())) return `${flag}=${REDACTED}`;
    return `${flag}=${redactValue(value)}`;
  }
  const assignment = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(arg);
  if (assignment !== null) {
    const [, name = '', value = ''] = assignment;
    return isSecretName(name) ? `${name}=${REDACTED}` : `${name}=${redactValue(value)}`;
  }
  return redactValue(arg);
}

function redactValue(value: string): string {
  if (looksLikeSecret(value)) return REDACTED;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return redactUrl(value);
  return redactFreeText(value);
}

/** Command-line args with secret values hidden (values of secret-named flags, `--flag=value` forms, tokens, URLs). */
export function redactArgs(args: readonly string[]): string[] {
  return args.map((arg, index) => redactArg(arg, index === 0 ? undefined : args[index - 1]));
}
