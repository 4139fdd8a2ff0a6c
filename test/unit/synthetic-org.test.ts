import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config';
import {
  type GroundTruth,
  generateSyntheticLogs,
  type SyntheticOptions,
  SyntheticOptionsError,
} from '../../src/demo';

type Rec = {
  schemaType?: string;
  schemaVersion: string;
  timestamp: string;
  accountId: string;
  identity: { arn: string };
  region: string;
  operation: string;
  modelId: string;
  inferenceRegion?: string;
  requestMetadata?: Record<string, string>;
  errorCode?: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
};

async function records(
  options: SyntheticOptions,
): Promise<{ recs: Rec[]; perKey: Map<string, number>; truth: GroundTruth }> {
  const recs: Rec[] = [];
  const perKey = new Map<string, number>();
  const truth = await generateSyntheticLogs(async (key, body) => {
    const lines = gunzipSync(body)
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    perKey.set(key, lines.length);
    for (const line of lines) recs.push(JSON.parse(line) as Rec);
  }, options);
  return { recs, perKey, truth };
}

const BASE: SyntheticOptions = {
  seed: 2026,
  start: new Date('2026-03-03T14:00:00Z'),
  hours: 2,
  invocationsPerHour: 3000,
  bodies: 'small',
};

function globMatch(pattern: string, value: string): boolean {
  const parts = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(value);
}

describe('synthetic organisation', () => {
  let recs: Rec[];
  let truth: GroundTruth;
  beforeAll(async () => {
    ({ recs, truth } = await records(BASE));
  });

  it('spans three accounts, one with a leading zero, in three Regions', () => {
    const accounts = new Set(recs.map((r) => r.accountId));
    expect(accounts.size).toBe(3);
    expect([...accounts].some((a) => a.startsWith('0'))).toBe(true);
    expect(new Set(recs.map((r) => r.region))).toEqual(new Set(['us-east-1', 'us-west-2', 'eu-west-1']));
  });

  it('calls cross-Region profiles, plain ids, a foundation-model ARN and an application profile ARN', () => {
    const ids = new Set(recs.map((r) => r.modelId));
    for (const id of [
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'global.anthropic.claude-haiku-4-5-20251001-v1:0',
      'eu.amazon.nova-pro-v1:0',
      'amazon.nova-lite-v1:0',
      'amazon.titan-embed-text-v2:0',
      'meta.llama3-3-70b-instruct-v1:0',
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
    const profile = [...ids].find((id) =>
      /^arn:aws:bedrock:us-east-1:\d{12}:application-inference-profile\/\w+$/.test(id),
    );
    expect(profile).toBeDefined();
    expect(truth.config.ingest?.inferenceProfiles?.[profile ?? '']).toBe(
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
    );
    const embeddings = recs.filter((r) => r.modelId.startsWith('amazon.titan-embed') && !r.errorCode);
    expect(embeddings.every((r) => r.output?.outputTokenCount === 0)).toBe(true);
  });

  it('uses all four operations, with chunk arrays for InvokeModelWithResponseStream', () => {
    expect(new Set(recs.map((r) => r.operation))).toEqual(
      new Set(['Converse', 'ConverseStream', 'InvokeModel', 'InvokeModelWithResponseStream']),
    );
    const streamed = recs.filter(
      (r) => r.operation === 'InvokeModelWithResponseStream' && r.output?.outputBodyJson,
    );
    expect(streamed.length).toBeGreaterThan(0);
    expect(
      streamed.every(
        (r) => Array.isArray(r.output?.outputBodyJson) && (r.output.outputBodyJson as unknown[]).length >= 3,
      ),
    ).toBe(true);
  });

  it('has callers that are assumed roles and IAM users, tagged with env or environment, or untagged', () => {
    expect(
      recs.some((r) => /^arn:aws:sts::\d{12}:assumed-role\/[\w.-]+\/[\w.@-]+$/.test(r.identity.arn)),
    ).toBe(true);
    expect(recs.some((r) => /^arn:aws:iam::\d{12}:user\/[\w.-]+$/.test(r.identity.arn))).toBe(true);
    expect(recs.some((r) => r.requestMetadata?.env !== undefined)).toBe(true);
    expect(recs.some((r) => r.requestMetadata?.environment !== undefined)).toBe(true);
    expect(recs.some((r) => r.requestMetadata === undefined)).toBe(true);
  });

  it('attributes untagged callers through identity rules or to unattributed, and tagged ones never by rule', () => {
    expect(() => parseConfig(truth.config)).not.toThrow();
    const rules = truth.config.attribution?.identities ?? [];
    const tagged = recs.filter((r) => r.requestMetadata?.team !== undefined);
    expect(tagged.every((r) => !rules.some((rule) => globMatch(rule.match, r.identity.arn)))).toBe(true);
    const untagged = recs.filter((r) => r.requestMetadata?.team === undefined);
    expect(untagged.some((r) => rules.some((rule) => globMatch(rule.match, r.identity.arn)))).toBe(true);
    expect(untagged.some((r) => !rules.some((rule) => globMatch(rule.match, r.identity.arn)))).toBe(true);
    expect(truth.byTeamModel.some((row) => row.team === 'unattributed')).toBe(true);
    expect(new Set(truth.byTeamModel.map((row) => row.team))).toEqual(
      new Set(['growth', 'platform', 'research', 'search', 'support', 'unattributed']),
    );
  });

  it('logs failures and guardrail blocks without token counts', () => {
    const codes = new Set(recs.flatMap((r) => (r.errorCode ? [r.errorCode] : [])));
    expect(codes.has('ThrottlingException')).toBe(true);
    expect(codes.has('ValidationException')).toBe(true);
    const failed = recs.filter((r) => r.errorCode !== undefined);
    expect(
      failed.every((r) => r.input.inputTokenCount === undefined && r.output?.outputTokenCount === undefined),
    ).toBe(true);
    const blocked = recs.filter(
      (r) =>
        (r.output?.outputBodyJson as { stopReason?: string } | undefined)?.stopReason ===
        'guardrail_intervened',
    );
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((r) => r.input.inputTokenCount === undefined && r.errorCode === undefined)).toBe(
      true,
    );
  });

  it('reports prompt caching on some Claude calls: absent, zero or positive', () => {
    const claude = recs.filter(
      (r) => r.modelId.includes('anthropic') && r.errorCode === undefined && r.input.inputTokenCount,
    );
    expect(claude.some((r) => r.input.cacheReadInputTokenCount === undefined)).toBe(true);
    expect(
      claude.some((r) => r.input.cacheReadInputTokenCount === 0 && r.input.cacheWriteInputTokenCount === 0),
    ).toBe(true);
    expect(claude.some((r) => (r.input.cacheReadInputTokenCount as number) > 0)).toBe(true);
    expect(claude.some((r) => (r.input.cacheWriteInputTokenCount as number) > 0)).toBe(true);
  });

  it('sets inferenceRegion on some routed calls and omits schemaType on some records', () => {
    expect(recs.some((r) => r.inferenceRegion !== undefined)).toBe(true);
    expect(recs.some((r) => r.modelId.startsWith('us.') && r.inferenceRegion === undefined)).toBe(true);
    expect(recs.some((r) => r.schemaType === undefined)).toBe(true);
    expect(
      recs.filter((r) => r.schemaType !== undefined).every((r) => r.schemaType === 'ModelInvocationLog'),
    ).toBe(true);
    expect(recs.every((r) => r.schemaVersion === '1.0')).toBe(true);
  });

  it('logs the same calls with small and realistic bodies', async () => {
    const realistic = await generateSyntheticLogs(async () => undefined, {
      ...BASE,
      hours: 1,
      invocationsPerHour: 300,
      bodies: 'realistic',
    });
    const small = await generateSyntheticLogs(async () => undefined, {
      ...BASE,
      hours: 1,
      invocationsPerHour: 300,
    });
    expect(realistic.byTeamModel).toEqual(small.byTeamModel);
    expect(realistic.bytesUncompressed).toBeGreaterThan(2 * small.bytesUncompressed);
  });
});

describe('seasonality', () => {
  it('has fewer invocations on weekend days than on weekdays over 14 days', async () => {
    const { perKey } = await records({
      ...BASE,
      start: new Date('2026-03-02T00:00:00Z'),
      hours: 14 * 24,
      invocationsPerHour: 20,
    });
    const perDay = new Map<number, number>();
    for (const [key, count] of perKey) {
      const m = /\/(\d{4})\/(\d{2})\/(\d{2})\/\d{2}\/[^/]+$/.exec(key);
      if (!m) throw new Error(key);
      const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
      perDay.set(day, (perDay.get(day) ?? 0) + count);
    }
    const weekend = ((perDay.get(0) ?? 0) + (perDay.get(6) ?? 0)) / 2;
    const weekday = [1, 2, 3, 4, 5].reduce((sum, d) => sum + (perDay.get(d) ?? 0), 0) / 5;
    expect(weekend).toBeLessThan(0.7 * weekday);
    // The org-wide average holds: 14 days at 20 an hour is about 6,720 calls.
    const total = [...perDay.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(6000);
    expect(total).toBeLessThan(7500);
  });

  it('peaks in business hours', async () => {
    const { recs } = await records({
      ...BASE,
      start: new Date('2026-03-04T00:00:00Z'),
      hours: 24,
      invocationsPerHour: 100,
    });
    const byHour = new Array<number>(24).fill(0);
    for (const r of recs)
      byHour[new Date(r.timestamp).getUTCHours()] = (byHour[new Date(r.timestamp).getUTCHours()] ?? 0) + 1;
    expect(byHour[16] ?? 0).toBeGreaterThan(2 * (byHour[4] ?? 0));
  });
});

describe('options', () => {
  it('rejects an invalid option, naming it', async () => {
    const sink = async () => undefined;
    await expect(generateSyntheticLogs(sink, { ...BASE, hours: -1 })).rejects.toThrow(SyntheticOptionsError);
    await expect(generateSyntheticLogs(sink, { ...BASE, start: new Date('nope') })).rejects.toThrow(/start/);
    await expect(generateSyntheticLogs(sink, { ...BASE, invocationsPerHour: Number.NaN })).rejects.toThrow(
      /invocationsPerHour/,
    );
  });

  it('writes nothing for zero hours', async () => {
    const keys: string[] = [];
    const truth = await generateSyntheticLogs(
      async (key) => {
        keys.push(key);
      },
      { ...BASE, hours: 0 },
    );
    expect(keys).toEqual([]);
    expect(truth.records).toBe(0);
    expect(truth.byTeamModel).toEqual([]);
  });
});
