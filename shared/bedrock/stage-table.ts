import type { TableDef } from '../lake/tables';
import { STAGE_ROOT } from './stage-paths';

/**
 * The ingest's private staging table: what one source unit (an hour folder) yields, before
 * deduplication, model resolution and attribution. Staging keeps the request metadata so that
 * a change of attribution config re-applies at the next compaction without re-reading raw logs.
 * Metadata only: no prompt or completion text.
 */
export const bedrockStage: TableDef = {
  name: STAGE_ROOT,
  description: 'Staged Bedrock invocation metadata, one file per source unit and day.',
  partitionKey: 'dt',
  columns: [
    // Numbers as DOUBLE (exact to 2^53): they decode to plain numbers, with no Date or BigInt per value.
    { name: 'event_time', type: 'double', nullable: false, description: 'epoch milliseconds' },
    { name: 'request_id', type: 'string', nullable: false, description: '' },
    { name: 'account_id', type: 'string', nullable: false, description: '' },
    { name: 'region', type: 'string', nullable: false, description: '' },
    { name: 'operation', type: 'string', nullable: false, description: '' },
    { name: 'model_id', type: 'string', nullable: false, description: '' },
    { name: 'identity_arn', type: 'string', nullable: true, description: '' },
    { name: 'request_metadata', type: 'string', nullable: true, description: 'JSON object of string tags' },
    { name: 'inference_region', type: 'string', nullable: true, description: '' },
    { name: 'input_tokens', type: 'double', nullable: false, description: '' },
    { name: 'output_tokens', type: 'double', nullable: false, description: '' },
    { name: 'cache_read_tokens', type: 'double', nullable: false, description: '' },
    { name: 'cache_write_tokens', type: 'double', nullable: false, description: '' },
    { name: 'error_code', type: 'string', nullable: true, description: '' },
    {
      name: 'source_object',
      type: 'string',
      nullable: false,
      description: 'key of the log object the row came from',
    },
  ],
};

/** One staged invocation (timestamps as epoch ms). */
export interface StagedRecord {
  event_time: number;
  request_id: string;
  account_id: string;
  region: string;
  operation: string;
  model_id: string;
  identity_arn: string | null;
  request_metadata: string | null;
  inference_region: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  error_code: string | null;
  /** Key (relative to the source) of the log object this record came from; set when staging. */
  source_object?: string;
}
