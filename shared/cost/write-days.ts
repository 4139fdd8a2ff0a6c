import { type LeaseOptions, withLease } from '../lake/lease';
import { decodeParquet, type LakeColumns, type LakeRow } from '../lake/parquet';
import { PartitionWriter, partitionPrefix } from '../lake/partition-writer';
import { runUnits } from '../lake/run-units';
import { costDaily } from '../lake/tables';
import type { Clock, ObjectStore } from '../ports';
import type { Granularity } from './cell';
import type { CostRow } from './cost-row';
import { compareLakeRows, toLakeRow } from './lake-rows';

/** One partition to replace: its rows of the granularities being replaced. */
export interface DayWrite {
  day: string;
  /** Rows of these granularities are replaced; the partition's other rows are kept. */
  granularities: ReadonlySet<Granularity>;
  rows: CostRow[];
}

/** What writing did, per day. */
export interface DaysWritten {
  written: { day: string; rows: number }[];
  failed: { day: string; error: string }[];
}

/** Groups rows by partition day; `alsoReplace` adds days (with DAILY) that must be emptied when they have none. */
export function planDayWrites(rows: readonly CostRow[], alsoReplace: readonly string[] = []): DayWrite[] {
  const byDay = new Map<string, DayWrite>();
  const entry = (day: string) => {
    let w = byDay.get(day);
    if (!w) {
      w = { day, granularities: new Set<Granularity>(), rows: [] };
      byDay.set(day, w);
    }
    return w;
  };
  for (const day of alsoReplace) (entry(day).granularities as Set<Granularity>).add('DAILY');
  for (const row of rows) {
    const w = entry(row.usageDate);
    (w.granularities as Set<Granularity>).add(row.granularity);
    w.rows.push(row);
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

function columnsOf(rows: readonly LakeRow[]): LakeColumns {
  return Object.fromEntries(costDaily.columns.map((c) => [c.name, rows.map((r) => r[c.name] ?? null)]));
}

async function keptRows(
  store: ObjectStore,
  day: string,
  replaced: ReadonlySet<Granularity>,
): Promise<LakeRow[]> {
  const kept: LakeRow[] = [];
  for await (const o of store.list(partitionPrefix(costDaily, day))) {
    if (!o.key.endsWith('.parquet')) continue;
    for (const row of await decodeParquet(await store.getBytes(o.key)))
      if (!replaced.has(row.granularity as Granularity)) kept.push(row);
  }
  return kept;
}

/**
 * Replaces `cost_daily` partitions, one day at a time under the day's lease: the day's rows of the
 * replaced granularities are swapped for the new ones (a monthly file never wipes daily rows, nor
 * the reverse), sorted so a rerun writes the same bytes. A day that fails does not stop the others.
 */
export async function writeCostDays(
  store: ObjectStore,
  clock: Clock,
  writes: readonly DayWrite[],
  lease?: LeaseOptions,
): Promise<DaysWritten> {
  const byDay = new Map(writes.map((w) => [w.day, w]));
  const written: DaysWritten['written'] = [];
  const result = await runUnits<string, string, number>({
    units: (async function* () {
      yield* byDay.keys();
    })(),
    stage: async (day) => day,
    partitionsOf: (day) => [day],
    compact: (day) =>
      withLease(
        store,
        clock,
        `${costDaily.name}/${costDaily.partitionKey}=${day}`,
        async (held) => {
          const w = byDay.get(day) as DayWrite;
          const rows = [...(await keptRows(store, day, w.granularities)), ...w.rows.map(toLakeRow)];
          rows.sort(compareLakeRows);
          const writer = new PartitionWriter(store, costDaily, day, () => held.check());
          if (rows.length > 0) await writer.add(columnsOf(rows), rows.length);
          await writer.finish();
          return rows.length;
        },
        lease,
      ),
    commit: async (day) => {
      written.push({ day, rows: 0 });
    },
    unitConcurrency: 1,
  });
  for (const w of written) w.rows = result.compacted.get(w.day) ?? 0;
  return { written, failed: result.failed.map((f) => ({ day: f.unit, error: f.error })) };
}
