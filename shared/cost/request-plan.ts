import type { CostExplorerConfig } from '../config/cost-explorer-schema';
import type { CostAndUsageRequest, CostExpression, CostGroupDefinition } from '../ports';
import { nextDay } from './period';
import type { DayRange } from './window';

/** The metrics every request asks for (one price: metrics do not add requests). */
export const COST_METRICS = ['UnblendedCost', 'AmortizedCost', 'UsageQuantity'];

/** What discovery found: whole services, and the selected usage types of partly taken services. */
export interface Selection {
  services: string[];
  usageTypes: { service: string; usageTypes: string[] }[];
}

/** A named request of the plan (the name is what errors and the summary show). */
export interface PlannedRequest {
  name: string;
  request: CostAndUsageRequest;
}

const anyOf = (list: CostExpression[]): CostExpression | undefined =>
  list.length === 0 ? undefined : list.length === 1 ? list[0] : { Or: list };

/** The filter: the selected services (and usage types), without the excluded record types. */
export function selectionFilter(
  selection: Selection,
  excludeRecordTypes: readonly string[],
): CostExpression | undefined {
  const parts: CostExpression[] = [];
  if (selection.services.length > 0)
    parts.push({ Dimensions: { Key: 'SERVICE', Values: [...selection.services].sort() } });
  for (const s of selection.usageTypes) {
    if (s.usageTypes.length === 0) continue;
    parts.push({
      And: [
        { Dimensions: { Key: 'SERVICE', Values: [s.service] } },
        { Dimensions: { Key: 'USAGE_TYPE', Values: [...s.usageTypes].sort() } },
      ],
    });
  }
  const selected = anyOf(parts);
  if (!selected) return undefined;
  if (excludeRecordTypes.length === 0) return selected;
  return {
    And: [selected, { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: [...excludeRecordTypes] } } }],
  };
}

/**
 * The GetCostAndUsage requests of one run, at most two groupings each: SERVICE x USAGE_TYPE (every
 * amount), USAGE_TYPE x LINKED_ACCOUNT, and USAGE_TYPE x one tag per configured tag key. The
 * number of requests depends on the tag keys, never on the number of teams, days or services.
 */
export function planRequests(
  range: DayRange,
  filter: CostExpression,
  config: CostExplorerConfig,
): PlannedRequest[] {
  const base = {
    TimePeriod: { Start: range.from, End: nextDay(range.to) },
    Granularity: 'DAILY' as const,
    Metrics: COST_METRICS,
    Filter: filter,
  };
  const usageType: CostGroupDefinition = { Type: 'DIMENSION', Key: 'USAGE_TYPE' };
  const plan: PlannedRequest[] = [
    {
      name: 'GetCostAndUsage SERVICE x USAGE_TYPE',
      request: { ...base, GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }, usageType] },
    },
  ];
  if (config.linkedAccounts)
    plan.push({
      name: 'GetCostAndUsage USAGE_TYPE x LINKED_ACCOUNT',
      request: { ...base, GroupBy: [usageType, { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }] },
    });
  const tagKeys = [
    ...new Set([...config.tagKeys.team, ...config.tagKeys.feature, ...config.tagKeys.environment]),
  ];
  for (const key of tagKeys)
    plan.push({
      name: `GetCostAndUsage USAGE_TYPE x TAG ${key}`,
      request: { ...base, GroupBy: [usageType, { Type: 'TAG', Key: key }] },
    });
  return plan;
}
