import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdentityAggregate } from '../../shared/bedrock/identity-aggregate';
import { encodeParquetColumns, type LakeValue } from '../../shared/lake/parquet';
import {
  bedrockInvocations,
  businessMetrics,
  costDaily,
  gpuHourly,
  identityDaily,
  prices,
  type TableDef,
} from '../../shared/lake/tables';
import type { PriceRow } from '../../shared/pricing/price-row';
import { priceColumns } from '../../shared/pricing/write-prices';

/** An invocation as tests write it: the columns that matter, the rest defaulted. */
export interface Invocation {
  day: string;
  model: string;
  modelId?: string;
  team?: string;
  feature?: string;
  environment?: string;
  identityArn?: string | null;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  error?: string | null;
  region?: string;
}

/** A cost_daily row as tests write it (amounts exact text). */
export interface CostLine {
  day: string;
  service: string;
  usageType: string;
  cost: string;
  estimated?: boolean;
  quantity?: string | null;
  unit?: string | null;
  granularity?: 'DAILY' | 'MONTHLY';
}

/** A gpu_hourly row as tests write it. */
export interface GpuHour {
  hour: string;
  resourceId: string;
  instanceType: string | null;
  util: number;
  max?: number;
  team?: string;
  environment?: string;
  priority?: string;
  gpuCount?: number;
  source?: string;
}

const epoch = (iso: string): number => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

function writeDays(
  root: string,
  table: TableDef,
  days: string[],
  columnsOf: (indexes: number[]) => Record<string, LakeValue[]>,
): void {
  const byDay = new Map<string, number[]>();
  days.forEach((d, i) => {
    byDay.set(d, [...(byDay.get(d) ?? []), i]);
  });
  for (const [day, indexes] of byDay) {
    const dir = join(root, table.name, `dt=${day}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'part-00000.parquet'), encodeParquetColumns(table, columnsOf(indexes)));
  }
}

/** A lake folder holding exactly the given rows (each table by day), for the SQL tests. */
export function writeLake(input: {
  invocations?: Invocation[];
  costs?: CostLine[];
  prices?: PriceRow[];
  gpu?: GpuHour[];
  metrics?: { day: string; team: string; feature: string; name: string; value: string }[];
  dir?: string;
}): string {
  const root = input.dir ?? mkdtempSync(join(tmpdir(), 'finops-lake-'));
  const inv = input.invocations ?? [];
  const invocationColumns = (ix: number[]): Record<string, LakeValue[]> => {
    const rows = ix.map((i) => inv[i] as Invocation);
    return {
      event_time: rows.map((r) => epoch(`${r.day}T12:00:00Z`)),
      request_id: rows.map((_, k) => `req-${ix[k]}`),
      account_id: rows.map(() => '111122223333'),
      region: rows.map((r) => r.region ?? 'us-east-1'),
      operation: rows.map(() => 'Converse'),
      model_id: rows.map((r) => r.modelId ?? r.model),
      model: rows.map((r) => r.model),
      identity_arn: rows.map((r) => (r.identityArn === undefined ? null : r.identityArn)),
      team: rows.map((r) => r.team ?? 'unattributed'),
      feature: rows.map((r) => r.feature ?? 'unattributed'),
      environment: rows.map((r) => r.environment ?? 'unattributed'),
      input_tokens: rows.map((r) => r.input ?? 0),
      output_tokens: rows.map((r) => r.output ?? 0),
      cache_read_tokens: rows.map((r) => r.cacheRead ?? 0),
      cache_write_tokens: rows.map((r) => r.cacheWrite ?? 0),
      error_code: rows.map((r) => r.error ?? null),
    };
  };
  writeDays(
    root,
    bedrockInvocations,
    inv.map((r) => r.day),
    invocationColumns,
  );
  // The day's identity_daily, as the ingest writes it beside the day.
  writeDays(
    root,
    identityDaily,
    inv.map((r) => r.day),
    (ix) => {
      const aggregate = new IdentityAggregate();
      aggregate.add(invocationColumns(ix), ix.length);
      return aggregate.columns().columns;
    },
  );
  const costs = input.costs ?? [];
  writeDays(
    root,
    costDaily,
    costs.map((c) => c.day),
    (ix) => {
      const rows = ix.map((i) => costs[i] as CostLine);
      const next = (d: string) => new Date(epoch(d) + 86_400_000).getTime();
      return {
        usage_date: rows.map((r) => epoch(r.day)),
        service: rows.map((r) => r.service),
        usage_type: rows.map((r) => r.usageType),
        region: rows.map(() => 'us-east-1'),
        linked_account: rows.map(() => '111122223333'),
        team: rows.map(() => 'unattributed'),
        feature: rows.map(() => 'unattributed'),
        environment: rows.map(() => 'unattributed'),
        unblended_cost: rows.map((r) => r.cost),
        amortized_cost: rows.map((r) => r.cost),
        usage_quantity: rows.map((r) => r.quantity ?? null),
        usage_unit: rows.map((r) => r.unit ?? null),
        currency: rows.map(() => 'USD'),
        estimated: rows.map((r) => r.estimated ?? false),
        period_start: rows.map((r) => epoch(r.day)),
        period_end: rows.map((r) => next(r.day)),
        granularity: rows.map((r) => r.granularity ?? 'DAILY'),
      };
    },
  );
  const book = input.prices ?? [];
  writeDays(
    root,
    prices,
    book.map((p) => p.effectiveDate),
    (ix) => priceColumns(ix.map((i) => book[i] as PriceRow)),
  );
  const gpu = input.gpu ?? [];
  writeDays(
    root,
    gpuHourly,
    gpu.map((g) => g.hour.slice(0, 10)),
    (ix) => {
      const rows = ix.map((i) => gpu[i] as GpuHour);
      return {
        hour: rows.map((r) => epoch(r.hour)),
        source: rows.map((r) => r.source ?? 'ec2'),
        resource_id: rows.map((r) => r.resourceId),
        instance_type: rows.map((r) => r.instanceType),
        gpu_count: rows.map((r) => r.gpuCount ?? 1),
        gpu_util_avg: rows.map((r) => r.util),
        gpu_util_max: rows.map((r) => r.max ?? r.util),
        gpu_mem_util_avg: rows.map(() => null),
        team: rows.map((r) => r.team ?? 'unattributed'),
        environment: rows.map((r) => r.environment ?? 'unattributed'),
        priority: rows.map((r) => r.priority ?? 'unattributed'),
        cluster: rows.map(() => null),
      };
    },
  );
  const metrics = input.metrics ?? [];
  writeDays(
    root,
    businessMetrics,
    metrics.map((m) => m.day),
    (ix) => {
      const rows = ix.map((i) => metrics[i] as (typeof metrics)[number]);
      return {
        metric_date: rows.map((r) => epoch(r.day)),
        team: rows.map((r) => r.team),
        feature: rows.map((r) => r.feature),
        metric_name: rows.map((r) => r.name),
        value: rows.map((r) => r.value),
      };
    },
  );
  return root;
}
