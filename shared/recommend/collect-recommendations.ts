import type { RecommendConfig } from '../config/recommend-schema';
import type { QueryEngine, SqlValue } from '../ports/query-engine';
import type { ReportRecommendation } from '../report/report-input';
import { runQueries } from '../sql/finops/run-queries';
import type { UsageDaysOf } from '../sql/finops/usage-days';
import { renderSql } from '../sql/params';
import { commitments } from './commitments';
import { type EndpointTokens, endpointOfArn, gpuLowOutputValue } from './gpu-low-output-value';
import { gpuOffPeak } from './gpu-off-peak';
import { type GpuResource, utilizationHeatmap } from './gpu-resource';
import { type GpuSettings, gpuWaste } from './gpu-waste';
import { centsOf, dollarsText, roundDiv } from './micros';
import { type FeatureQuality, modelQualityVsCost } from './model-quality';
import type { ModelUsage } from './model-usage';
import { costPerOutcomeTrend, microsOfDollars, type OutcomeDay } from './outcome-trend';
import { PriceIndex } from './price-index';
import { promptCaching } from './prompt-caching';
import { QualityBook } from './quality-book';
import {
  endpointTokensSql,
  evaluationScoresSql,
  gpuHoursSql,
  listPricesSql,
  modelUsageSql,
} from './recommend-sql';
import { type Recommendation, sortRecommendations } from './recommendation';
import { rightSizeModels } from './right-size';

/** What recommend needs besides the engine: the window, the configuration's settings. */
export interface RecommendSettings {
  from: string;
  to: string;
  unattributed: string;
  costlyRate: number;
  peakStart: number;
  peakEnd: number;
  recommend: RecommendConfig;
  /** Where each day's usage is read (`usageDaysOf(lake)`); absent, every day from bedrock_invocations. */
  usageDays?: UsageDaysOf;
}

/** The recommendations, largest saving first, their total, and the tables they rest on. */
export interface RecommendationSet {
  recommendations: Recommendation[];
  totalMicros: bigint;
  quality: FeatureQuality[];
  /** Mean GPU utilization per UTC hour of week (Monday 00:00 = 0), null where nothing reported. */
  heatmap: (number | null)[];
}

const num = (v: SqlValue | undefined): number => (v === null || v === undefined ? 0 : Number(v));
const str = (v: SqlValue | undefined): string => (v === null || v === undefined ? '' : String(v));
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

/**
 * Runs the queries recommend rests on (its own SQL and the shipped gpu-efficiency and unit-costs)
 * over the window, and every detector over the results. What `recommend` prints and the report shows.
 */
export async function collectRecommendations(
  engine: QueryEngine,
  s: RecommendSettings,
): Promise<RecommendationSet> {
  const window = { from: s.from, to: s.to };
  const windowDays = days(s.from, s.to);
  const q = async (spec: { sql: string; params: never } | { sql: string; params: object }, values: object) =>
    (await engine.query(renderSql(spec.sql, spec.params as never, values as never))).rows;

  const priceRows = await q(listPricesSql, { to: s.to });
  const prices = new PriceIndex(
    priceRows.map((r) => ({
      item: str(r.item),
      scope: str(r.scope),
      charge: str(r.charge),
      price: str(r.price),
    })),
  );
  const usage: ModelUsage[] = (await q(modelUsageSql, window)).map((r) => ({
    team: str(r.team),
    feature: str(r.feature),
    environment: str(r.environment),
    model: str(r.model),
    scope: str(r.scope),
    invocations: num(r.invocations),
    errors: num(r.errors),
    inputTokens: num(r.input_tokens),
    outputTokens: num(r.output_tokens),
    cacheReadTokens: num(r.cache_read_tokens),
    cacheWriteTokens: num(r.cache_write_tokens),
    p95PromptTokens: num(r.p95_prompt_tokens),
    activeSlots: num(r.active_slots),
  }));
  const scores = (await q(evaluationScoresSql, { to: s.to })).map((r) => ({
    feature: str(r.feature),
    model: str(r.model),
    metric: str(r.metric),
    score: num(r.score),
  }));
  const quality = new QualityBook(scores, s.recommend.qualityBars, s.recommend.defaultQualityBar);

  const shipped = await runQueries(
    engine,
    ['gpuEfficiency', 'unitCosts'],
    {
      ...window,
      unattributed: s.unattributed,
      costly_rate: s.costlyRate,
      peak_start: s.peakStart,
      peak_end: s.peakEnd,
    },
    s.usageDays,
  );
  const [gpuEff, unitCosts] = shipped.results.map((r) => r.result.rows) as [
    Record<string, SqlValue>[],
    Record<string, SqlValue>[],
  ];

  // GPU resources: cost from gpu-efficiency (exact, 6 decimals), hours from gpu_hourly.
  const resources = new Map<string, GpuResource>();
  for (const r of gpuEff) {
    const key = `${str(r.source)}|${str(r.resource_id)}`;
    const found = resources.get(key) ?? {
      resourceId: str(r.resource_id),
      source: str(r.source),
      instanceType: r.instance_type === null ? null : str(r.instance_type),
      team: str(r.team),
      environment: str(r.environment),
      priority: str(r.priority),
      costMicros: 0n,
      hours: [],
    };
    if (r.cost !== null) found.costMicros += microsOfDollars(str(r.cost));
    resources.set(key, found);
  }
  const hourKeys = new Set<string>();
  for (const r of await q(gpuHoursSql, window)) {
    const found = resources.get(`${str(r.source)}|${str(r.resource_id)}`);
    hourKeys.add(`${str(r.day)} ${num(r.hod)}`);
    found?.hours.push({
      day: str(r.day),
      hour: num(r.hod),
      utilAvg: num(r.gpu_util_avg),
      gpuCount: num(r.gpu_count),
    });
  }
  const fleet = [...resources.values()].filter((r) => r.costMicros > 0n);
  const span = Math.max(1, hourKeys.size);
  const gpuSettings: GpuSettings = {
    ...s.recommend.gpu,
    costlyRate: s.costlyRate,
    peakStart: s.peakStart,
    peakEnd: s.peakEnd,
  };
  const waste = gpuWaste(fleet, gpuSettings, span);
  const offPeak = gpuOffPeak(fleet, gpuSettings, span);
  // Resources told to stop (idle, or in the day for batch work off-peak) are not told to commit.
  const stopped = new Set(
    [...waste.filter((w) => w.kind === 'gpu-idle'), ...offPeak].map(
      (w) => w.resource.split(' ')[0] as string,
    ),
  );
  const endpointTokens: EndpointTokens[] = [];
  for (const r of await q(endpointTokensSql, window)) {
    const endpoint = endpointOfArn(str(r.model));
    if (endpoint)
      endpointTokens.push({
        endpoint,
        day: str(r.day),
        hour: num(r.hod),
        inputTokens: num(r.input_tokens),
        outputTokens: num(r.output_tokens),
      });
  }
  // An endpoint another GPU recommendation covers is not also told its output is low.
  const covered = new Set(waste.map((w) => w.resource.split(' ')[0] as string));
  const lowOutput = gpuLowOutputValue(fleet, endpointTokens, prices, s.recommend.gpu, span, covered);
  // What is told to move to a managed model is not also told to commit.
  for (const r of lowOutput)
    if (r.evidence.saving_basis === 'managed model')
      for (const id of r.resource.split(' ')[0]?.split(',') ?? []) stopped.add(id);

  // Cost per outcome: unit-costs rows summed per day × team × feature (outcomes repeat on each row).
  const outcomeDays = new Map<string, OutcomeDay>();
  for (const r of unitCosts) {
    if (r.outcomes === null || r.outcome_metric === null || r.allocated_cost === null) continue;
    const key = `${str(r.usage_date)}|${str(r.team)}|${str(r.feature)}`;
    const day = outcomeDays.get(key) ?? {
      day: str(r.usage_date),
      team: str(r.team),
      feature: str(r.feature),
      metric: str(r.outcome_metric),
      costMicros: 0n,
      outcomes: num(r.outcomes),
    };
    day.costMicros += microsOfDollars(str(r.allocated_cost));
    outcomeDays.set(key, day);
  }

  const qualityResult = modelQualityVsCost(usage, prices, quality, windowDays);
  const qualityFeatures = new Set(qualityResult.recommendations.map((r) => r.feature));
  const all = [
    // A feature told which evaluated model to use is not also told to downsize (the savings would overlap).
    ...rightSizeModels(usage, prices, quality, s.recommend.rightSize, windowDays).filter(
      (r) => !qualityFeatures.has(r.feature),
    ),
    ...qualityResult.recommendations,
    ...costPerOutcomeTrend([...outcomeDays.values()], s.recommend.outcomeGapPct),
    ...waste,
    ...offPeak,
    ...lowOutput,
    ...promptCaching(usage, prices, s.recommend.promptCaching, windowDays),
    ...commitments(fleet, prices, [...hourKeys].sort(), stopped),
  ];
  // Under a cent a month is noise, not a recommendation.
  const recommendations = sortRecommendations(all.filter((r) => r.monthlySavingMicros >= 10_000n));
  return {
    recommendations,
    totalMicros: recommendations.reduce((sum, r) => sum + r.monthlySavingMicros, 0n),
    quality: qualityResult.tables,
    heatmap: utilizationHeatmap(fleet),
  };
}

/** The report's view of the recommendations: a title, the team, the saving in cents. */
export function toReportRecommendations(recs: readonly Recommendation[]): ReportRecommendation[] {
  return recs.map((r) => ({
    title: `${r.kind}: ${r.action}`,
    team: r.team,
    savingCents: centsOf(r.monthlySavingMicros),
  }));
}

/** `$1234.57` for a saving. */
export const savingText = (micros: bigint): string => `$${dollarsText(micros)}`;
export { roundDiv };
