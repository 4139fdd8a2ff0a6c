/** Where the Bedrock ingest keeps its private staging: extracts per day, and unit manifests. */
export const STAGE_ROOT = '_stage/bedrock_invocations';

/** The staged extract of one unit for one day. */
export const stagedKey = (dt: string, unitId: string): string => `${STAGE_ROOT}/dt=${dt}/${unitId}.parquet`;

/** The manifest that marks a unit done: what was read, and which days it fed. */
export const manifestKey = (unitId: string): string => `${STAGE_ROOT}/_units/${unitId}.json`;
