/** assets/favicon.svg: a shield in the header's colour (it also spares browsers a request for /favicon.ico). */
import { PALETTE, SEVERITY_COLORS } from './palette.js';
export function faviconSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2 4 7v8c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V7z" fill="${PALETTE.header}"/><path d="M16 8v16" stroke="${SEVERITY_COLORS.critical}" stroke-width="4" stroke-linecap="round"/></svg>\n`;
}
