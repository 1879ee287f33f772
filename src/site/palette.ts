/**
 * The site's colours, and the contrast each pair of them has (WCAG 2.x relative luminance). Text
 * pairs need at least 4.5:1 (AA for body text); chart bars and focus rings, which are not text,
 * at least 3:1 against the page (WCAG 1.4.11). The site's tests check every pair.
 */
import type { Category, Severity } from '../model.js';

export const PALETTE = {
  page: '#ffffff',
  text: '#1b1f24',
  muted: '#4f5963',
  link: '#0550ae',
  linkVisited: '#6639ba',
  border: '#8c959f',
  surface: '#f3f5f7',
  header: '#14213d',
  headerText: '#ffffff',
  headerLink: '#dbe7ff',
  focus: '#b35900',
  badgeText: '#ffffff',
} as const;

export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#a40e26',
  high: '#a33f00',
  medium: '#705c00',
  low: '#1a6b34',
};

export const CATEGORY_COLORS: Record<Category, string> = {
  read: '#0a58a8',
  write: '#6639ba',
  execute: '#8a4b00',
  destructive: '#a40e26',
  financial: '#146130',
};

/** One colour pair the site uses, and what it needs. */
export interface ColorPair {
  name: string;
  foreground: string;
  background: string;
  /** 4.5 for text, 3 for graphics. */
  minimum: number;
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (match === null) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [match[1], match[2], match[3]].map((part) => channel(Number.parseInt(part ?? '0', 16)));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/** The WCAG contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

/** Every colour pair the stylesheet uses. */
export function colorPairs(): ColorPair[] {
  const pairs: ColorPair[] = [
    { name: 'text on page', foreground: PALETTE.text, background: PALETTE.page, minimum: 4.5 },
    { name: 'muted text on page', foreground: PALETTE.muted, background: PALETTE.page, minimum: 4.5 },
    { name: 'muted text on surface', foreground: PALETTE.muted, background: PALETTE.surface, minimum: 4.5 },
    { name: 'link on page', foreground: PALETTE.link, background: PALETTE.page, minimum: 4.5 },
    { name: 'link on surface', foreground: PALETTE.link, background: PALETTE.surface, minimum: 4.5 },
    { name: 'visited link on page', foreground: PALETTE.linkVisited, background: PALETTE.page, minimum: 4.5 },
    { name: 'text on surface (code)', foreground: PALETTE.text, background: PALETTE.surface, minimum: 4.5 },
    { name: 'header text', foreground: PALETTE.headerText, background: PALETTE.header, minimum: 4.5 },
    { name: 'header link', foreground: PALETTE.headerLink, background: PALETTE.header, minimum: 4.5 },
    { name: 'focus ring on page', foreground: PALETTE.focus, background: PALETTE.page, minimum: 3 },
    { name: 'table borders on page', foreground: PALETTE.border, background: PALETTE.page, minimum: 3 },
  ];
  for (const [severity, color] of Object.entries(SEVERITY_COLORS)) {
    pairs.push({ name: `${severity} badge text`, foreground: PALETTE.badgeText, background: color, minimum: 4.5 });
    pairs.push({ name: `${severity} chart bar on page`, foreground: color, background: PALETTE.page, minimum: 3 });
  }
  for (const [category, color] of Object.entries(CATEGORY_COLORS)) {
    pairs.push({ name: `${category} badge text`, foreground: PALETTE.badgeText, background: color, minimum: 4.5 });
    pairs.push({ name: `${category} chart bar on page`, foreground: color, background: PALETTE.page, minimum: 3 });
  }
  return pairs;
}
