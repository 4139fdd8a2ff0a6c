import { GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import type { PriceSource } from '../../ports/price-source';
import type { PriceListProduct } from '../../pricing/price-list-rows';

/** A Price List answer that is not what the API documents. */
export class PriceListError extends Error {
  override name = 'PriceListError';
}

/**
 * The Price List API (`pricing:GetProducts`, served from us-east-1) as a price source: filters on
 * `regionCode`, follows `NextToken` to the end, and parses each `PriceList` entry (a JSON string).
 */
export class PriceListSource implements PriceSource {
  private count = 0;

  constructor(private readonly client: PricingClient) {}

  get requests(): number {
    return this.count;
  }

  async products(serviceCode: string, regionCode: string): Promise<PriceListProduct[]> {
    const out: PriceListProduct[] = [];
    let nextToken: string | undefined;
    do {
      this.count++;
      const res = await this.client.send(
        new GetProductsCommand({
          ServiceCode: serviceCode,
          FormatVersion: 'aws_v1',
          MaxResults: 100,
          Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: regionCode }],
          NextToken: nextToken,
        }),
      );
      for (const [i, entry] of (res.PriceList ?? []).entries()) {
        try {
          out.push(JSON.parse(entry) as PriceListProduct);
        } catch (error) {
          throw new PriceListError(`GetProducts ${serviceCode} ${regionCode}: PriceList[${i}] is not JSON`, {
            cause: error,
          });
        }
      }
      nextToken = res.NextToken ?? undefined;
    } while (nextToken);
    return out;
  }
}
