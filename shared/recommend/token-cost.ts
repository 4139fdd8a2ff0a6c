import { tokenMicros } from './micros';
import type { ModelUsage } from './model-usage';
import type { ModelPrices } from './price-index';

/**
 * The list cost of `usage`'s tokens at `prices`, in micro-dollars. A model without cache prices is
 * charged its input price for cache tokens (what the calls would cost there without the cache).
 */
export function tokenCostMicros(usage: ModelUsage, prices: ModelPrices): bigint {
  return (
    tokenMicros(usage.inputTokens, prices.input) +
    tokenMicros(usage.outputTokens, prices.output) +
    tokenMicros(usage.cacheReadTokens, prices.cacheRead ?? prices.input) +
    tokenMicros(usage.cacheWriteTokens, prices.cacheWrite ?? prices.input)
  );
}
