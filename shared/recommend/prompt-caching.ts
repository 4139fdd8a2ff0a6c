import { roundDiv, scaleMicros, tokenMicros } from './micros';
import { type ModelUsage, meanPrompt } from './model-usage';
import type { PriceIndex } from './price-index';
import type { Recommendation } from './recommendation';

/** When a feature's prompts count as long and repeated, and how much of them is a stable prefix. */
export interface PromptCachingSettings {
  minMeanPromptTokens: number;
  maxCacheReadSharePct: number;
  /** Assumed share of fresh input tokens that is a stable prefix (system prompt, instructions). */
  cacheablePrefixPct: number;
  minInvocations: number;
}

/**
 * Prompt caching: long prompts with a low cache-read share on a model that has a cache-read price.
 * Repetition is measured: with calls in `activeSlots` five-minute slots (the cache TTL), one call per
 * slot writes the prefix and the others read it. Saving = reads × (input − cache read price) minus
 * writes × (cache write − input price), on the cacheable prefix tokens, scaled to 30 days.
 */
export function promptCaching(
  usage: readonly ModelUsage[],
  prices: PriceIndex,
  settings: PromptCachingSettings,
  windowDays: number,
): Recommendation[] {
  const out: Recommendation[] = [];
  for (const u of usage) {
    if (u.invocations < settings.minInvocations || u.activeSlots <= 0) continue;
    const p = prices.model(u.model, u.scope);
    if (!p?.cacheRead) continue;
    const prompt = meanPrompt(u);
    const promptTokens = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
    const readSharePct = promptTokens > 0 ? (100 * u.cacheReadTokens) / promptTokens : 0;
    if (prompt < settings.minMeanPromptTokens || readSharePct >= settings.maxCacheReadSharePct) continue;
    const cacheable = roundDiv(BigInt(u.inputTokens) * BigInt(settings.cacheablePrefixPct), 100n);
    const inv = BigInt(u.invocations);
    const slots = BigInt(Math.min(u.activeSlots, u.invocations));
    const reads = roundDiv(cacheable * (inv - slots), inv);
    const writes = cacheable - reads;
    const write = p.cacheWrite ?? p.input;
    const saving =
      tokenMicros(reads, p.input) -
      tokenMicros(reads, p.cacheRead) -
      (tokenMicros(writes, write) - tokenMicros(writes, p.input));
    const monthly = scaleMicros(saving, 30n, BigInt(windowDays));
    if (monthly <= 0n) continue;
    out.push({
      kind: 'prompt-caching',
      team: u.team,
      feature: u.feature,
      environment: u.environment,
      resource: u.model,
      evidence: {
        invocations: u.invocations,
        mean_prompt_tokens: Math.round(prompt),
        cache_read_share_pct: Number(readSharePct.toFixed(2)),
        active_5min_slots: u.activeSlots,
        calls_per_5min_slot: Number((u.invocations / u.activeSlots).toFixed(2)),
        input_tokens: u.inputTokens,
        cacheable_prefix_pct: settings.cacheablePrefixPct,
        cache_read_tokens_if_cached: Number(reads),
        cache_write_tokens_if_cached: Number(writes),
        price_input_cache_read_cache_write_per_1m: `${p.input}/${p.cacheRead}/${write}`,
        window_days: windowDays,
      },
      monthlySavingMicros: monthly,
      confidence: 'medium',
      action: `Put ${u.feature}'s stable prompt prefix (system prompt, instructions) behind a cache point: ${(u.invocations / u.activeSlots).toFixed(1)} calls per 5 minutes would read it from the cache.`,
    });
  }
  return out;
}
