import type { TopLevelSpec } from 'vega-lite';

/** Chart data: plain records, numbers already in dollars (for display only; tables carry exact amounts). */
export type Datum = Record<string, string | number>;

const WIDTH = 620;
const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: WIDTH,
  height: 220,
  background: 'white',
  config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 11 }, legend: { labelLimit: 180 } },
} as const;

const money = { format: '$,.2f' } as const;

/** Stacked bars: daily spend by team. */
export function dailySpendSpec(values: Datum[], title: string): TopLevelSpec {
  return {
    ...BASE,
    title,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'day', type: 'ordinal', title: 'UTC day', axis: { labelAngle: -40 } },
      y: { field: 'dollars', type: 'quantitative', title: 'USD', axis: money },
      color: {
        field: 'team',
        type: 'nominal',
        title: 'team',
        sort: { field: 'dollars', order: 'descending' },
      },
      tooltip: [{ field: 'team' }, { field: 'day' }, { field: 'dollars', format: '$,.2f' }],
    },
  } as TopLevelSpec;
}

/** Horizontal bars: one amount per label, largest first. */
export function barsSpec(values: Datum[], title: string, label: string, valueTitle = 'USD'): TopLevelSpec {
  return {
    ...BASE,
    height: Math.max(60, Math.min(values.length, 25) * 18),
    title,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'label', type: 'nominal', title: label, sort: '-x', axis: { labelLimit: 220 } },
      x: { field: 'value', type: 'quantitative', title: valueTitle, axis: valueTitle === 'USD' ? money : {} },
    },
  } as TopLevelSpec;
}

/** Lines with points: a unit cost per period for a few series (one point still shows). */
export function trendSpec(values: Datum[], title: string, valueTitle: string): TopLevelSpec {
  return {
    ...BASE,
    title,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'period', type: 'ordinal', title: 'week starting' },
      y: { field: 'value', type: 'quantitative', title: valueTitle, axis: { format: '$,.4f' } },
      color: { field: 'series', type: 'nominal', title: 'team · feature' },
    },
  } as TopLevelSpec;
}

/** A line of a percentage per day. */
export function shareSpec(values: Datum[], title: string): TopLevelSpec {
  return {
    ...BASE,
    height: 160,
    title,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'day', type: 'ordinal', title: 'UTC day', axis: { labelAngle: -40 } },
      y: { field: 'pct', type: 'quantitative', title: '% of spend unattributed' },
    },
  } as TopLevelSpec;
}

/** Points: cost of each GPU resource-day against its average utilization. */
export function gpuScatterSpec(values: Datum[], title: string): TopLevelSpec {
  return {
    ...BASE,
    title,
    data: { values },
    mark: { type: 'point', filled: true, size: 60 },
    encoding: {
      x: {
        field: 'util',
        type: 'quantitative',
        title: 'average GPU utilization (%)',
        scale: { domain: [0, 100] },
      },
      y: { field: 'cost', type: 'quantitative', title: 'cost per day (USD)', axis: money },
      color: { field: 'team', type: 'nominal', title: 'team' },
    },
  } as TopLevelSpec;
}

/** Grouped bars: the list-price estimate against the bill per day. */
export function estimateVsBillSpec(values: Datum[], title: string): TopLevelSpec {
  return {
    ...BASE,
    title,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'day', type: 'ordinal', title: 'UTC day', axis: { labelAngle: -40 } },
      xOffset: { field: 'kind' },
      y: { field: 'dollars', type: 'quantitative', title: 'USD', axis: money },
      color: { field: 'kind', type: 'nominal', title: '' },
    },
  } as TopLevelSpec;
}
