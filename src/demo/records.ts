import { renderBodies } from './bodies';
import { buildConversation, SYSTEM_CHARS, textSizes } from './conversation';
import type { Workload } from './org';
import type { Rng } from './rng';
import type { TextSource } from './text';
import { sampleOutcome, sampleTokens } from './tokens';

/** Bucket named in offloaded-body URIs. */
export const SYNTHETIC_BUCKET = 'synthetic-bedrock-logs';

/** Regions a geographic or global cross-Region profile may route to. */
const ROUTES: Record<string, readonly string[]> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  eu: ['eu-west-1', 'eu-central-1', 'eu-west-3', 'eu-north-1'],
  global: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1'],
};

/** Shared, per-run inputs to record building. */
export interface RecordContext {
  text: TextSource;
  realistic: boolean;
  canary: string | undefined;
  offloadBodies: boolean;
}

/** A body written to its own object instead of inline. */
export interface BodyObject {
  key: string;
  json: string;
}

/** One record as a log line, with what the ground truth needs to know about it. */
export interface GeneratedRecord {
  line: string;
  requestId: string;
  team: string;
  model: string;
  /** Token counts as a pipeline reads them: 0 where the record has none. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  bodyObjects: BodyObject[];
}

/** `2026-03-02T14:07:31Z`: ISO-8601 UTC at second precision, as Bedrock writes it. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function inferenceRegion(modelId: string, region: string, rng: Rng): string | undefined {
  // Draw first so that whether the field appears never shifts the rest of the stream.
  const present = rng.chance(0.75);
  const pick = rng.next();
  if (modelId.includes(':application-inference-profile/')) return present ? region : undefined;
  const prefix = /^(us|eu|global)\./.exec(modelId)?.[1];
  const routes = prefix === undefined ? undefined : ROUTES[prefix];
  if (!present || !routes) return undefined;
  return routes[Math.floor(pick * routes.length)];
}

function systemPrompt(workload: Workload, rng: Rng, ctx: RecordContext): string | undefined {
  const chars = SYSTEM_CHARS[workload.spec.style];
  if (chars === 0) return undefined;
  // Most calls use the current prompt version; a few still run the previous one.
  const version = rng.chance(0.85) ? 2 : 1;
  const label = workload.spec.tags?.feature ?? workload.spec.principal.split(':')[1] ?? 'internal';
  return ctx.text.system(workload.index, label, version, ctx.realistic ? chars : 60);
}

/**
 * Builds one record of a workload at `timeMs`. `meta` drives everything that is metadata
 * (ids, tokens, outcome) and `body` only the texts, so `small` and `realistic` runs with the
 * same seed log the same calls.
 */
export function buildRecord(
  workload: Workload,
  timeMs: number,
  folder: string,
  meta: Rng,
  body: Rng,
  ctx: RecordContext,
): GeneratedRecord {
  const { spec, stream } = workload;
  const op = meta.pick(workload.operations);
  const arn = meta.pick(workload.arns);
  const requestId = meta.uuid();
  const { outcome, errorCode } = sampleOutcome(workload, op, meta);
  const tokens = sampleTokens(workload, meta);
  const routedTo = inferenceRegion(spec.modelId, stream.region, meta);
  const offloadDraw = meta.next();
  const ok = outcome === 'ok';
  const large = tokens.input + (tokens.cacheRead ?? 0) + (tokens.cacheWrite ?? 0) >= 5000;
  const offload = ctx.offloadBodies && large && offloadDraw < 0.3;

  const sizes = textSizes(tokens.input, tokens.output, ctx.realistic);
  const conv = buildConversation(
    spec.style,
    systemPrompt(workload, body, ctx),
    sizes,
    outcome === 'guardrail',
    body,
    ctx.text,
    ctx.canary,
  );
  const bodies = renderBodies(op, workload.family, workload.model, conv, tokens, outcome, body);

  const bodyObjects: BodyObject[] = [];
  const record: Record<string, unknown> = {};
  if (!stream.omitSchemaType) record.schemaType = 'ModelInvocationLog';
  record.schemaVersion = '1.0';
  record.timestamp = isoSeconds(timeMs);
  record.accountId = stream.accountId;
  record.identity = { arn };
  record.region = stream.region;
  record.requestId = requestId;
  record.operation = op;
  record.modelId = spec.modelId;
  if (routedTo !== undefined) record.inferenceRegion = routedTo;
  if (spec.tags) record.requestMetadata = { ...spec.tags };
  if (errorCode !== undefined) record.errorCode = errorCode;

  const input: Record<string, unknown> = { inputContentType: 'application/json' };
  if (offload) {
    const key = `${folder}data/${requestId}_input.json.gz`;
    bodyObjects.push({ key, json: JSON.stringify(bodies.input) });
    input.inputBodyS3Path = `s3://${SYNTHETIC_BUCKET}/${key}`;
  } else {
    input.inputBodyJson = bodies.input;
  }
  if (ok) {
    input.inputTokenCount = tokens.input;
    if (tokens.cacheRead !== undefined) input.cacheReadInputTokenCount = tokens.cacheRead;
    if (tokens.cacheWrite !== undefined) input.cacheWriteInputTokenCount = tokens.cacheWrite;
  }
  record.input = input;

  // A throttled or unavailable call never reached the model: nothing came back at all.
  if (errorCode !== 'ThrottlingException' && errorCode !== 'ServiceUnavailableException') {
    const output: Record<string, unknown> = { outputContentType: 'application/json' };
    if (bodies.output !== undefined) {
      if (offload) {
        const key = `${folder}data/${requestId}_output.json.gz`;
        bodyObjects.push({ key, json: JSON.stringify(bodies.output) });
        output.outputBodyS3Path = `s3://${SYNTHETIC_BUCKET}/${key}`;
      } else {
        output.outputBodyJson = bodies.output;
      }
    }
    if (ok) output.outputTokenCount = tokens.output;
    record.output = output;
  }

  return {
    line: JSON.stringify(record),
    requestId,
    team: workload.team,
    model: workload.model,
    inputTokens: ok ? tokens.input : 0,
    outputTokens: ok ? tokens.output : 0,
    cacheReadTokens: ok ? (tokens.cacheRead ?? 0) : 0,
    cacheWriteTokens: ok ? (tokens.cacheWrite ?? 0) : 0,
    bodyObjects,
  };
}
