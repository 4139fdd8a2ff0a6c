/** The page's stylesheet, inline: system fonts only (no web fonts), and a print layout for A4 and Letter. */
export const REPORT_STYLES = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #5a6470; --line: #d8dde3; --accent: #0b5cad; --warn: #9a5b00; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.meta, p.note, p.none { color: var(--muted); margin: 4px 0 10px; }
p.none { font-style: italic; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 10px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.card .value { font-size: 22px; font-weight: 600; margin-top: 2px; }
.card .sub { color: var(--muted); font-size: 12px; }
.estimate { display: inline-block; font-size: 10px; font-weight: 600; color: var(--warn); border: 1px solid var(--warn); border-radius: 3px; padding: 0 3px; vertical-align: middle; text-transform: uppercase; }
figure.chart { margin: 8px 0 14px; }
figure.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 13px; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid var(--accent); }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
nav ol { columns: 2; color: var(--muted); }
nav a { color: var(--accent); }
@page { size: auto; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  nav, th button::after { display: none; }
  h2 { break-after: avoid; }
  section, figure.chart, table, .cards { break-inside: avoid-page; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
`;
