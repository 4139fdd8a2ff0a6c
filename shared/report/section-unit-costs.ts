import { trendSpec } from './chart-specs';
import { figure, para, section } from './figure';
import { cell, ESTIMATE, htmlTable } from './html-table';
import { count, dollars, percentChange, unitCost } from './money';
import type { UnitCostSummary, UnitCostTrend } from './unit-cost-summary';

/** How many team · feature series the trend chart draws (the biggest spenders); the table has all. */
const SERIES = 8;

function chartValues(trends: readonly UnitCostTrend[]) {
  const weeks = trends.filter((t) => t.period === 'week' && t.costPer1kTokens !== null);
  const spend = new Map<string, bigint>();
  for (const t of weeks) {
    const key = `${t.team} · ${t.feature}`;
    spend.set(key, (spend.get(key) ?? 0n) + t.allocatedCents);
  }
  const top = new Set(
    [...spend.entries()]
      .sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] > b[1] ? -1 : 1))
      .slice(0, SERIES)
      .map(([k]) => k),
  );
  return weeks
    .filter((t) => top.has(`${t.team} · ${t.feature}`))
    .map((t) => ({
      period: t.periodStart,
      series: `${t.team} · ${t.feature}`,
      value: t.costPer1kTokens as number,
    }));
}

/** Unit-cost trends (the `trends` query) and cost per business outcome (the `unit-costs` query). */
export async function unitCostSection(summary: UnitCostSummary): Promise<string> {
  const values = chartValues(summary.trends);
  const chart = await figure(
    trendSpec(values, 'Cost per 1K tokens by week (largest features)', 'USD per 1K tokens'),
    values.length > 0,
    `Weekly cost per 1K tokens of the ${SERIES} team · feature pairs that spend most (the trends query).`,
    'No unit costs in this period.',
  );
  const rows = summary.trends.map((t) => [
    cell(t.period),
    cell(t.periodStart),
    cell(t.team),
    cell(t.feature),
    cell(count(t.invocations), t.invocations),
    cell(dollars(t.allocatedCents), t.allocatedCents, t.estimated ? ESTIMATE : undefined),
    cell(unitCost(t.costPerInference), t.costPerInference ?? ''),
    cell(percentChange(t.costPerInferenceChangePct), t.costPerInferenceChangePct ?? ''),
    cell(unitCost(t.costPerSuccessfulOutput), t.costPerSuccessfulOutput ?? ''),
    cell(unitCost(t.costPer1kTokens), t.costPer1kTokens ?? ''),
    cell(percentChange(t.costPer1kTokensChangePct), t.costPer1kTokensChangePct ?? ''),
  ]);
  const table = htmlTable(
    [
      { header: 'period' },
      { header: 'starting' },
      { header: 'team' },
      { header: 'feature' },
      { header: 'inferences', numeric: true },
      { header: 'spend', numeric: true },
      { header: 'per inference', numeric: true },
      { header: 'change', numeric: true },
      { header: 'per successful output', numeric: true },
      { header: 'per 1K tokens', numeric: true },
      { header: 'change', numeric: true },
    ],
    rows,
    'No unit costs in this period.',
  );
  const outcomes = htmlTable(
    [
      { header: 'day' },
      { header: 'team' },
      { header: 'feature' },
      { header: 'environment' },
      { header: 'model' },
      { header: 'outcome' },
      { header: 'outcomes', numeric: true },
      { header: 'cost per outcome', numeric: true },
    ],
    summary.outcomes.map((o) => [
      cell(o.day),
      cell(o.team),
      cell(o.feature),
      cell(o.environment),
      cell(o.model),
      cell(o.metric),
      cell(count(o.outcomes), o.outcomes ?? ''),
      cell(unitCost(o.costPerOutcome), o.costPerOutcome ?? '', o.estimated ? ESTIMATE : undefined),
    ]),
    'No business outcomes were supplied for this period (genai-finops ingest business-metrics).',
  );
  return section(
    'unit-costs',
    'Unit costs and their trend',
    [
      para(
        'Change is against the previous week or month. A period cut by the report window is partial. Per successful output is higher than per inference because failed calls cost money too.',
      ),
      chart,
      table,
      '<h3>Cost per business outcome</h3>',
      para(
        "Each row is that model and environment's share of the feature's cost per outcome; a feature's rows of a day add up to its cost per outcome.",
      ),
      outcomes,
    ].join('\n'),
  );
}
