import { barsSpec, dailySpendSpec } from './chart-specs';
import { figure, para, section } from './figure';
import { type Cell, cell, ESTIMATE, htmlTable } from './html-table';
import { dollars, percentChange } from './money';
import { changePct, type SpendLine, type SpendSummary } from './spend-summary';

const toDollars = (cents: bigint): number => Number(cents) / 100;

function spendRows(lines: readonly SpendLine[]): Cell[][] {
  return lines.map((l) => {
    const change = changePct(l.cents, l.previousCents);
    return [
      cell(l.key),
      cell(dollars(l.cents), l.cents, l.estimated ? ESTIMATE : undefined),
      cell(dollars(l.previousCents), l.previousCents),
      cell(percentChange(change), change ?? ''),
    ];
  });
}

const COLUMNS = (name: string) => [
  { header: name },
  { header: 'spend', numeric: true },
  { header: 'previous period', numeric: true },
  { header: 'change', numeric: true },
];

/** Spend by team, feature, environment and model: the `allocation` query's amounts, summed. */
export async function spendSection(spend: SpendSummary): Promise<string> {
  const daily = await figure(
    dailySpendSpec(
      spend.daily.map((d) => ({ day: d.day, team: d.team, dollars: toDollars(d.cents) })),
      'Daily GenAI spend by team',
    ),
    spend.daily.length > 0,
    'Allocated Bedrock cost per UTC day, stacked by team (the allocation query).',
    'No Bedrock spend in this period.',
  );
  const models = await figure(
    barsSpec(
      spend.byModel.map((l) => ({ label: l.key, value: toDollars(l.cents) })),
      'Spend by model',
      'model',
    ),
    spend.byModel.length > 0,
    'Allocated cost per model over the period.',
    'No model spend in this period.',
  );
  const estimateNote = spend.estimated
    ? para(
        'Amounts marked ESTIMATE are list-price estimates: the bill for those days has not arrived from Cost Explorer yet. The rest is the billed cost, allocated by price-weighted token use.',
      )
    : para('All amounts are billed cost (Cost Explorer), allocated by price-weighted token use.');
  const unpriced =
    spend.unpriced > 0
      ? para(`${spend.unpriced} cells have usage but no price (cost unknown, not zero): see the price book.`)
      : '';
  return section(
    'spend',
    'Spend by team, feature, environment and model',
    [
      estimateNote,
      unpriced,
      daily,
      '<h3>By team</h3>',
      htmlTable(COLUMNS('team'), spendRows(spend.byTeam), 'No spend in this period.'),
      '<h3>By feature</h3>',
      htmlTable(COLUMNS('team · feature'), spendRows(spend.byFeature), 'No spend in this period.'),
      '<h3>By environment</h3>',
      htmlTable(COLUMNS('environment'), spendRows(spend.byEnvironment), 'No spend in this period.'),
      '<h3>By model</h3>',
      models,
      htmlTable(COLUMNS('model'), spendRows(spend.byModel), 'No spend in this period.'),
    ].join('\n'),
  );
}
