import { constants, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AppConfigInput } from '../../shared/config';
import {
  type GroundTruth,
  generateSyntheticLogs,
  type SyntheticOptions,
  type TeamModelTotals,
} from '../../src/demo';

interface Stored {
  key: string;
  body: Buffer;
}

async function generate(options: SyntheticOptions): Promise<{ objects: Stored[]; truth: GroundTruth }> {
  const objects: Stored[] = [];
  const truth = await generateSyntheticLogs(async (key, body) => {
    objects.push({ key, body: Buffer.from(body) });
  }, options);
  return { objects, truth };
}

const RECORD_KEY =
  /^(bedrock-logs\/)?AWSLogs\/\d{12}\/BedrockModelInvocationLogs\/(us-east-1|us-west-2|eu-west-1)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/\d{8}T\d{9}Z_[0-9a-f]{16}\.json\.gz$/;
const BODY_KEY =
  /^(bedrock-logs\/)?AWSLogs\/\d{12}\/BedrockModelInvocationLogs\/[a-z0-9-]+\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/data\/[0-9a-f-]{36}_(input|output)\.json\.gz$/;
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HOUR = 3_600_000;

/** What zlib can inflate, even from a cut object; a leading BOM removed. */
function inflate(body: Buffer): string {
  const text = gunzipSync(body, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function folderHourMs(key: string): number {
  const m = RECORD_KEY.exec(key);
  if (!m) throw new Error(`not a record key: ${key}`);
  return Date.UTC(Number(m[3]), Number(m[4]) - 1, Number(m[5]), Number(m[6]));
}

type Rec = Record<string, unknown> & { requestId: string; timestamp: string };

function parseGood(line: string): Rec | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const rec = value as Record<string, unknown>;
  if (typeof rec.requestId !== 'string' || typeof rec.timestamp !== 'string') return undefined;
  if (!ISO_SECONDS.test(rec.timestamp) || Number.isNaN(Date.parse(rec.timestamp))) return undefined;
  return rec as Rec;
}

function globMatch(pattern: string, value: string): boolean {
  const parts = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(value);
}

/** The team and model a correct pipeline reports, computed here without the generator's code. */
function attribute(rec: Rec, config: AppConfigInput): { team: string; model: string } {
  const metadata = (rec.requestMetadata ?? {}) as Record<string, string>;
  const arn = (rec.identity as { arn: string }).arn;
  const rule = (config.attribution?.identities ?? []).find((r) => globMatch(r.match, arn));
  const team = metadata.team ?? rule?.team ?? config.attribution?.unattributed ?? 'unattributed';
  const modelId = rec.modelId as string;
  const mapped = config.ingest?.inferenceProfiles?.[modelId];
  const model =
    mapped ?? modelId.split('foundation-model/')[1] ?? modelId.replace(/^(us|eu|apac|global)\./, '');
  return { team, model };
}

/** An independent reading of the objects: skip body objects and bad lines, dedupe by requestId. */
function tally(objects: readonly Stored[], config: AppConfigInput) {
  const seen = new Set<string>();
  const totals = new Map<string, TeamModelTotals>();
  const t = {
    records: 0,
    duplicates: 0,
    badLines: 0,
    lateArrivals: 0,
    objects: 0,
    bodyObjects: 0,
    bytesUncompressed: 0,
  };
  for (const object of objects) {
    if (BODY_KEY.test(object.key)) {
      t.bodyObjects++;
      continue;
    }
    t.objects++;
    const raw = gunzipSync(object.body, { finishFlush: constants.Z_SYNC_FLUSH });
    t.bytesUncompressed += raw.length;
    const lines = inflate(object.body).split('\n');
    if ((lines.pop() ?? '') !== '') t.badLines++;
    for (const line of lines) {
      if (line.trim() === '') continue;
      const rec = parseGood(line);
      if (!rec) {
        t.badLines++;
        continue;
      }
      if (seen.has(rec.requestId)) {
        t.duplicates++;
        continue;
      }
      seen.add(rec.requestId);
      t.records++;
      const behind = folderHourMs(object.key) - Math.floor(Date.parse(rec.timestamp) / HOUR) * HOUR;
      if (behind >= HOUR && behind <= 3 * HOUR) t.lateArrivals++;
      const { team, model } = attribute(rec, config);
      const input = (rec.input ?? {}) as Record<string, number | undefined>;
      const output = (rec.output ?? {}) as Record<string, number | undefined>;
      const key = `${team}|${model}`;
      const row = totals.get(key) ?? {
        team,
        model,
        invocations: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      };
      row.invocations++;
      row.inputTokens += input.inputTokenCount ?? 0;
      row.outputTokens += output.outputTokenCount ?? 0;
      row.cacheReadTokens += input.cacheReadInputTokenCount ?? 0;
      row.cacheWriteTokens += input.cacheWriteInputTokenCount ?? 0;
      totals.set(key, row);
    }
  }
  const byTeamModel = [...totals.values()].sort((a, b) =>
    `${a.team}|${a.model}`.localeCompare(`${b.team}|${b.model}`),
  );
  return { ...t, byTeamModel };
}

const FAULTY: SyntheticOptions = {
  seed: 42,
  // Monday 22:00 UTC: the run crosses midnight, so late arrivals can fall on the previous day.
  start: new Date('2026-03-02T22:17:00Z'),
  hours: 4,
  invocationsPerHour: 250,
  bodies: 'small',
  keyPrefix: 'bedrock-logs/',
  faults: { duplicates: 12, lateArrivals: 9, badLines: 10, truncatedObject: true, bodyObjects: true },
};

describe('generateSyntheticLogs', () => {
  it('returns byte-identical objects for the same seed and different ones for another seed', async () => {
    const a = await generate(FAULTY);
    const b = await generate(FAULTY);
    const c = await generate({ ...FAULTY, seed: 43 });
    expect(a.objects.length).toBeGreaterThan(20);
    expect(b.objects.map((o) => o.key)).toEqual(a.objects.map((o) => o.key));
    expect(b.objects.every((o, i) => o.body.equals(a.objects[i]?.body ?? Buffer.alloc(0)))).toBe(true);
    expect(b.truth).toEqual(a.truth);
    const aKeys = new Set(a.objects.map((o) => o.key));
    expect(c.objects.some((o) => !aKeys.has(o.key))).toBe(true);
    expect(c.truth.byTeamModel).not.toEqual(a.truth.byTeamModel);
  });

  it('writes every object under the Bedrock key layout, in the hour folders of the run', async () => {
    const { objects } = await generate(FAULTY);
    const folders = new Set<number>();
    for (const { key } of objects) {
      expect(RECORD_KEY.test(key) || BODY_KEY.test(key), key).toBe(true);
      if (RECORD_KEY.test(key)) folders.add(folderHourMs(key));
    }
    expect([...folders].sort()).toEqual(
      [0, 1, 2, 3].map((h) => Date.parse('2026-03-02T22:00:00Z') + h * HOUR),
    );
    const withoutPrefix = await generate({ ...FAULTY, keyPrefix: undefined, hours: 1 });
    expect(withoutPrefix.objects.every((o) => o.key.startsWith('AWSLogs/'))).toBe(true);
  });

  it('writes records with the reference field names and nesting', async () => {
    const { objects } = await generate({ ...FAULTY, faults: undefined });
    const lines = objects.flatMap((o) =>
      inflate(o.body)
        .split('\n')
        .filter((l) => l !== ''),
    );
    expect(lines.length).toBeGreaterThan(500);
    const order = [
      'schemaType',
      'schemaVersion',
      'timestamp',
      'accountId',
      'identity',
      'region',
      'requestId',
      'operation',
      'modelId',
      'inferenceRegion',
      'requestMetadata',
      'errorCode',
      'input',
      'output',
    ];
    for (const line of lines.filter((_, i) => i % 7 === 0)) {
      const rec = JSON.parse(line) as Record<string, unknown>;
      // Keys appear in the reference's order, whichever are present.
      const positions = Object.keys(rec).map((key) => order.indexOf(key));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      expect(rec.schemaVersion).toBe('1.0');
      expect(rec.timestamp).toMatch(ISO_SECONDS);
      expect(rec.requestId).toMatch(UUID_V4);
      expect(rec.accountId).toMatch(/^\d{12}$/);
      expect((rec.identity as { arn: string }).arn).toMatch(
        /^arn:aws:(sts|iam)::\d{12}:(assumed-role|user)\//,
      );
      const input = rec.input as Record<string, unknown>;
      expect(input.inputContentType).toBe('application/json');
      expect(input.inputBodyJson).toBeTypeOf('object');
      if (rec.errorCode === undefined && rec.output && 'outputTokenCount' in (rec.output as object)) {
        expect(input.inputTokenCount).toBeTypeOf('number');
        expect((rec.output as Record<string, unknown>).outputTokenCount).toBeTypeOf('number');
      }
      if (rec.operation === 'InvokeModelWithResponseStream' && rec.errorCode === undefined) {
        expect(Array.isArray((rec.output as Record<string, unknown>).outputBodyJson)).toBe(true);
      }
      expect(Object.keys(rec).slice(0, 2)).toEqual(
        rec.schemaType ? ['schemaType', 'schemaVersion'] : ['schemaVersion', 'timestamp'],
      );
    }
  });

  it('returns a ground truth equal to an independent tally of the objects, faults included', async () => {
    const { objects, truth } = await generate(FAULTY);
    const independent = tally(objects, truth.config);
    expect(truth.duplicates).toBe(12);
    expect(truth.lateArrivals).toBe(9);
    expect(truth.badLines).toBe(11); // 10 injected, plus the truncated object's partial last line
    expect(truth.bodyObjects).toBeGreaterThan(0);
    expect(independent.records).toBe(truth.records);
    expect(independent.duplicates).toBe(truth.duplicates);
    expect(independent.badLines).toBe(truth.badLines);
    expect(independent.lateArrivals).toBe(truth.lateArrivals);
    expect(independent.objects).toBe(truth.objects);
    expect(independent.bodyObjects).toBe(truth.bodyObjects);
    expect(independent.bytesUncompressed).toBe(truth.bytesUncompressed);
    expect(independent.byTeamModel).toEqual(truth.byTeamModel);
    const recordBytes = objects
      .filter((o) => RECORD_KEY.test(o.key))
      .reduce((sum, o) => sum + o.body.length, 0);
    expect(recordBytes).toBe(truth.bytesCompressed);
  });

  it('embeds the canary in every prompt and completion, and nowhere in the metadata', async () => {
    const canary = 'CANARY-5f1e2d9a';
    const { objects } = await generate({ ...FAULTY, canary, faults: { bodyObjects: true } });
    const bodies = new Map(objects.filter((o) => BODY_KEY.test(o.key)).map((o) => [o.key, inflate(o.body)]));
    let prompts = 0;
    let completions = 0;
    for (const object of objects.filter((o) => RECORD_KEY.test(o.key))) {
      for (const line of inflate(object.body)
        .split('\n')
        .filter((l) => l !== '')) {
        const rec = JSON.parse(line) as Record<string, Record<string, unknown> | undefined>;
        const { input, output, ...metadata } = rec;
        expect(JSON.stringify(metadata)).not.toContain(canary);
        const bodyText = (json: unknown, path: unknown) =>
          json !== undefined ? JSON.stringify(json) : bodies.get(String(path).replace(/^s3:\/\/[^/]+\//, ''));
        const prompt = bodyText(input?.inputBodyJson, input?.inputBodyS3Path);
        expect(prompt).toContain(canary);
        prompts++;
        if (output?.outputBodyJson !== undefined || output?.outputBodyS3Path !== undefined) {
          expect(bodyText(output.outputBodyJson, output.outputBodyS3Path)).toContain(canary);
          completions++;
        }
      }
    }
    expect(prompts).toBeGreaterThan(500);
    expect(completions).toBeGreaterThan(prompts * 0.6);
  });

  it('writes multi-KB realistic lines: 40k invocations in an hour make at least 200 MB', async () => {
    const started = performance.now();
    const { truth } = await generate({
      seed: 9,
      start: new Date('2026-03-04T13:00:00Z'),
      hours: 1,
      invocationsPerHour: 1500,
      bodies: 'realistic',
    });
    const averageLine = truth.bytesUncompressed / truth.records;
    expect(averageLine).toBeGreaterThan(5000);
    expect(averageLine * 40_000).toBeGreaterThanOrEqual(200e6);
    expect(truth.bytesUncompressed / truth.bytesCompressed).toBeGreaterThan(2);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
