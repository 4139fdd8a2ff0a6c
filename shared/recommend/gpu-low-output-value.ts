import type { GpuResource } from './gpu-resource';
import { dollarsText, microsText, roundDiv, scaleMicros, tokenMicros } from './micros';
import type { PriceIndex } from './price-index';
import type { Recommendation } from './recommendation';

/** Tokens a model endpoint served in one UTC hour (Bedrock calls whose model id is the endpoint's ARN). */
export interface EndpointTokens {
  /** SageMaker endpoint name, as in the ARN (`…:endpoint/<name>`). */
  endpoint: string;
  day: string;
  hour: number;
  inputTokens: number;
  outputTokens: number;
}

/** When a GPU endpoint counts as saturated, when its output as low, and the managed model to compare. */
export interface LowOutputSettings {
  saturatedUtilPct: number;
  /** Low: tokens per GPU-hour under this share of the reference (the fleet's, else the managed break-even). */
  lowOutputPct: number;
  /** The managed Bedrock model whose list price its tokens are compared with (in-Region price). */
  managedModel: string;
  minHours: number;
}

const HOURS_PER_MONTH = 730n;

/** The endpoint name of a SageMaker endpoint ARN (`arn:aws:sagemaker:<region>:<account>:endpoint/<name>`). */
export function endpointOfArn(modelId: string): string | undefined {
  const m = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:\d*:endpoint\/([^/]+)$/i.exec(modelId);
  return m?.[1]?.toLowerCase();
}

/** One served endpoint over the window: its variants' cost, GPU-hours, utilization and tokens in their hours. */
interface Served {
  endpoint: string;
  resources: GpuResource[];
  hours: number;
  gpuHours: bigint;
  meanUtil: number;
  costMicros: bigint;
  inputTokens: bigint;
  outputTokens: bigint;
  tokens: bigint;
}

function served(resources: readonly GpuResource[], tokens: readonly EndpointTokens[]): Served[] {
  const byEndpoint = new Map<string, GpuResource[]>();
  for (const r of resources) {
    if (r.source !== 'sagemaker') continue;
    const name = (r.resourceId.split('/')[0] ?? '').toLowerCase();
    byEndpoint.set(name, [...(byEndpoint.get(name) ?? []), r]);
  }
  const tokensAt = new Map<string, EndpointTokens[]>();
  for (const t of tokens) {
    const key = `${t.endpoint.toLowerCase()}|${t.day}|${t.hour}`;
    tokensAt.set(key, [...(tokensAt.get(key) ?? []), t]);
  }
  const out: Served[] = [];
  for (const [endpoint, group] of byEndpoint) {
    const hourKeys = new Set(group.flatMap((r) => r.hours.map((h) => `${endpoint}|${h.day}|${h.hour}`)));
    let inputTokens = 0n;
    let outputTokens = 0n;
    for (const key of hourKeys)
      for (const t of tokensAt.get(key) ?? []) {
        inputTokens += BigInt(t.inputTokens);
        outputTokens += BigInt(t.outputTokens);
      }
    const all = group.flatMap((r) => r.hours);
    const gpuHours = all.reduce((s, h) => s + BigInt(h.gpuCount), 0n);
    const busy = all.reduce((s, h) => s + h.gpuCount * h.utilAvg, 0);
    out.push({
      endpoint,
      resources: group,
      hours: hourKeys.size,
      gpuHours,
      meanUtil: gpuHours > 0n ? busy / Number(gpuHours) : 0,
      costMicros: group.reduce((s, r) => s + r.costMicros, 0n),
      inputTokens,
      outputTokens,
      tokens: inputTokens + outputTokens,
    });
  }
  return out.filter((e) => e.tokens > 0n && e.gpuHours > 0n && e.costMicros > 0n);
}

const perGpuHour = (tokens: bigint, gpuHours: bigint) => Number(tokens) / Number(gpuHours);
const per1M = (micros: bigint, tokens: bigint) => microsText(roundDiv(micros * 1_000_000n, tokens));

/**
 * Saturated GPUs whose output value is low: a SageMaker endpoint serving a model through Bedrock
 * (calls whose model id is its ARN) at `saturatedUtilPct` or more mean utilization, serving fewer
 * than `lowOutputPct`% of the reference tokens per GPU-hour. The reference is the other served
 * endpoints' pooled tokens per GPU-hour; with none, the managed model's break-even (the rate at
 * which the endpoint's cost per token equals the managed price). Saving, the larger of: reaching
 * the fleet's throughput (cost × (1 − own ÷ fleet tokens per GPU-hour)) and moving its tokens to
 * the managed model (cost − the tokens at its price), scaled to 730 hours. `exclude` holds
 * resources another GPU recommendation already covers.
 */
export function gpuLowOutputValue(
  resources: readonly GpuResource[],
  tokens: readonly EndpointTokens[],
  prices: PriceIndex,
  settings: LowOutputSettings,
  spanHours: number,
  exclude: ReadonlySet<string> = new Set(),
): Recommendation[] {
  const endpoints = served(resources, tokens);
  const managed = prices.model(settings.managedModel, 'in-region');
  const out: Recommendation[] = [];
  for (const e of endpoints) {
    if (e.hours < settings.minHours || e.meanUtil < settings.saturatedUtilPct) continue;
    if (e.resources.some((r) => exclude.has(r.resourceId))) continue;
    const others = endpoints.filter((o) => o !== e);
    const fleetTokens = others.reduce((s, o) => s + o.tokens, 0n);
    const fleetGpuHours = others.reduce((s, o) => s + o.gpuHours, 0n);
    const fleetCost = others.reduce((s, o) => s + o.costMicros, 0n);
    const managedMicros = managed
      ? tokenMicros(e.inputTokens, managed.input) + tokenMicros(e.outputTokens, managed.output)
      : undefined;
    const low = BigInt(Math.round(settings.lowOutputPct * 100)); // basis points
    // own ÷ reference < lowOutputPct %, in integers: own tokens/GPU-h × 100 < pct × reference.
    if (fleetTokens > 0n) {
      if (e.tokens * fleetGpuHours * 100n * 100n >= low * fleetTokens * e.gpuHours) continue;
    } else if (managedMicros === undefined || managedMicros * 100n * 100n >= low * e.costMicros) continue;
    const atFleet =
      fleetTokens > 0n
        ? e.costMicros - roundDiv(e.costMicros * e.tokens * fleetGpuHours, e.gpuHours * fleetTokens)
        : undefined;
    const atManaged = managedMicros === undefined ? undefined : e.costMicros - managedMicros;
    const useManaged = atManaged !== undefined && (atFleet === undefined || atManaged > atFleet);
    const windowSaving = (useManaged ? atManaged : atFleet) ?? 0n;
    if (windowSaving <= 0n) continue;
    const first = e.resources[0] as GpuResource;
    const own = perGpuHour(e.tokens, e.gpuHours);
    const fleet = fleetTokens > 0n ? perGpuHour(fleetTokens, fleetGpuHours) : undefined;
    const managedName = settings.managedModel;
    out.push({
      kind: 'gpu-low-output-value',
      team: first.team,
      feature: null,
      environment: first.environment,
      resource: `${e.resources.map((r) => r.resourceId).join(',')} (${first.instanceType ?? 'unknown type'})`,
      evidence: {
        hours: e.hours,
        gpu_hours: Number(e.gpuHours),
        mean_gpu_util_pct: Number(e.meanUtil.toFixed(2)),
        input_tokens: Number(e.inputTokens),
        output_tokens: Number(e.outputTokens),
        tokens_per_gpu_hour: Math.round(own),
        fleet_tokens_per_gpu_hour: fleet === undefined ? 'no other served endpoint' : Math.round(fleet),
        window_cost: microsText(e.costMicros),
        cost_per_1m_tokens: per1M(e.costMicros, e.tokens),
        fleet_cost_per_1m_tokens: fleetTokens > 0n ? per1M(fleetCost, fleetTokens) : '',
        managed_model: managedName,
        managed_price_in_out_per_1m: managed ? `${managed.input}/${managed.output}` : 'not priced',
        managed_cost_of_tokens: managedMicros === undefined ? '' : microsText(managedMicros),
        saving_basis: useManaged ? 'managed model' : 'fleet throughput',
        window_saving: microsText(windowSaving),
        span_hours: spanHours,
      },
      monthlySavingMicros: scaleMicros(windowSaving, HOURS_PER_MONTH, BigInt(spanHours)),
      confidence: fleet === undefined ? 'low' : 'medium',
      action: `${e.endpoint} is ${e.meanUtil.toFixed(0)}% busy but serves ${Math.round(own).toLocaleString('en-US')} tokens per GPU-hour${fleet === undefined ? '' : ` (the fleet: ${Math.round(fleet).toLocaleString('en-US')})`}: ${useManaged ? `move its traffic to ${managedName} (its tokens would cost $${dollarsText(managedMicros ?? 0n)} there), or ` : ''}batch requests, quantize the model or use a smaller instance${useManaged ? '' : " to reach the fleet's throughput"}.`,
    });
  }
  return out;
}
