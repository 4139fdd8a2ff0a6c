import { ALLOCATION_CTES, dollarsSql, microToDollarsSql } from './allocation-sql';
import { costParams } from './cost-params';

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
  sql: `${ALLOCATION_CTES}
SELECT
  usage_date, model, team, feature, environment,
  ${dollarsSql('allocated_cents')} AS allocated_cost,
  estimated,
  unpriced,
  ${microToDollarsSql('list_micro')} AS list_cost,
  invocations
FROM allocated
ORDER BY usage_date, model, team, feature, environment`,
} as const;
