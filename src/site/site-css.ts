/**
 * The site's one stylesheet (assets/site.css), built from the palette. Pages carry no `style`
 * attributes and no `<style>` elements: the Content-Security-Policy allows styles from this file
 * only. Chart bars are coloured by class (`fill`), sized by SVG attributes.
 */
import { CATEGORIES, SEVERITIES } from '../model.js';
import { CATEGORY_COLORS, PALETTE, SEVERITY_COLORS } from './palette.js';

export function siteCss(): string {
  const p = PALETTE;
  const badges = [
    ...SEVERITIES.map(
      (severity) => `.sev-${severity}{background:${SEVERITY_COLORS[severity]}}\n.bar.sev-${severity}{fill:${SEVERITY_COLORS[severity]}}`,
    ),
    ...CATEGORIES.map(
      (category) => `.cat-${category}{background:${CATEGORY_COLORS[category]}}\n.bar.cat-${category}{fill:${CATEGORY_COLORS[category]}}`,
    ),
  ].join('\n');
  return `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.5;color:${p.text};background:${p.page}}
body{margin:0}
a{color:${p.link}}
a:visited{color:${p.linkVisited}}
a:focus-visible,input:focus-visible,button:focus-visible{outline:3px solid ${p.focus};outline-offset:2px}
.skip-link{position:absolute;left:-9999px;top:0;background:${p.page};color:${p.link};padding:.5rem 1rem;z-index:10}
.skip-link:focus{left:1rem}
.site-header{background:${p.header};color:${p.headerText};padding:.75rem 1rem}
.site-header a,.site-header a:visited{color:${p.headerLink}}
.site-header .brand{color:${p.headerText};font-weight:700;text-decoration:none;margin-right:1.5rem}
.site-header nav{display:inline-block}
.site-header ul{list-style:none;margin:0;padding:0;display:inline-flex;flex-wrap:wrap;gap:1rem}
.site-header a[aria-current="page"]{color:${p.headerText};font-weight:700}
main{max-width:64rem;margin:0 auto;padding:1rem}
footer{max-width:64rem;margin:2rem auto 0;padding:1rem;border-top:1px solid ${p.border};color:${p.muted};font-size:.9rem}
footer a,footer a:visited{color:${p.link}}
h1{font-size:1.8rem;line-height:1.25;margin:.5rem 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.35rem;margin:2rem 0 .75rem}
h3{font-size:1.1rem;margin:1.5rem 0 .5rem}
.breadcrumb ol{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.4rem;font-size:.95rem}
.breadcrumb li+li::before{content:"›";margin-right:.4rem;color:${p.muted}}
.lead{font-size:1.1rem}
.muted{color:${p.muted}}
.verdict{font-size:1.2rem;font-weight:600}
.description{white-space:pre-line;overflow-wrap:anywhere}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem}
pre{background:${p.surface};padding:.75rem;overflow-x:auto;border:1px solid ${p.border};border-radius:4px;max-height:40rem}
.badge{display:inline-block;color:${p.badgeText};border-radius:3px;padding:0 .4rem;font-size:.8rem;font-weight:600;line-height:1.5;white-space:nowrap}
${badges}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid ${p.border};padding:.35rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td{overflow-wrap:anywhere}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
ul.tools{list-style:none;padding:0}
ul.tools li{padding:.35rem 0;border-bottom:1px solid ${p.surface}}
.charts{display:flex;flex-wrap:wrap;gap:2rem}
.charts>div{flex:1 1 22rem;min-width:0}
.charts figure{margin:0}
svg.chart{max-width:100%;height:auto}
svg.chart text{fill:${p.text};font-size:13px}
.search label{display:block;font-weight:600;margin-bottom:.25rem}
.search input{font-size:1rem;padding:.5rem;width:100%;max-width:36rem;border:1px solid ${p.border};border-radius:4px}
#search-results{padding-left:1.25rem}
#search-results li{margin:.35rem 0}
.pager ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.75rem}
.faq dt{font-weight:600;margin-top:.75rem}
.faq dd{margin:0}
.downloads li{margin:.25rem 0}
`;
}
