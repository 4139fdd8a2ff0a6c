import { acceptedTimes } from '../lake/accepted-dates';
import { parseTimestamp } from './parse-timestamp';

export { parseTimestamp };

import { withoutBodies } from './skip-bodies';
import type { StagedRecord } from './stage-table';

/** Why a line was rejected. Stable names: they are counted in summaries and metrics. */
export type RejectReason =
  | 'invalid_json'
  | 'not_an_object'
  | 'missing_timestamp'
  | 'bad_timestamp'
  | 'missing_request_id'
  | 'bad_token_count'
  | 'implausible_token_count'
  | 'out_of_range_timestamp'
  | 'not_an_invocation_record'
  | 'truncated_line'
  | 'line_too_long';

export type ParseResult =
  /**
   * `tokensMissing`: a call that did not fail (no `errorCode`) carries neither `input.inputTokenCount`
   * nor `output.outputTokenCount`. Kept, with zero tokens (a guardrail-blocked call really has
   * none), but worth counting: a format change that moved the counts would look the same.
   */
  | { ok: true; record: StagedRecord; tokensMissing: boolean }
  | { ok: false; reason: RejectReason; field?: string };

/** What the object's key says about its records, used when a record omits the field. */
export interface KeyContext {
  accountId?: string;
  region?: string;
  /** Epoch ms: a record timestamped later than this (its delivery folder's hour) is rejected as `bad_timestamp`. */
  deliveredBy?: number;
  /** Epoch ms: the accepted range (`acceptedTimes`); outside it a record is `out_of_range_timestamp`. */
  notBefore?: number;
  notAfter?: number;
}

const DEFAULT_NOT_BEFORE = acceptedTimes(new Date(0)).notBefore;

/**
 * The most tokens one invocation may report, all four counts together. The largest context windows
 * are around 10 million tokens; a count above this is a broken record, and summing it would
 * swamp every total it enters.
 */
export const MAX_TOKENS_PER_INVOCATION = 100_000_000;

/** Longest error code stored: the field is an exception name; anything longer is not one. */
const MAX_ERROR_CODE = 200;

type Json = Record<string, unknown>;

/**
 * A copy of `s` that does not keep its source alive. V8's JSON.parse returns longer string values
 * as slices of the parsed line, so keeping a 36-character requestId would keep the whole multi-KB
 * line (prompt included) in memory until the unit is written.
 */
const detach = (s: string): string => {
  // Parquet stores UTF-8: a lone surrogate would come back as U+FFFD, so store that from the start.
  const w = SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD') : s;
  return w.length < 13 ? w : ` ${w}`.slice(1);
};
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Repeated values (model ids, identities) are stored once per process. */
const interned = new Map<string, string>();
function intern(s: string): string {
  let hit = interned.get(s);
  if (hit === undefined) {
    hit = detach(s);
    if (interned.size < 100_000) interned.set(hit, hit);
  }
  return hit;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A token count: absent means 0 (guardrail-blocked or failed calls); anything else not a count is an error. */
function tokenCount(v: unknown): number | undefined {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return undefined;
}

const absent = (v: unknown): boolean => v === undefined || v === null;

/** The stored error code: a string as written, anything else as its JSON; at most 200 characters. */
function errorCodeText(v: unknown): string | null {
  if (absent(v) || v === '') return null;
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  if (text.length <= MAX_ERROR_CODE) return intern(text);
  // Not through the middle of a surrogate pair.
  const last = text.charCodeAt(MAX_ERROR_CODE - 1);
  const cut = last >= 0xd800 && last <= 0xdbff ? MAX_ERROR_CODE - 1 : MAX_ERROR_CODE;
  return intern(text.slice(0, cut));
}

/** Keeps only string-valued tags; anything else in requestMetadata is not a tag. */
function metadataJson(v: unknown): string | null {
  if (!isObject(v)) return null;
  let strings = 0;
  let others = 0;
  for (const k in v) {
    if (typeof v[k] === 'string') strings++;
    else others++;
  }
  if (strings === 0) return null;
  // Tags are strings: the usual object is written as it is, without a copy.
  if (others === 0) return JSON.stringify(v);
  const tags: Record<string, string> = {};
  for (const k in v) if (typeof v[k] === 'string') tags[k] = v[k] as string;
  return JSON.stringify(tags);
}

/**
 * Maps one parsed log record to its staged metadata. Prompt and completion bodies are
 * never read: only the fields below leave this function.
 */
export function toStagedRecord(value: unknown, context: KeyContext = {}): ParseResult {
  if (!isObject(value)) return { ok: false, reason: 'not_an_object' };
  if (value.schemaType !== undefined && value.schemaType !== 'ModelInvocationLog') {
    return { ok: false, reason: 'not_an_invocation_record', field: 'schemaType' };
  }
  const ts = value.timestamp;
  if (ts === undefined || ts === null || ts === '')
    return { ok: false, reason: 'missing_timestamp', field: 'timestamp' };
  const eventTime = typeof ts === 'string' ? parseTimestamp(ts) : undefined;
  if (eventTime === undefined || (context.deliveredBy !== undefined && eventTime > context.deliveredBy))
    return { ok: false, reason: 'bad_timestamp', field: 'timestamp' };
  if (
    eventTime < (context.notBefore ?? DEFAULT_NOT_BEFORE) ||
    (context.notAfter !== undefined && eventTime > context.notAfter)
  )
    return { ok: false, reason: 'out_of_range_timestamp', field: 'timestamp' };
  const requestId = str(value.requestId);
  if (requestId === null) return { ok: false, reason: 'missing_request_id', field: 'requestId' };

  // Token counts live in these objects: one that is something else would silently count zero.
  if (!absent(value.input) && !isObject(value.input))
    return { ok: false, reason: 'bad_token_count', field: 'input' };
  if (!absent(value.output) && !isObject(value.output))
    return { ok: false, reason: 'bad_token_count', field: 'output' };
  const input = isObject(value.input) ? value.input : {};
  const output = isObject(value.output) ? value.output : {};
  const inputTokens = tokenCount(input.inputTokenCount);
  if (inputTokens === undefined)
    return { ok: false, reason: 'bad_token_count', field: 'input.inputTokenCount' };
  const outputTokens = tokenCount(output.outputTokenCount);
  if (outputTokens === undefined)
    return { ok: false, reason: 'bad_token_count', field: 'output.outputTokenCount' };
  const cacheRead = tokenCount(input.cacheReadInputTokenCount);
  if (cacheRead === undefined) {
    return { ok: false, reason: 'bad_token_count', field: 'input.cacheReadInputTokenCount' };
  }
  const cacheWrite = tokenCount(input.cacheWriteInputTokenCount);
  if (cacheWrite === undefined) {
    return { ok: false, reason: 'bad_token_count', field: 'input.cacheWriteInputTokenCount' };
  }
  if (inputTokens + outputTokens + cacheRead + cacheWrite > MAX_TOKENS_PER_INVOCATION) {
    const counts: [string, number][] = [
      ['input.inputTokenCount', inputTokens],
      ['output.outputTokenCount', outputTokens],
      ['input.cacheReadInputTokenCount', cacheRead],
      ['input.cacheWriteInputTokenCount', cacheWrite],
    ];
    const largest = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
    return { ok: false, reason: 'implausible_token_count', field: largest[0] };
  }
  const identityArn = isObject(value.identity) ? str(value.identity.arn) : null;
  const identity = identityArn === null ? null : intern(identityArn);
  const errorCode = errorCodeText(value.errorCode);
  const inferenceRegion = str(value.inferenceRegion);
  const tokensMissing =
    errorCode === null && absent(input.inputTokenCount) && absent(output.outputTokenCount);

  return {
    ok: true,
    tokensMissing,
    record: {
      event_time: eventTime,
      request_id: detach(requestId),
      account_id: intern(str(value.accountId) ?? context.accountId ?? 'unknown'),
      region: intern(str(value.region) ?? context.region ?? 'unknown'),
      operation: intern(str(value.operation) ?? 'unknown'),
      model_id: intern(str(value.modelId) ?? 'unknown'),
      identity_arn: identity,
      request_metadata: metadataJson(value.requestMetadata),
      inference_region: inferenceRegion === null ? null : intern(inferenceRegion),
      input_tokens: inputTokens,
      output_tokens: outputTokens,
      cache_read_tokens: cacheRead,
      cache_write_tokens: cacheWrite,
      error_code: errorCode,
    },
  };
}

/** Parses one log line. A line may carry a CloudWatch Logs export prefix (`<ISO time> {…}`). */
export function parseRecordLine(line: string, context: KeyContext = {}): ParseResult {
  let text = line;
  const first = text.charCodeAt(0);
  if (first === 0xfeff) text = text.slice(1);
  if (text.charCodeAt(0) !== 123 /* { */) {
    // CloudWatch Logs export-to-S3 lines look like `2026-03-02T14:07:31.000Z {"schemaType":…}`.
    const brace = text.indexOf(' {');
    if (brace > 0 && brace <= 40 && parseTimestamp(text.slice(0, brace)) !== undefined)
      text = text.slice(brace + 1);
  }
  let value: unknown;
  try {
    value = JSON.parse(withoutBodies(text) ?? text);
  } catch {
    return { ok: false, reason: 'invalid_json' };
  }
  return toStagedRecord(unwrapLogEvent(value), context);
}

/**
 * A CloudWatch Logs event as the AWS CLI prints it (`{"timestamp":…, "message":"<record JSON>", …}`)
 * carries the record as a string: parse that. Anything else is returned as it is.
 */
function unwrapLogEvent(value: unknown): unknown {
  if (!isObject(value) || value.requestId !== undefined || typeof value.message !== 'string') return value;
  const message = value.message.trim();
  if (!message.startsWith('{')) return value;
  try {
    return JSON.parse(withoutBodies(message) ?? message);
  } catch {
    return value;
  }
}

/**
 * Records of a whole JSON document: `aws logs filter-log-events` / `get-log-events` output
 * (`{"events": [{"message": "<record>"}, …]}`) or a JSON array of records or events.
 * One result per event, in order; a document that is not JSON is one `invalid_json`.
 */
export function parseLogDocument(text: string, context: KeyContext = {}): ParseResult[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [{ ok: false, reason: 'invalid_json' }];
  }
  const events = Array.isArray(value)
    ? value
    : isObject(value) && Array.isArray(value.events)
      ? value.events
      : [value];
  return events.map((event: unknown) => toStagedRecord(unwrapLogEvent(event), context));
}
