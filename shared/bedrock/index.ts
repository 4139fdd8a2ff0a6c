export { createAttributor } from './attribution';
export { compactDay } from './compact';
export {
  createModelNormalizer,
  type IngestDeps,
  type IngestRequest,
  type IngestSummary,
  ingestBedrockLogs,
} from './ingest';
export { classifyModelId, stripCrossRegionPrefix } from './normalize-model';
export { parseRecordLine, type RejectReason, toStagedRecord } from './parse-record';
export { dayWindow, type HourWindow, scheduledWindow } from './window';
