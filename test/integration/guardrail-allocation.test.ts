import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { ingestBedrockLogs } from '../../shared/bedrock';
import { pricingScope } from '../../shared/bedrock/pricing-scope';
import { parseConfig } from '../../shared/config';
import { fixedClock } from '../../shared/ports';
import { shippedPriceBook } from '../../shared/pricing/shipped-book';
import { SCOPE_SQL } from '../../shared/sql/finops/compact-sql';
import { renderQuery } from '../../shared/sql/queries';
import { generateSyntheticLogs } from '../../src/demo';
import { type CostLine, type Invocation, writeLake } from '../support/finops-lake';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const LITE = 'amazon.nova-lite-v1:0';
const UNPRICED = 'example.unpriced-model-v1:0';
const ROLE = (name: string) => `arn:aws:sts::111122223333:assumed-role/${name}/session`;
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04'];

/**
 * Sonnet called in-Region, through a geo profile (by id and by ARN) and a global profile, which the
 * price book prices apart; several callers per cell, a caller with no ARN, failed calls, a model with
 * no price. Day 1 and 2 are billed (day 2 with a line that maps to no model), day 3 is not yet.
 */
const invocations: Invocation[] = DAYS.flatMap((day, d) => [
  {
    day,
    model: SONNET,
    team: 'search',
    feature: 'rag',
    environment: 'prod',
    identityArn: ROLE('a'),
    input: 120_000 + d,
    output: 9_000,
  },
  {
    day,
    model: SONNET,
    modelId: `us.${SONNET}`,
    team: 'search',
    feature: 'rag',
    environment: 'prod',
    identityArn: ROLE('b'),
    input: 80_000,
    output: 7_000,
    cacheRead: 50_000,
  },
  {
    day,
    model: SONNET,
    modelId: `arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.${SONNET}`,
    team: 'support',
    feature: 'chat',
    environment: 'prod',
    identityArn: ROLE('c'),
    input: 61_111,
    output: 3_333,
    cacheWrite: 20_000,
  },
  {
    day,
    model: SONNET,
    modelId: `global.${SONNET}`,
    team: 'support',
    feature: 'chat',
    environment: 'dev',
    identityArn: null,
    input: 33_333,
    output: 1_111,
  },
  {
    day,
    model: SONNET,
    modelId: `global.${SONNET}`,
    team: 'support',
    feature: 'chat',
    environment: 'dev',
    identityArn: ROLE('c'),
    input: 1,
    output: 0,
    error: 'ThrottlingException',
  },
  {
    day,
    model: LITE,
    team: 'search',
    feature: 'rank',
    environment: 'dev',
    identityArn: ROLE('a'),
    input: 700_000 + 7 * d,
    output: 70_001,
  },
  {
    day,
    model: LITE,
    modelId: `us.${LITE}`,
    team: 'billing',
    feature: 'ocr',
    environment: 'prod',
    identityArn: ROLE('d'),
    input: 300_003,
    output: 30_000,
  },
  {
    day,
    model: UNPRICED,
    team: 'billing',
    feature: 'ocr',
    environment: 'prod',
    identityArn: ROLE('d'),
    input: 5_000,
    output: 500,
  },
]);
const costs: CostLine[] = [
  {
    day: DAYS[0] as string,
    service: 'Amazon Bedrock',
    usageType: 'USE1-Claude4.5Sonnet-input-tokens',
    cost: '1.234567',
  },
  {
    day: DAYS[0] as string,
    service: 'Amazon Bedrock',
    usageType: 'USE1-NovaLite-input-tokens',
    cost: '0.070001',
  },
  {
    day: DAYS[1] as string,
    service: 'Amazon Bedrock',
    usageType: 'USE1-Claude4.5Sonnet-output-tokens',
    cost: '2.000003',
  },
  {
    day: DAYS[1] as string,
    service: 'Amazon Bedrock',
    usageType: 'USE1-SomethingElse-Units',
    cost: '0.333333',
  },
];

const allocationFrom = async (
  engine: DuckDbEngine,
  name: 'allocation' | 'guardrailAllocation',
  from: string,
  to: string,
) => (await engine.query(renderQuery(name, { from, to, unattributed: 'unattributed' }))).rows;

describe('the guardrails allocation (from identity_daily)', () => {
  let lake: string;
  let engine: DuckDbEngine;
  beforeAll(async () => {
    lake = writeLake({ invocations, costs, prices: shippedPriceBook() });
    engine = await DuckDbEngine.open(lake);
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(lake, { recursive: true, force: true });
  });

  it('returns the rows of the allocation from bedrock_invocations, to the cent', async () => {
    const raw = await allocationFrom(engine, 'allocation', DAYS[0] as string, DAYS[2] as string);
    const compact = await allocationFrom(engine, 'guardrailAllocation', DAYS[0] as string, DAYS[2] as string);
    expect(raw.length).toBeGreaterThan(10);
    expect(compact).toEqual(raw);
  });

  it('prices each scope apart, as the raw table does (a scope-less aggregate could not)', async () => {
    const rows = await allocationFrom(engine, 'guardrailAllocation', DAYS[2] as string, DAYS[2] as string);
    const cost = (team: string, environment: string) =>
      rows.find((r) => r.model === SONNET && r.team === team && r.environment === environment)?.list_cost;
    // The global cell is priced at the global rate, not at the in-Region price of its tokens.
    const rate = (scope: string, charge = 'input') =>
      Number(
        shippedPriceBook().find((p) => p.item === SONNET && p.charge === charge && p.scope === scope)?.price,
      );
    expect(rate('global')).not.toBe(rate('in-region'));
    expect(Number(cost('support', 'dev'))).toBeCloseTo(
      (33_334 * rate('global') + 1_111 * rate('global', 'output')) / 1e6,
      6,
    );
    expect(rows.some((r) => r.unpriced === true)).toBe(true);
  });

  it('reads the window it is given', async () => {
    const one = await allocationFrom(engine, 'guardrailAllocation', DAYS[1] as string, DAYS[1] as string);
    expect(new Set(one.map((r) => String(r.usage_date).slice(0, 10)))).toEqual(new Set([DAYS[1]]));
    expect(one).toEqual(await allocationFrom(engine, 'allocation', DAYS[1] as string, DAYS[1] as string));
  });
});

describe('identity_daily as the ingest writes it', () => {
  let dir: string;
  let engine: DuckDbEngine;
  const day = '2026-03-02';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'identity-daily-'));
    const raw = new FolderStore(join(dir, 'raw'));
    const truth = await generateSyntheticLogs((key, body) => raw.put(key, body), {
      seed: 11,
      start: new Date(`${day}T00:00:00Z`),
      hours: 24,
      invocationsPerHour: 80,
      bodies: 'small',
    });
    await ingestBedrockLogs({
      source: raw,
      store: new FolderStore(join(dir, 'lake')),
      config: parseConfig(truth.config),
      clock: fixedClock('2026-03-03T00:00:00Z'),
    });
    writeLake({
      dir: join(dir, 'lake'),
      prices: shippedPriceBook(),
      costs: [
        { day, service: 'Amazon Bedrock', usageType: 'USE1-Claude4.5Sonnet-input-tokens', cost: '3.141593' },
      ],
    });
    engine = await DuckDbEngine.open(join(dir, 'lake'));
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sums to the day of bedrock_invocations per caller, model and tags', async () => {
    const dims = `dt, COALESCE(identity_arn, '') AS identity_arn, account_id, region, model, team, feature, environment`;
    const sums = (calls: string, errors: string, table: string) => `SELECT ${dims},
  CAST(${calls} AS BIGINT) AS invocations, CAST(${errors} AS BIGINT) AS errors,
  CAST(SUM(input_tokens) AS BIGINT) AS i, CAST(SUM(output_tokens) AS BIGINT) AS o,
  CAST(SUM(cache_read_tokens) AS BIGINT) AS cr, CAST(SUM(cache_write_tokens) AS BIGINT) AS cw
FROM ${table} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`;
    const raw = await engine.query(
      sums('COUNT(*)', 'count_if(error_code IS NOT NULL)', 'bedrock_invocations'),
    );
    const compact = await engine.query(sums('SUM(invocations)', 'SUM(errors)', 'identity_daily'));
    expect(raw.rows.length).toBeGreaterThan(5);
    expect(compact.rows).toEqual(raw.rows);
    // Several scopes were called: the aggregate keeps them apart.
    const scopes = await engine.query('SELECT DISTINCT scope FROM identity_daily ORDER BY scope');
    expect(scopes.rows.length).toBeGreaterThan(1);
  });

  it('gives the allocation of the raw table for the ingested day', async () => {
    const raw = await allocationFrom(engine, 'allocation', day, day);
    expect(raw.length).toBeGreaterThan(3);
    expect(await allocationFrom(engine, 'guardrailAllocation', day, day)).toEqual(raw);
  });
});

describe('pricingScope', () => {
  it('classifies every model id as SCOPE_SQL does in the engine', async () => {
    const ids = [
      SONNET,
      `us.${SONNET}`,
      `us-gov.${SONNET}`,
      `eu.${SONNET}`,
      `apac.${SONNET}`,
      `jp.${SONNET}`,
      `au.${SONNET}`,
      `ca.${SONNET}`,
      `global.${SONNET}`,
      `arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.${SONNET}`,
      `arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.${SONNET}`,
      `arn:aws:bedrock:us-east-1::foundation-model/${SONNET}`,
      'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6',
      'arn:aws:sagemaker:us-east-1:111122223333:endpoint/chat-prod',
      'usual.model-v1',
      'global-model.v1',
    ];
    const dir = mkdtempSync(join(tmpdir(), 'scope-'));
    const engine = await DuckDbEngine.open(dir);
    try {
      const values = ids.map((id) => `('${id}')`).join(', ');
      const rows = (
        await engine.query(`SELECT model_id, ${SCOPE_SQL} AS scope FROM (VALUES ${values}) AS t(model_id)`)
      ).rows;
      expect(rows.length).toBe(ids.length);
      for (const r of rows) expect(pricingScope(String(r.model_id))).toBe(r.scope);
      expect(new Set(rows.map((r) => r.scope))).toEqual(new Set(['global', 'geo', 'in-region']));
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
