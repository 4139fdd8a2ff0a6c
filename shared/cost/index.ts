export { CostIngestError, CostInputError, CostRequestError } from './errors';
export { type CostIngestDeps, ingestCostExplorer, ingestCostFiles } from './ingest';
export type { SavedFile } from './read-saved';
export type { CostIngestSummary } from './summary';
export { costRange, type DayRange, lookbackRange } from './window';
