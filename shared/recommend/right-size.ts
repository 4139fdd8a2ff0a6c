import { scaleMicros } from './micros';
import { smallerModels } from './model-ladder';
import { type ModelUsage, meanOutput, meanPrompt } from './model-usage';
import type { PriceIndex } from './price-index';
import type { QualityBook } from './quality-book';
import type { Recommendation } from './recommendation';
import { tokenCostMicros } from './token-cost';

/** What makes a feature's calls "short and simple" enough to try a smaller model. */
export interface RightSizeSettings {
  maxMeanPromptTokens: number;
  maxMeanOutputTokens: number;
  /** No long context: the 95th-percentile prompt stays under this. */
  maxP95PromptTokens: number;
  maxErrorRatePct: number;
  minInvocations: number;
}

/**
 * Right-size: a team × feature × environment on a large model whose calls are short and simple
 * could move to the next smaller priced model of its family (with evaluations, the first that meets
 * the feature's bar). Saving = the window's tokens at the price gap, scaled to 30 days.
 */
export function rightSizeModels(
  usage: readonly ModelUsage[],
  prices: PriceIndex,
  quality: QualityBook,
  settings: RightSizeSettings,
  windowDays: number,
): Recommendation[] {
  const out: Recommendation[] = [];
  for (const u of usage) {
    if (u.invocations < settings.minInvocations) continue;
    const errorPct = (100 * u.errors) / u.invocations;
    const prompt = meanPrompt(u);
    const output = meanOutput(u);
    if (
      prompt > settings.maxMeanPromptTokens ||
      output > settings.maxMeanOutputTokens ||
      u.p95PromptTokens > settings.maxP95PromptTokens ||
      errorPct > settings.maxErrorRatePct
    )
      continue;
    const current = prices.model(u.model, u.scope);
    if (!current) continue;
    const bar = quality.bar(u.feature);
    const target = smallerModels(u.model).find((m) => {
      if (!prices.model(m, u.scope)) return false;
      if (!bar) return true;
      const score = quality.score(u.feature, m, bar.metric);
      return score !== undefined && score >= bar.minScore;
    });
    if (!target) continue;
    const next = prices.model(target, u.scope);
    if (!next) continue;
    const now = tokenCostMicros(u, current);
    const then = tokenCostMicros(u, next);
    const saving = scaleMicros(now - then, 30n, BigInt(windowDays));
    if (saving <= 0n) continue;
    out.push({
      kind: 'right-size-model',
      team: u.team,
      feature: u.feature,
      environment: u.environment,
      resource: u.model,
      evidence: {
        invocations: u.invocations,
        mean_prompt_tokens: Math.round(prompt),
        mean_output_tokens: Math.round(output),
        p95_prompt_tokens: u.p95PromptTokens,
        error_rate_pct: Number(errorPct.toFixed(2)),
        input_tokens: u.inputTokens,
        output_tokens: u.outputTokens,
        cache_read_tokens: u.cacheReadTokens,
        cache_write_tokens: u.cacheWriteTokens,
        price_in_out_per_1m: `${current.input}/${current.output}`,
        target_price_in_out_per_1m: `${next.input}/${next.output}`,
        window_days: windowDays,
        ...(bar
          ? {
              quality_bar: `${bar.metric} >= ${bar.minScore}`,
              target_score: quality.score(u.feature, target, bar.metric) ?? '',
            }
          : {}),
      },
      monthlySavingMicros: saving,
      confidence: bar ? 'high' : 'medium',
      action: `Try ${target} for ${u.feature} (${u.environment}): its calls are short and simple${bar ? ' and it meets the quality bar' : '; check quality on an evaluation set first'}.`,
    });
  }
  return out;
}
