export { costExplorerRequestsPerMonth, customMetricCount, DAYS, metricsPerGpuMonth } from './counted';
export { compactDayRequests, fanOutDayRequests, fanOutRunRequests, type StoreRequests } from './day-requests';
export { type CostLine, estimatePipelineCost, type PipelineCostEstimate } from './estimate';
export {
  dayExtracts,
  fanOutAboveInvocationsPerDay,
  fanOutMonth,
  singleRunSeconds,
  TRANSITIONS,
} from './fan-out';
export { MEASURED, type Measured } from './measured';
export { cents, dollars, usd } from './money';
export { PIPELINE_PRICES, type Price, type PriceName } from './prices';
export { monthlyUsage, type PipelineScale, RUNS, type UsageLine } from './usage';
