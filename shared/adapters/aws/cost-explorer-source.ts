import {
  CostExplorerClient,
  type Expression,
  GetCostAndUsageCommand,
  GetDimensionValuesCommand,
  type GroupDefinition,
} from '@aws-sdk/client-cost-explorer';
import {
  type CostAndUsagePage,
  type CostAndUsageRequest,
  type CostSource,
  CostSourceError,
  type CostSourceFailure,
  type DimensionValuesPage,
  type DimensionValuesRequest,
} from '../../ports/cost-source';

/** Cost Explorer is one global endpoint, served from us-east-1 whatever Region the caller runs in. */
export const COST_EXPLORER_REGION = 'us-east-1';

const THROTTLED = new Set(['LimitExceededException', 'ThrottlingException', 'TooManyRequestsException']);
const RESTART = new Set(['InvalidNextTokenException', 'RequestChangedException']);

function failureOf(error: unknown): CostSourceError {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e?.name ?? 'Error';
  let kind: CostSourceFailure = 'fatal';
  if (THROTTLED.has(code) || e?.$metadata?.httpStatusCode === 429) kind = 'throttled';
  else if (RESTART.has(code)) kind = 'restart-paging';
  return new CostSourceError(kind, code, e?.message ?? String(error), { cause: error });
}

/**
 * The cost source over the Cost Explorer API (`ce:GetCostAndUsage`, `ce:GetDimensionValues`). The
 * SDK's own retries are off: the core retries throttling itself, with its clock, and counts every
 * attempt as the billed request it is.
 */
export class CostExplorerSource implements CostSource {
  private readonly client: CostExplorerClient;

  constructor(client?: CostExplorerClient) {
    this.client = client ?? new CostExplorerClient({ region: COST_EXPLORER_REGION, maxAttempts: 1 });
  }

  async getCostAndUsage(request: CostAndUsageRequest, nextPageToken?: string): Promise<CostAndUsagePage> {
    try {
      const out = await this.client.send(
        new GetCostAndUsageCommand({
          ...request,
          Filter: request.Filter as Expression | undefined,
          GroupBy: request.GroupBy as GroupDefinition[] | undefined,
          ...(nextPageToken ? { NextPageToken: nextPageToken } : {}),
        }),
      );
      const { $metadata: _metadata, ...page } = out;
      return page as CostAndUsagePage;
    } catch (error) {
      throw failureOf(error);
    }
  }

  async getDimensionValues(
    request: DimensionValuesRequest,
    nextPageToken?: string,
  ): Promise<DimensionValuesPage> {
    try {
      const out = await this.client.send(
        new GetDimensionValuesCommand({
          TimePeriod: request.TimePeriod,
          Dimension: request.Dimension as never,
          Context: 'COST_AND_USAGE',
          ...(request.SearchString ? { SearchString: request.SearchString } : {}),
          ...(request.Filter ? { Filter: request.Filter as Expression } : {}),
          ...(nextPageToken ? { NextPageToken: nextPageToken } : {}),
        }),
      );
      return {
        values: (out.DimensionValues ?? []).flatMap((v) => (v.Value ? [v.Value] : [])),
        ...(out.NextPageToken ? { nextPageToken: out.NextPageToken } : {}),
      };
    } catch (error) {
      throw failureOf(error);
    }
  }
}
