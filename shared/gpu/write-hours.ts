import { type LeaseOptions, withLease } from '../lake/lease';
import { decodeParquet, type LakeRow, type LakeValue } from '../lake/parquet';
import { partitionPrefix, replacePartition } from '../lake/partition-writer';
import { type FailedUnit, runUnits } from '../lake/run-units';
import { gpuHourly } from '../lake/tables';
import { dayOf, daysTouched } from '../lake/utc';
import type { Clock, ObjectStore } from '../ports';

/** The UTC days (`YYYY-MM-DD`) that [start, end) touches. */
export function daysOf(window: { start: number; end: number }): string[] {
  return daysTouched(window.start, window.end);
}

/** What writing the hours did. */
export interface HoursWritten {
  partitions: { dt: string; rows: number }[];
  rowsWritten: number;
  failed: FailedUnit<string>[];
}

/** The `gpu_hourly` columns a run that reads no memory leaves as they are (`GpuRunPlan.readMemory`). */
export const MEMORY_COLUMNS: readonly string[] = ['gpu_mem_util_avg'];

/** How to write: the day's lease, and columns a replaced row keeps from the row it replaces. */
export interface WriteHoursOptions {
  lease?: LeaseOptions;
  /**
   * Columns taken from the lake's row of the same hour, source and resource (NULL when it has none)
   * instead of from `rows`: what a run that did not read them leaves untouched.
   */
  keepColumns?: readonly string[];
}

const rowKey = (r: LakeRow): string =>
  `${r.hour as number}\u0000${String(r.source)}\u0000${String(r.resource_id)}`;

const compare = (a: LakeRow, b: LakeRow): number =>
  (a.hour as number) - (b.hour as number) ||
  String(a.source).localeCompare(String(b.source)) ||
  (String(a.resource_id) < String(b.resource_id)
    ? -1
    : String(a.resource_id) > String(b.resource_id)
      ? 1
      : 0);

/**
 * Replaces the hours [start, end) of `sources` in `gpu_hourly` with `rows`, day by day under each
 * day's lease: rows of a day's other hours and other sources are kept (saved files of one source
 * leave the others alone) (an hourly run re-reads only its look-back), the day is
 * sorted (hour, source, resource_id) and rewritten under deterministic keys, so a rerun writes
 * byte-identical files. `keepColumns` are carried over from the rows replaced, so a run that reads
 * utilization alone keeps the memory an earlier run wrote. A day that fails is reported and the
 * others still written.
 */
export async function writeGpuHours(
  store: ObjectStore,
  clock: Clock,
  rows: readonly LakeRow[],
  window: { start: number; end: number },
  sources: readonly string[],
  options: WriteHoursOptions = {},
): Promise<HoursWritten> {
  const { lease, keepColumns = [] } = options;
  const replaced = new Set(sources);
  const byDay = new Map<string, LakeRow[]>();
  for (const row of rows) {
    const dt = dayOf(row.hour as number);
    let list = byDay.get(dt);
    if (!list) {
      list = [];
      byDay.set(dt, list);
    }
    list.push(row);
  }
  const days = daysOf(window);
  const result = await runUnits<string, string, number>({
    units: (async function* () {
      yield* days;
    })(),
    stage: async (dt) => dt,
    partitionsOf: (dt) => [dt],
    compact: (dt) =>
      withLease(
        store,
        clock,
        `${gpuHourly.name}/dt=${dt}`,
        async (held) => {
          const kept: LakeRow[] = [];
          const previous = new Map<string, LakeRow>();
          for await (const o of store.list(partitionPrefix(gpuHourly, dt))) {
            if (!o.key.endsWith('.parquet')) continue;
            for (const row of await decodeParquet(await store.getBytes(o.key))) {
              const hour = row.hour as number;
              if (hour < window.start || hour >= window.end || !replaced.has(row.source as string))
                kept.push(row);
              else if (keepColumns.length > 0) previous.set(rowKey(row), row);
            }
          }
          const fresh = (byDay.get(dt) ?? []).map((row) => {
            if (keepColumns.length === 0) return row;
            const before = previous.get(rowKey(row));
            const carried: LakeRow = { ...row };
            for (const c of keepColumns) carried[c] = before?.[c] ?? null;
            return carried;
          });
          const all = [...kept, ...fresh].sort(compare);
          const columns: Record<string, LakeValue[]> = {};
          for (const c of gpuHourly.columns) columns[c.name] = all.map((r) => r[c.name] ?? null);
          await replacePartition(store, gpuHourly, dt, columns, all.length, () => held.check());
          return all.length;
        },
        lease,
      ),
    commit: async () => {},
    unitConcurrency: 1,
  });
  const partitions = [...result.compacted]
    .map(([dt, n]) => ({ dt, rows: n }))
    .sort((a, b) => (a.dt < b.dt ? -1 : 1));
  return {
    partitions,
    rowsWritten: rows.length - result.failed.reduce((n, f) => n + (byDay.get(f.unit)?.length ?? 0), 0),
    failed: result.failed,
  };
}
