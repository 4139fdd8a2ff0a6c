/**
 * Cost source port: Cost Explorer in AWS. Requests and pages keep the API's JSON shape (as the SDK
 * and `aws ce get-cost-and-usage` give them), so one parser reads both live pages and saved files.
 */

/** A `GroupBy` entry or a response's `GroupDefinitions` entry. */
export interface CostGroupDefinition {
  Type?: string;
  Key?: string;
}

/** A filter `Expression`: exactly one member set. */
export interface CostExpression {
  And?: CostExpression[];
  Or?: CostExpression[];
  Not?: CostExpression;
  Dimensions?: { Key: string; Values: string[]; MatchOptions?: string[] };
  Tags?: { Key: string; Values?: string[]; MatchOptions?: string[] };
}

/** One GetCostAndUsage request (without the page token). */
export interface CostAndUsageRequest {
  TimePeriod: { Start: string; End: string };
  Granularity: 'DAILY' | 'MONTHLY';
  Metrics: string[];
  GroupBy?: CostGroupDefinition[];
  Filter?: CostExpression;
}

/** One GetCostAndUsage page, loosely typed: the parser validates it. */
export interface CostAndUsagePage {
  GroupDefinitions?: CostGroupDefinition[];
  ResultsByTime?: unknown[];
  NextPageToken?: string | null;
  [other: string]: unknown;
}

/** One GetDimensionValues request (without the page token). */
export interface DimensionValuesRequest {
  TimePeriod: { Start: string; End: string };
  Dimension: string;
  SearchString?: string;
  Filter?: CostExpression;
}

export interface DimensionValuesPage {
  values: string[];
  nextPageToken?: string;
}

/** Why a request failed, as the core needs to know it. */
export type CostSourceFailure = 'throttled' | 'restart-paging' | 'fatal';

/** A failed Cost Explorer call; `code` is the API's error name (LimitExceededException, …). */
export class CostSourceError extends Error {
  override name = 'CostSourceError';
  constructor(
    readonly kind: CostSourceFailure,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Cost Explorer: one call per method is one billed request ($0.01). Throws `CostSourceError`. */
export interface CostSource {
  getCostAndUsage(request: CostAndUsageRequest, nextPageToken?: string): Promise<CostAndUsagePage>;
  getDimensionValues(request: DimensionValuesRequest, nextPageToken?: string): Promise<DimensionValuesPage>;
}
