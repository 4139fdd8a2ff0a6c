import { type AppConfig, parseConfig } from '../config';
import { fanOutAboveInvocationsPerDay, fanOutReason } from './fan-out';
import { MEASURED, type Measured } from './measured';
import { dollars, exactUsd, price, quantityUnits, usd } from './money';
import { PIPELINE_PRICES, type Price } from './prices';
import { monthlyUsage, type PipelineScale, type UsageLine } from './usage';

/** What the pipeline's own month should cost at 1M invocations a day, 50 teams and 200 GPUs, after free tiers. */
export const TARGET_USD = 10;

/** One line of the estimate; amounts are exact decimal text in USD. */
export interface CostLine extends UsageLine {
  unitPrice: Price;
  /** At list price. */
  listUsd: string;
  /** After the always-free tier (account-wide: a shared account may have used it up). */
  afterFreeUsd: string;
}

/** The pipeline's own monthly AWS cost: an estimate at list prices, not a bill. */
export interface PipelineCostEstimate {
  scale: PipelineScale;
  lines: CostLine[];
  listUsd: string;
  afterFreeUsd: string;
  targetUsd: string;
  /** True when the after-free total is under the target. */
  underTarget: boolean;
  /** Why the ingest is priced fanned out (Step Functions): the configuration, or a scale one run cannot finish. */
  fanOut?: 'config' | 'scale';
  /** Invocations a day above which the estimate fans the ingest out whatever the configuration. */
  fanOutAbove: number;
}

/** Prices each month's quantity exactly; a price's free units are used up line by line, in order. */
export function estimatePipelineCost(
  scale: PipelineScale,
  config: AppConfig = parseConfig({}),
  measured: Measured = MEASURED,
): PipelineCostEstimate {
  const freeLeft = new Map<string, bigint>();
  let list = 0n;
  let afterFree = 0n;
  const lines = monthlyUsage(scale, config, measured).map((line): CostLine => {
    const unitPrice = PIPELINE_PRICES[line.price];
    const quantity = quantityUnits(line.quantity);
    const free = freeLeft.get(line.price) ?? quantityUnits(unitPrice.freePerMonth);
    const billed = quantity > free ? quantity - free : 0n;
    freeLeft.set(line.price, free > quantity ? free - quantity : 0n);
    const listAmount = price(quantity, unitPrice.usd, unitPrice.per);
    const billedAmount = price(billed, unitPrice.usd, unitPrice.per);
    list += listAmount;
    afterFree += billedAmount;
    return { ...line, unitPrice, listUsd: exactUsd(listAmount), afterFreeUsd: exactUsd(billedAmount) };
  });
  const fanOut = fanOutReason(scale.invocationsPerDay, config, measured);
  return {
    scale,
    lines,
    listUsd: exactUsd(list),
    afterFreeUsd: exactUsd(afterFree),
    targetUsd: usd(dollars(TARGET_USD)),
    underTarget: afterFree < dollars(TARGET_USD),
    ...(fanOut ? { fanOut } : {}),
    fanOutAbove: fanOutAboveInvocationsPerDay(measured),
  };
}
