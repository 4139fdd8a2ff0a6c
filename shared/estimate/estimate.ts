import { PIPELINE_PRICES, type Price } from './prices';
import { monthlyUsage, type PipelineScale, type UsageLine } from './usage';

/** One line of the estimate. */
export interface CostLine extends UsageLine {
  unitPrice: Price;
  /** At list price. */
  listUsd: number;
  /** After the always-free tier (account-wide: a shared account may have used it up). */
  afterFreeUsd: number;
}

/** The pipeline's own monthly AWS cost. */
export interface PipelineCostEstimate {
  scale: PipelineScale;
  lines: CostLine[];
  listUsd: number;
  afterFreeUsd: number;
}

/** Prices each month's quantity; a price's free units are used up line by line, in order. */
export function estimatePipelineCost(scale: PipelineScale): PipelineCostEstimate {
  const freeLeft = new Map<string, number>();
  const lines = monthlyUsage(scale).map((line): CostLine => {
    const unitPrice = PIPELINE_PRICES[line.price];
    const free = freeLeft.get(line.price) ?? unitPrice.freePerMonth;
    const billed = Math.max(0, line.quantity - free);
    freeLeft.set(line.price, Math.max(0, free - line.quantity));
    const rate = unitPrice.usd / unitPrice.per;
    return { ...line, unitPrice, listUsd: line.quantity * rate, afterFreeUsd: billed * rate };
  });
  const sum = (f: (l: CostLine) => number) => lines.reduce((t, l) => t + f(l), 0);
  return { scale, lines, listUsd: sum((l) => l.listUsd), afterFreeUsd: sum((l) => l.afterFreeUsd) };
}
