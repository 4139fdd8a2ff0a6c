import type { PriceListProduct } from '../pricing/price-list-rows';

/** Price source port: Price List `GetProducts` in AWS; saved responses locally. */
export interface PriceSource {
  /** Every product of `serviceCode` for `regionCode`, parsed. */
  products(serviceCode: string, regionCode: string): Promise<PriceListProduct[]>;
  /** Requests made so far (each page is one). */
  readonly requests: number;
}

/** The Bedrock offers of the Price List, each identifying models differently (pricing-facts.md §3). */
export const BEDROCK_SERVICE_CODES = [
  'AmazonBedrock',
  'AmazonBedrockFoundationModels',
  'AmazonBedrockService',
] as const;
