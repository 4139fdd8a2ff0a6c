import type { CostExplorerConfig } from '../config/cost-explorer-schema';
import type { CostSource } from '../ports';
import { dimensionValues, type RequestCounts, type RetryPolicy } from './fetch-pages';
import { nextDay } from './period';
import type { Selection } from './request-plan';
import type { DayRange } from './window';

/**
 * What to pull, found with GetDimensionValues over the run's days: the configured whole services,
 * the services named like the configured suffixes (Marketplace "… (Amazon Bedrock Edition)"), and
 * the usage types of partly taken services (EC2) that match their pattern. One request per entry.
 */
export async function discoverSelection(
  source: CostSource,
  range: DayRange,
  config: CostExplorerConfig,
  policy: RetryPolicy,
  counts: RequestCounts,
): Promise<Selection> {
  const TimePeriod = { Start: range.from, End: nextDay(range.to) };
  const services = new Set(config.services);
  for (const d of config.discoverServices) {
    const found = await dimensionValues(
      source,
      `GetDimensionValues SERVICE "${d.search}"`,
      { TimePeriod, Dimension: 'SERVICE', SearchString: d.search },
      policy,
      counts,
    );
    for (const s of found) if (s.endsWith(d.suffix)) services.add(s);
  }
  const usageTypes: Selection['usageTypes'] = [];
  for (const u of config.usageTypes) {
    const pattern = new RegExp(u.usageTypePattern);
    const found = await dimensionValues(
      source,
      `GetDimensionValues USAGE_TYPE of ${u.service}`,
      {
        TimePeriod,
        Dimension: 'USAGE_TYPE',
        Filter: { Dimensions: { Key: 'SERVICE', Values: [u.service] } },
      },
      policy,
      counts,
    );
    usageTypes.push({ service: u.service, usageTypes: found.filter((t) => pattern.test(t)).sort() });
  }
  return { services: [...services].sort(), usageTypes };
}
