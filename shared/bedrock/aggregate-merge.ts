import type { LakeColumns, LakeValue } from '../lake/parquet';
import { identityDaily, type TableDef, usageHourly } from '../lake/tables';
import { IDENTITY_DIMENSIONS, NO_IDENTITY } from './identity-aggregate';
import { USAGE_DIMENSIONS } from './usage-aggregate';

/** The grouping columns of each day aggregate, in the order its aggregator sorts them. */
const GROUPING: Record<string, readonly string[]> = {
  [usageHourly.name]: ['hour', 'minute', ...USAGE_DIMENSIONS],
  [identityDaily.name]: IDENTITY_DIMENSIONS,
};

/** As the aggregators code a NULL identity: before every text. */
const sortable = (v: LakeValue): string | number => (v === null ? NO_IDENTITY : (v as string | number));

/**
 * Sums partial day aggregates (`usage_hourly` or `identity_daily`, each over a disjoint share of a
 * day's rows, as the fan-out's merge steps write them) into the day's aggregate, sorted as
 * `UsageAggregate` and `IdentityAggregate` sort: the same columns as one aggregate over every row.
 */
export function sumAggregates(
  table: TableDef,
  partials: readonly { rows: number; columns: LakeColumns }[],
): { rows: number; columns: Record<string, LakeValue[]> } {
  const keys = GROUPING[table.name];
  if (!keys) throw new Error(`${table.name} is not a day aggregate`);
  const sums = table.columns.map((c) => c.name).filter((c) => !keys.includes(c));
  const groups = new Map<string, { key: LakeValue[]; sums: number[] }>();
  for (const { rows, columns } of partials) {
    const keyColumns = keys.map((k) => columns[k] as readonly LakeValue[]);
    const sumColumns = sums.map((s) => columns[s] as readonly LakeValue[]);
    for (let i = 0; i < rows; i++) {
      const key = keyColumns.map((k) => k[i] ?? null);
      const id = JSON.stringify(key);
      let g = groups.get(id);
      if (!g) {
        g = { key, sums: sums.map(() => 0) };
        groups.set(id, g);
      }
      for (let s = 0; s < sums.length; s++) (g.sums[s] as number) += Number(sumColumns[s]?.[i] ?? 0);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const x = sortable(a.key[k] ?? null);
      const y = sortable(b.key[k] ?? null);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  const out: Record<string, LakeValue[]> = Object.fromEntries(table.columns.map((c) => [c.name, []]));
  for (const g of sorted) {
    keys.forEach((k, i) => {
      (out[k] as LakeValue[]).push(g.key[i] ?? null);
    });
    sums.forEach((s, i) => {
      (out[s] as LakeValue[]).push(g.sums[i] as number);
    });
  }
  return { rows: sorted.length, columns: out };
}
