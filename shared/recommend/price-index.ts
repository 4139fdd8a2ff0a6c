/** One list price as the `prices` table holds it (standard tier, the latest row per key). */
export interface ListPrice {
  item: string;
  scope: string;
  charge: string;
  /** Exact decimal text, per 1M tokens or per hour. */
  price: string;
}

/** Token prices of one model at one Region scope, per 1M tokens (decimal text); cache prices may be absent. */
export interface ModelPrices {
  input: string;
  output: string;
  cacheRead?: string;
  cacheWrite?: string;
}

/**
 * Looks up list prices: the row of the exact scope before `'any'`. A model without input and
 * output prices is not priced (`undefined`), never $0.
 */
export class PriceIndex {
  private readonly byKey = new Map<string, string>();

  constructor(rows: readonly ListPrice[]) {
    for (const r of rows) this.byKey.set(`${r.item}|${r.scope}|${r.charge}`, r.price);
  }

  private price(item: string, scope: string, charge: string): string | undefined {
    return this.byKey.get(`${item}|${scope}|${charge}`) ?? this.byKey.get(`${item}|any|${charge}`);
  }

  /** The model's token prices at `scope` ('global', 'geo', 'in-region'). */
  model(item: string, scope: string): ModelPrices | undefined {
    const input = this.price(item, scope, 'input');
    const output = this.price(item, scope, 'output');
    if (input === undefined || output === undefined) return undefined;
    return {
      input,
      output,
      cacheRead: this.price(item, scope, 'cache_read'),
      cacheWrite: this.price(item, scope, 'cache_write_5m'),
    };
  }

  /** On-demand $/hour of an instance type (SageMaker `ml.` types fall back to the EC2 type's rate). */
  instance(type: string): string | undefined {
    return (
      this.price(type, 'any', 'instance_hour') ??
      this.price(type.replace(/^ml\./, ''), 'any', 'instance_hour')
    );
  }
}
