/**
 * `http://user:password@host/mcp`: fetch refuses such a URL (and its error quotes it, password
 * included). The credentials are what HTTP Basic authentication is for, so they become an
 * `Authorization: Basic …` header and the URL is used without them. An `Authorization` header the
 * user gave explicitly wins over the URL's credentials.
 */

/** The URL without user info, and the headers to send with it. Never echoes the credentials. */
export function moveUrlCredentials(url: URL, headers: Readonly<Record<string, string>>): { url: URL; headers: Record<string, string> } {
  if (url.username === '' && url.password === '') return { url, headers: { ...headers } };
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (hasAuthorization) return { url: bare, headers: { ...headers } };
  const basic = Buffer.from(`${decodePart(url.username)}:${decodePart(url.password)}`, 'utf8').toString('base64');
  return { url: bare, headers: { ...headers, Authorization: `Basic ${basic}` } };
}

/** URL user info is percent-encoded; a malformed escape is taken as written. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
