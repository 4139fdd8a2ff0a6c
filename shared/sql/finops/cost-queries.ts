import { allocationQuery, guardrailAllocationQuery } from './allocation-query';
import { estimateVsBillQuery } from './estimate-vs-bill-query';
import { gpuEfficiencyQuery } from './gpu-efficiency-query';
import { tagCoverageQuery } from './tag-coverage-query';
import { trendsQuery } from './trends-query';
import { unitCostsQuery } from './unit-costs-query';

/**
 * The shipped cost queries, by name (the CLI spells them in kebab case: `unit-costs`, …);
 * `guardrailAllocation` is guardrails' own (no CLI name: it returns `allocation`'s rows).
 */
export const costQueries = {
  allocation: allocationQuery,
  guardrailAllocation: guardrailAllocationQuery,
  unitCosts: unitCostsQuery,
  gpuEfficiency: gpuEfficiencyQuery,
  trends: trendsQuery,
  estimateVsBill: estimateVsBillQuery,
  tagCoverage: tagCoverageQuery,
} as const;

/** CLI name → query name. */
export const costQueryNames = {
  'unit-costs': 'unitCosts',
  allocation: 'allocation',
  'gpu-efficiency': 'gpuEfficiency',
  trends: 'trends',
  'estimate-vs-bill': 'estimateVsBill',
  'tag-coverage': 'tagCoverage',
} as const;
