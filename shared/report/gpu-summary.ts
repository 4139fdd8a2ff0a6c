import type { QueryResult } from '../ports/query-engine';
import { unitsToCents } from './money';
import { flag, num, type Row, text, units } from './rows';

/** GPU cost and idle cost of one team over the window (the query's 6-decimal amounts, summed exactly). */
export interface GpuTeamLine {
  team: string;
  costCents: bigint;
  idleCents: bigint;
  /** Some hours are priced from the price book, not the bill. */
  estimated: boolean;
  unpriced: number;
}

/** A resource-day the query flagged: non-production on a costly instance, or batch work in peak hours. */
export interface GpuFlag {
  day: string;
  resourceId: string;
  instanceType: string;
  team: string;
  environment: string;
  priority: string;
  costCents: bigint | null;
  utilAvg: number | null;
  reason: 'non-production on a costly instance' | 'batch work in peak hours';
  estimated: boolean;
}

/** One resource-day as the scatter shows it (cost against average utilization), straight from the query. */
export interface GpuPoint {
  day: string;
  resourceId: string;
  team: string;
  cost: number;
  utilAvg: number;
}

export interface GpuSummary {
  costCents: bigint;
  idleCents: bigint;
  estimated: boolean;
  unpriced: number;
  byTeam: GpuTeamLine[];
  flags: GpuFlag[];
  points: GpuPoint[];
}

const SCALE = 6;
const cost = (row: Row, column: string): bigint | null => {
  const v = units(row, column, SCALE);
  return v === null ? null : unitsToCents(v, SCALE);
};

/** Sums the shipped `gpu-efficiency` rows by team and lists the rows it flagged. */
export function summarizeGpu(result: QueryResult): GpuSummary {
  const teams = new Map<string, GpuTeamLine>();
  const flags: GpuFlag[] = [];
  const points: GpuPoint[] = [];
  let costMicros = 0n;
  let idleMicros = 0n;
  let estimated = false;
  let unpriced = 0;
  const byTeamMicros = new Map<string, { cost: bigint; idle: bigint }>();
  for (const row of result.rows) {
    const team = text(row, 'team');
    const line = teams.get(team) ?? { team, costCents: 0n, idleCents: 0n, estimated: false, unpriced: 0 };
    const micros = byTeamMicros.get(team) ?? { cost: 0n, idle: 0n };
    const c = units(row, 'cost', SCALE);
    const i = units(row, 'idle_cost', SCALE);
    const fromBook = text(row, 'rate_source') === 'price_book';
    if (flag(row, 'unpriced')) {
      line.unpriced++;
      unpriced++;
    }
    micros.cost += c ?? 0n;
    micros.idle += i ?? 0n;
    costMicros += c ?? 0n;
    idleMicros += i ?? 0n;
    line.estimated ||= fromBook;
    estimated ||= fromBook;
    teams.set(team, line);
    byTeamMicros.set(team, micros);
    const base = {
      day: text(row, 'usage_date'),
      resourceId: text(row, 'resource_id'),
      instanceType: text(row, 'instance_type', '(unknown)'),
      team,
      environment: text(row, 'environment'),
      priority: text(row, 'priority'),
      costCents: cost(row, 'cost'),
      utilAvg: num(row, 'gpu_util_avg'),
      estimated: fromBook,
    };
    if (flag(row, 'non_production_costly'))
      flags.push({ ...base, reason: 'non-production on a costly instance' });
    if (flag(row, 'batch_in_peak_hours')) flags.push({ ...base, reason: 'batch work in peak hours' });
    const costNumber = num(row, 'cost');
    const util = num(row, 'gpu_util_avg');
    if (costNumber !== null && util !== null)
      points.push({ day: base.day, resourceId: base.resourceId, team, cost: costNumber, utilAvg: util });
  }
  for (const [team, m] of byTeamMicros) {
    const line = teams.get(team) as GpuTeamLine;
    line.costCents = unitsToCents(m.cost, SCALE);
    line.idleCents = unitsToCents(m.idle, SCALE);
  }
  return {
    costCents: unitsToCents(costMicros, SCALE),
    idleCents: unitsToCents(idleMicros, SCALE),
    estimated,
    unpriced,
    byTeam: [...teams.values()].sort((a, b) =>
      a.idleCents === b.idleCents ? a.team.localeCompare(b.team) : a.idleCents > b.idleCents ? -1 : 1,
    ),
    flags,
    points,
  };
}
