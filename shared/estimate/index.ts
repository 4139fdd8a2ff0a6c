export { type CostLine, estimatePipelineCost, type PipelineCostEstimate } from './estimate';
export { PIPELINE_PRICES, type Price, type PriceName } from './prices';
export { MEASURED, monthlyUsage, type PipelineScale, RUNS, type UsageLine } from './usage';
