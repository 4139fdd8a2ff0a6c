import type { PriceRow } from '../pricing/price-row';

/** Dollars per token of each kind for one model and Region; an estimate from the list prices. */
export interface TokenPrices {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Token prices as the book's decimal text, dollars per 1M tokens. */
export interface TokenPriceTexts {
  input: string;
  output: string;
  cacheRead: string;
  cacheWrite: string;
}

const SCOPE_ORDER = ['in-region', 'geo', 'any', 'global'];

/**
 * Looks up list prices (standard tier, the latest effective on or before `day`) from a price book:
 * the Region's own row before `'*'`, in-Region scope before the others. Detection needs an
 * estimate per hour, not the bill: the bill comes a day later and is compared in the reports.
 */
export class UnitPrices {
  private readonly tokens = new Map<string, TokenPrices | undefined>();

  constructor(
    private readonly book: readonly PriceRow[],
    private readonly day: string,
  ) {}

  /** Per-token prices of `model` in `region`, or undefined when the book has no input/output price. */
  tokenPrices(model: string, region: string): TokenPrices | undefined {
    const key = `${model}|${region}`;
    if (this.tokens.has(key)) return this.tokens.get(key);
    const per = (charge: string) => {
      const price = this.pick(model, 'model', region, charge);
      return price === undefined ? undefined : price / 1_000_000;
    };
    const input = per('input');
    const output = per('output');
    const found =
      input === undefined || output === undefined
        ? undefined
        : {
            input,
            output,
            cacheRead: per('cache_read') ?? input,
            cacheWrite: per('cache_write_5m') ?? input,
          };
    this.tokens.set(key, found);
    return found;
  }

  /** Dollars per hour of an instance type, or undefined when the book has none. */
  instanceHour(instanceType: string): number | undefined {
    return this.pick(instanceType, 'instance', '*', 'instance_hour');
  }

  /**
   * The same token prices as exact decimal text per 1M tokens (the book's own text, for exact money),
   * or undefined when the book has no input/output price.
   */
  tokenPriceTexts(model: string, region: string): TokenPriceTexts | undefined {
    const text = (charge: string) => this.pickRow(model, 'model', region, charge)?.price;
    const input = text('input');
    const output = text('output');
    if (input === undefined || output === undefined) return undefined;
    return {
      input,
      output,
      cacheRead: text('cache_read') ?? input,
      cacheWrite: text('cache_write_5m') ?? input,
    };
  }

  private pick(item: string, kind: 'model' | 'instance', region: string, charge: string): number | undefined {
    const best = this.pickRow(item, kind, region, charge);
    return best ? Number(best.price) : undefined;
  }

  private pickRow(
    item: string,
    kind: 'model' | 'instance',
    region: string,
    charge: string,
  ): PriceRow | undefined {
    let best: PriceRow | undefined;
    let bestRank = Number.POSITIVE_INFINITY;
    for (const row of this.book) {
      if (row.item !== item || row.itemKind !== kind || row.charge !== charge || row.tier !== 'standard')
        continue;
      if (row.effectiveDate > this.day || (row.region !== region && row.region !== '*')) continue;
      const rank = (row.region === region ? 0 : 10) + SCOPE_ORDER.indexOf(row.scope);
      if (
        rank < bestRank ||
        (rank === bestRank && best !== undefined && row.effectiveDate > best.effectiveDate)
      ) {
        best = row;
        bestRank = rank;
      }
    }
    return best;
  }
}
