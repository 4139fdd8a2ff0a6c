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
  | 'not_an_invocation_record'
  | 'truncated_line';

export type ParseResult =
  | { ok: true; record: StagedRecord }
  | { ok: false; reason: RejectReason; field?: string };

/** What the object's key says about its records, used when a record omits the field. */
export interface KeyContext {
  accountId?: string;
  region?: string;
}

// ISO-8601 date-time; the zone is optional (treated as UTC, as Bedrock writes UTC).
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

type Json = Record<string, unknown>;

/**
 * A copy of `s` that does not keep its source alive. V8's JSON.parse returns longer string values
 * as slices of the parsed line, so keeping a 36-character requestId would keep the whole multi-KB
 * line (prompt included) in memory until the unit is written.
 */
const detach = (s: string): string => (s.length < 13 ? s : ` ${s}`.slice(1));

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

/** Parses `timestamp` to epoch ms, or undefined. */
export function parseTimestamp(value: string): number | undefined {
  if (!ISO_TIMESTAMP.test(value)) return undefined;
  let text = value.replace(' ', 'T');
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) text += 'Z';
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A token count: absent means 0 (guardrail-blocked or failed calls); anything else not a count is an error. */
function tokenCount(v: unknown): number | undefined {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return undefined;
}

/** Keeps only string-valued tags; anything else in requestMetadata is not a tag. */
function metadataJson(v: unknown): string | null {
  if (!isObject(v)) return null;
  const tags: Record<string, string> = {};
  let any = false;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') {
      tags[k] = val;
      any = true;
    }
  }
  return any ? JSON.stringify(tags) : null;
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
  if (eventTime === undefined) return { ok: false, reason: 'bad_timestamp', field: 'timestamp' };
  const requestId = str(value.requestId);
  if (requestId === null) return { ok: false, reason: 'missing_request_id', field: 'requestId' };

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
  const identityArn = isObject(value.identity) ? str(value.identity.arn) : null;
  const identity = identityArn === null ? null : intern(identityArn);
  const errorCode = value.errorCode;

  return {
    ok: true,
    record: {
      event_time: eventTime,
      request_id: detach(requestId),
      account_id: intern(str(value.accountId) ?? context.accountId ?? 'unknown'),
      region: intern(str(value.region) ?? context.region ?? 'unknown'),
      operation: intern(str(value.operation) ?? 'unknown'),
      model_id: intern(str(value.modelId) ?? 'unknown'),
      identity_arn: identity,
      request_metadata: metadataJson(value.requestMetadata),
      inference_region: value.inferenceRegion ? intern(String(value.inferenceRegion)) : null,
      input_tokens: inputTokens,
      output_tokens: outputTokens,
      cache_read_tokens: cacheRead,
      cache_write_tokens: cacheWrite,
      error_code:
        errorCode === undefined || errorCode === null || errorCode === ''
          ? null
          : typeof errorCode === 'string'
            ? intern(errorCode)
            : JSON.stringify(errorCode),
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
  return toStagedRecord(value, context);
}
