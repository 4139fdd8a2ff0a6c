export { createAttributor } from './attribution';
export { compactDay } from './compact';
export {
  type IngestDeps,
  type IngestRequest,
  type IngestSummary,
  ingestBedrockLogs,
} from './ingest';
export { classifyModelId, createModelNormalizer, stripCrossRegionPrefix } from './normalize-model';
export { parseRecordLine, type RejectReason, toStagedRecord } from './parse-record';
export { dayWindow, type HourWindow, scheduledWindow } from './window';
