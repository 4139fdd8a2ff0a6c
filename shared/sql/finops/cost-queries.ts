import { allocationQuery } from './allocation-query';

/** The shipped cost queries, by name (the CLI spells them in kebab case: `unit-costs`, …). */
export const costQueries = {
  allocation: allocationQuery,
} as const;
