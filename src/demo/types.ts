import type { AppConfigInput } from '../../shared/config';
import type { InjectedIncident } from './incidents';

/** Receives one object: `key` is relative to the bucket (it starts with `keyPrefix`), `body` is gzip bytes. */
export type LogSink = (key: string, body: Uint8Array) => Promise<void>;

/**
 * Faults to inject. A value in (0, 1) is a rate per good record; a value ≥ 1 is an absolute
 * count over the whole run. Absent or 0 means none.
 */
export interface SyntheticFaults {
  /** Identical record lines re-emitted in a later object of the same account-Region (sometimes the next hour folder). */
  duplicates?: number;
  /** Records whose timestamp is 1–3 hours before their folder's hour (some crossing midnight UTC). */
  lateArrivals?: number;
  /** Lines a reader must reject: cut JSON, no `requestId`, `timestamp` "not-a-date". Also adds a BOM to one object and a few empty lines, neither of which is bad. */
  badLines?: number;
  /** One object whose gzip bytes stop mid-stream. */
  truncatedObject?: boolean;
  /** Offload some large records' bodies to `…/HH/data/<requestId>_{input,output}.json.gz`. */
  bodyObjects?: boolean;
}

/** What to generate. The same seed and options give byte-identical keys and bodies. */
export interface SyntheticOptions {
  seed: number;
  /** First hour, UTC; truncated to the hour. */
  start: Date;
  /** Number of hour folders. */
  hours: number;
  /** Org-wide average; each hour's volume follows daily and weekly seasonality. */
  invocationsPerHour: number;
  /** `realistic`: multi-KB prompts, RAG context, completions and stream chunks; `small`: short texts. */
  bodies: 'small' | 'realistic';
  /** Embedded in every prompt and every completion text (privacy tests); never in metadata fields. */
  canary?: string;
  faults?: SyntheticFaults;
  /**
   * Inject incidents at the end of the run: a token spike after a release, a runaway dev
   * experiment, a gradual run-up and a logging outage (see `GroundTruth.incidents`).
   */
  incidents?: boolean;
  /**
   * Calls to the GPU fleet's model endpoints through bedrock-runtime (model id = endpoint ARN, as
   * Bedrock Marketplace endpoints are called), in objects of their own: see `ENDPOINT_WORKLOADS`.
   */
  endpoints?: boolean;
  /** Bucket prefix above `AWSLogs/`, e.g. `bedrock-logs`. */
  keyPrefix?: string;
}

/** Totals for one attributed team and one normalized model. */
export interface TeamModelTotals {
  team: string;
  model: string;
  invocations: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** What a correct ingest of the generated objects must produce. */
export interface GroundTruth {
  /** Unique good records: the rows a correct ingest writes (failed calls included, with 0 tokens). */
  records: number;
  /** Readable extra copies of an already-delivered record line. */
  duplicates: number;
  /** Non-empty lines a reader must reject, including the partial last line of a truncated object. */
  badLines: number;
  /** Good records among `records` whose timestamp is 1–3 hours before their folder's hour. */
  lateArrivals: number;
  /** Per attributed team × normalized model over the unique good records, sorted by team then model. */
  byTeamModel: TeamModelTotals[];
  /** The attribution configuration the demo must ingest with. */
  config: AppConfigInput;
  /** Record objects written (body objects excluded). */
  objects: number;
  /** Body objects written under `…/HH/data/` (not records; a correct ingest skips them). */
  bodyObjects: number;
  /** Uncompressed bytes of the record objects a reader can inflate. */
  bytesUncompressed: number;
  /** Compressed bytes of the record objects as written. */
  bytesCompressed: number;
  /** The incidents injected (with `incidents` on); the counts above include their records. */
  incidents?: InjectedIncident[];
}
