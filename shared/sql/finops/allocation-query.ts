import { allocationCtes, dollarsSql, microToDollarsSql } from './allocation-sql';
import { costParams } from './cost-params';
import type { UsageCellsSource } from './usage-cells-sql';

/** The allocation's SQL with its cells read from `source`; the rows are the same from either. */
export const allocationSql = (source: UsageCellsSource): string => `${allocationCtes(source)}
SELECT
  usage_date, model, team, feature, environment,
  ${dollarsSql('allocated_cents')} AS allocated_cost,
  estimated,
  unpriced,
  ${microToDollarsSql('list_micro')} AS list_cost,
  invocations
FROM allocated
ORDER BY usage_date, model, team, feature, environment`;

/**
 * `allocation`: each day's billed Bedrock cost split across model × team × feature × environment.
 * Summed over a day, `allocated_cost` is that day's billed cost to the cent (or, where no bill has
 * arrived, the list-price estimate: `estimated`). `unpriced` rows have usage and no price: their
 * `allocated_cost` is NULL on estimated days, never $0.
 */
export const allocationQuery = {
  description:
    'Billed Bedrock cost per day × model × team × feature × environment; each day adds up to its bill to the cent.',
  params: costParams,
  sql: allocationSql('bedrock_invocations'),
  /** The same rows with each day's usage from `identity_daily` where it has one (see `UsageDays`). */
  sqlFor: allocationSql,
} as const;

/**
 * The same allocation read from `identity_daily` (kilobytes a day) instead of every invocation:
 * what guardrails run every 15 minutes over the month and the forecast's history.
 */
export const guardrailAllocationQuery = {
  description: 'The allocation from the identity_daily aggregate: the rows of `allocation`, read compactly.',
  params: costParams,
  sql: allocationSql('identity_daily'),
} as const;
