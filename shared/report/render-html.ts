import { createHash } from 'node:crypto';
import { escapeHtml } from './escape-html';
import { dollars, percent, percentChange } from './money';
import type { ReportInput } from './report-input';
import { REPORT_STYLES } from './report-styles';
import { billSection } from './section-bill';
import { eventSections } from './section-events';
import { gpuSection } from './section-gpu';
import { spendSection } from './section-spend';
import { tagSection } from './section-tags';
import { unitCostSection } from './section-unit-costs';
import { SORT_SCRIPT } from './sort-script';
import type { ReportSummary } from './summarize-report';

const scriptHash = `sha256-${createHash('sha256').update(SORT_SCRIPT).digest('base64')}`;

/**
 * No network, and only the page's own script runs: even if a value slipped past escaping, the
 * browser would refuse an injected script, handler or `javascript:` URL.
 */
const CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '${scriptHash}'; base-uri 'none'; form-action 'none'`;

function card(label: string, value: string, sub: string, estimate = false): string {
  const mark = estimate ? ' <span class="estimate">estimate</span>' : '';
  return `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}${mark}</div><div class="sub">${escapeHtml(sub)}</div></div>`;
}

function headline(input: ReportInput, s: ReportSummary): string {
  const change =
    s.spend.changePct === null
      ? `no spend in ${input.previousWindow.from} – ${input.previousWindow.to}`
      : `${percentChange(s.spend.changePct)} vs ${dollars(s.spend.previousTotalCents)} the period before`;
  return `<div class="cards" id="headline">
${card('Total GenAI spend', dollars(s.spend.totalCents), change, s.spend.estimated)}
${card('Spend without a team', percent(s.tags.unattributedPct), `${dollars(s.tags.unattributedCents)} ${input.unattributed}`)}
${card('Idle GPU cost', dollars(s.gpu.idleCents), `of ${dollars(s.gpu.costCents)} GPU cost`, s.gpu.estimated)}
${
  s.recommendationsUnavailable
    ? card('Recommendations', 'unavailable', 'their queries failed this time')
    : card(
        'Recommendations',
        s.recommendations.length === 0 ? 'none' : dollars(s.recommendationsCents),
        s.recommendations.length === 0 ? 'none in this period' : 'estimated saving per month',
      )
}
${card('Anomalies', String(s.incidents.length), s.incidents.length === 0 ? 'none in this period' : 'incidents in this period')}
</div>`;
}

const CONTENTS: [string, string][] = [
  ['spend', 'Spend by team, feature, environment and model'],
  ['unit-costs', 'Unit costs and their trend'],
  ['tag-coverage', 'Tag coverage'],
  ['gpu', 'GPU efficiency'],
  ['estimate-vs-bill', 'Estimate vs bill'],
  ['anomalies', 'Anomalies'],
  ['guardrails', 'Guardrail events'],
  ['recommendations', 'Recommendations'],
];

/**
 * `report.html`: one self-contained page (inline CSS, inline SVG charts, one inline script for
 * sorting; no fonts, images or scripts from the network), every value escaped.
 */
export async function renderReportHtml(input: ReportInput, summary: ReportSummary): Promise<string> {
  const period = `${input.window.from} – ${input.window.to}`;
  const sections = [
    await spendSection(summary.spend),
    await unitCostSection(summary.unitCosts),
    await tagSection(summary.tags, input.unattributed),
    await gpuSection(summary.gpu),
    await billSection(summary.bill),
    eventSections(summary),
  ];
  const nav = CONTENTS.map(([id, title]) => `<li><a href="#${id}">${escapeHtml(title)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GenAI spend ${escapeHtml(period)}</title>
<style>${REPORT_STYLES}</style>
</head>
<body>
<header>
<h1>GenAI spend report</h1>
<p class="meta">UTC days ${escapeHtml(period)} · compared with ${escapeHtml(`${input.previousWindow.from} – ${input.previousWindow.to}`)} · made ${escapeHtml(input.generatedAt)} · amounts in ${escapeHtml(input.currency)}</p>
</header>
<main>
${headline(input, summary)}
<nav aria-label="contents"><ol>${nav}</ol></nav>
${sections.join('\n')}
</main>
<footer><p class="note">Every number comes from the shipped cost queries (genai-finops query allocation, unit-costs, trends, gpu-efficiency, estimate-vs-bill, tag-coverage). Click a column header to sort a table.</p></footer>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
