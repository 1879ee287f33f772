/**
 * Whether a URL found in a catalogue points at the public internet. A page or registry entry
 * is someone else's text: an MCP URL naming localhost or a private network address would make
 * the crawler call into the machine or network it runs in, so such URLs are not taken from
 * untrusted catalogues. (A hostname that resolves to a private address is the connector's
 * concern; this check reads the URL only.)
 */
import { isIP } from 'node:net';

const PRIVATE_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa', '.intranet', '.corp'];

export function isPublicHttpUrl(url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  const host = url.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === '' || host === 'localhost' || PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix))) return false;
  const family = isIP(host);
  if (family === 4) return isPublicIpv4(host);
  if (family === 6) return isPublicIpv6(host);
  // A bare word (no dot) is resolved on the local network.
  return host.includes('.');
}

function isPublicIpv4(host: string): boolean {
  const [a = 0, b = 0] = host.split('.').map(Number);
  if (a === 0 || a === 10 || a === 127) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a >= 224) return false;
  return true;
}

function isPublicIpv6(host: string): boolean {
  if (host === '::' || host === '::1') return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)?.[1];
  if (mapped !== undefined) return isPublicIpv4(mapped);
  if (/^::ffff:/.test(host)) return false;
  const first = parseInt(host.split(':')[0] || '0', 16);
  if ((first & 0xfe00) === 0xfc00) return false;
  if ((first & 0xffc0) === 0xfe80) return false;
  if ((first & 0xff00) === 0xff00) return false;
  return true;
}
