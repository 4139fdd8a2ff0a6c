export type { Clock } from './clock';
export { fixedClock, systemClock } from './clock';
export type {
  CostAndUsagePage,
  CostAndUsageRequest,
  CostExpression,
  CostGroupDefinition,
  CostSource,
  CostSourceFailure,
  DimensionValuesPage,
  DimensionValuesRequest,
} from './cost-source';
export { CostSourceError } from './cost-source';
export type {
  MetricIdentity,
  MetricQuery,
  MetricQueryResult,
  MetricSource,
  MetricSourceStats,
  ResourceCatalog,
  ResourceDirectory,
  ResourceFacts,
} from './metric-source';
export { emptyCatalog } from './metric-source';
export type { ModelResolver } from './model-resolver';
export type {
  FolderListing,
  ListOptions,
  ObjectInfo,
  ObjectStore,
  ObjectStoreStats,
  UnreadableFolderError,
} from './object-store';
export { emptyStoreStats } from './object-store';
export type { QueryColumn, QueryEngine, QueryResult, SqlValue } from './query-engine';
