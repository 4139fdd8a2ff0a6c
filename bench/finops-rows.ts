/**
 * A fast synthetic `bedrock_invocations` day for the FinOps query bench: columns written straight
 * to Parquet, with the cardinalities of a large org (teams, features, environments, models and
 * their profile ids, Regions, thousands of caller identities, unique request ids), not log records.
 */
import type { BillableUsage } from '../src/demo/bill-usage';

/** Deterministic 32-bit generator (mulberry32): the same seed gives the same lake. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** model, logged model id, caller Region, share of calls, median input and output tokens, cache use. */
const MODELS: readonly [string, string, string, number, number, number, boolean][] = [
  [
    'anthropic.claude-sonnet-4-5-20250929-v1:0',
    'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    'us-east-1',
    14,
    1200,
    400,
    true,
  ],
  [
    'anthropic.claude-sonnet-4-5-20250929-v1:0',
    'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
    'eu-west-1',
    4,
    900,
    350,
    false,
  ],
  [
    'anthropic.claude-haiku-4-5-20251001-v1:0',
    'global.anthropic.claude-haiku-4-5-20251001-v1:0',
    'us-east-1',
    18,
    1400,
    300,
    false,
  ],
  [
    'anthropic.claude-haiku-4-5-20251001-v1:0',
    'global.anthropic.claude-haiku-4-5-20251001-v1:0',
    'us-west-2',
    6,
    2000,
    400,
    false,
  ],
  ['amazon.nova-pro-v1:0', 'eu.amazon.nova-pro-v1:0', 'eu-west-1', 9, 1800, 250, false],
  ['amazon.nova-lite-v1:0', 'amazon.nova-lite-v1:0', 'us-west-2', 15, 1600, 280, false],
  ['amazon.nova-micro-v1:0', 'amazon.nova-micro-v1:0', 'us-west-2', 8, 400, 300, false],
  ['amazon.titan-embed-text-v2:0', 'amazon.titan-embed-text-v2:0', 'us-east-1', 20, 300, 0, false],
  ['meta.llama3-3-70b-instruct-v1:0', 'meta.llama3-3-70b-instruct-v1:0', 'us-east-1', 6, 800, 450, false],
];
const ACCOUNTS: Record<string, string> = {
  'us-east-1': '031245678901',
  'us-west-2': '031245678901',
  'eu-west-1': '482913375506',
};
const OPERATIONS = ['Converse', 'ConverseStream', 'InvokeModel', 'InvokeModelWithResponseStream'];
const ERRORS = ['ThrottlingException', 'ValidationException', 'ModelTimeoutException'];
const ENVIRONMENTS = ['prod', 'prod', 'prod', 'staging', 'dev'];
const TEAMS = 40;
const FEATURES_PER_TEAM = 5;
const ROLES_PER_FEATURE = 3;
const SESSIONS_PER_ROLE = 8;

/** The org's callers: one per team × feature × role × session, plus untagged ones. */
interface Caller {
  arn: string;
  team: string;
  feature: string;
  environment: string;
}

function callers(rand: () => number): Caller[] {
  const out: Caller[] = [];
  for (let t = 0; t < TEAMS; t++)
    for (let f = 0; f < FEATURES_PER_TEAM; f++)
      for (let r = 0; r < ROLES_PER_FEATURE; r++) {
        const environment = ENVIRONMENTS[Math.floor(rand() * ENVIRONMENTS.length)] as string;
        for (let s = 0; s < SESSIONS_PER_ROLE; s++)
          out.push({
            arn: `arn:aws:sts::031245678901:assumed-role/team${t}-feature${f}-svc${r}/i-0${Math.floor(rand() * 2 ** 48).toString(16)}`,
            team: `team-${t}`,
            feature: `feature-${t}-${f}`,
            environment,
          });
      }
  for (let u = 0; u < 60; u++)
    out.push({
      arn: `arn:aws:iam::729401118823:user/person-${u}`,
      team: 'unattributed',
      feature: 'unattributed',
      environment: 'unattributed',
    });
  return out;
}

/** Log-normal-ish tokens around `median` (Box-Muller on the seeded generator). */
function tokens(rand: () => number, median: number, sigma: number): number {
  if (median === 0) return 0;
  const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Math.max(1, Math.round(median * Math.exp(sigma * z)));
}

const hex8 = (rand: () => number) => (Math.floor(rand() * 2 ** 32) >>> 0).toString(16).padStart(8, '0');

/** A UUID-shaped request id: random, plus the row number so ids never repeat within a day. */
function requestId(rand: () => number, i: number, daySeed: number): string {
  const a = hex8(rand);
  const b = hex8(rand);
  const tail = (daySeed * 16_777_216 + i).toString(16).padStart(12, '0').slice(-12);
  return `${a}-${b.slice(0, 4)}-4${b.slice(4, 7)}-a${a.slice(0, 3)}-${tail}`;
}

/** One day's columns in the contract's names, and the token sums the day's bill charges for. */
export interface SyntheticDay {
  columns: Record<string, (string | number | null)[]>;
  rows: number;
  usage: BillableUsage[];
}

/** `rows` invocations of `day` (UTC), sorted by time, deterministic in `seed`. */
export function syntheticDay(day: string, rows: number, seed: number): SyntheticDay {
  const rand = mulberry32(seed);
  const who = callers(mulberry32(1)); // the same org every day
  const weights = MODELS.map((m) => m[3]);
  const total = weights.reduce((a, b) => a + b, 0);
  const start = Date.parse(`${day}T00:00:00Z`);
  // Busy afternoons: times drawn from a day-shaped density, then sorted as ingest writes them.
  const times = Array.from({ length: rows }, () => {
    const u = rand();
    return start + Math.floor((u < 0.3 ? rand() : 0.35 + 0.5 * rand()) * 86_400_000);
  }).sort((a, b) => a - b);
  const c: SyntheticDay['columns'] = {};
  for (const name of [
    'event_time',
    'request_id',
    'account_id',
    'region',
    'operation',
    'model_id',
    'model',
    'identity_arn',
    'team',
    'feature',
    'environment',
    'input_tokens',
    'output_tokens',
    'cache_read_tokens',
    'cache_write_tokens',
    'error_code',
  ])
    c[name] = new Array(rows);
  const sums = new Map<
    string,
    { region: string; model: string; scope: BillableUsage['scope']; t: number[] }
  >();
  for (let i = 0; i < rows; i++) {
    let pick = rand() * total;
    let m = 0;
    while (pick >= (weights[m] as number) && m < MODELS.length - 1) pick -= weights[m++] as number;
    const [model, modelId, region, , inMedian, outMedian, cache] = MODELS[m] as (typeof MODELS)[number];
    const caller = who[Math.floor(rand() * who.length)] as Caller;
    const failed = rand() < 0.012;
    const input = failed ? 0 : tokens(rand, inMedian, 0.6);
    const output = failed ? 0 : tokens(rand, outMedian, 0.5);
    const cacheRead = !failed && cache && rand() < 0.7 ? tokens(rand, 2500, 0.3) : 0;
    const cacheWrite = !failed && cache && cacheRead === 0 ? tokens(rand, 2500, 0.3) : 0;
    (c.event_time as number[])[i] = times[i] as number;
    (c.request_id as string[])[i] = requestId(rand, i, seed % 4096);
    (c.account_id as string[])[i] =
      caller.team === 'unattributed' ? '729401118823' : (ACCOUNTS[region] as string);
    (c.region as string[])[i] = region;
    (c.operation as string[])[i] = OPERATIONS[Math.floor(rand() * OPERATIONS.length)] as string;
    (c.model_id as string[])[i] = modelId;
    (c.model as string[])[i] = model;
    (c.identity_arn as string[])[i] = caller.arn;
    (c.team as string[])[i] = caller.team;
    (c.feature as string[])[i] = caller.feature;
    (c.environment as string[])[i] = caller.environment;
    (c.input_tokens as number[])[i] = input;
    (c.output_tokens as number[])[i] = output;
    (c.cache_read_tokens as number[])[i] = cacheRead;
    (c.cache_write_tokens as number[])[i] = cacheWrite;
    (c.error_code as (string | null)[])[i] = failed
      ? (ERRORS[Math.floor(rand() * ERRORS.length)] as string)
      : null;
    const scope: BillableUsage['scope'] = modelId.startsWith('global.')
      ? 'global'
      : /^(us|eu)\./.test(modelId)
        ? 'geo'
        : 'in-region';
    const key = `${region}|${model}|${scope}`;
    let u = sums.get(key);
    if (!u) {
      u = { region, model, scope, t: [0, 0, 0, 0] };
      sums.set(key, u);
    }
    // Numbers are exact here: a day's sums stay far below 2^53.
    const t = u.t as [number, number, number, number];
    t[0] += input;
    t[1] += output;
    t[2] += cacheRead;
    t[3] += cacheWrite;
  }
  const usage = [...sums.values()].map(({ region, model, scope, t }) => ({
    day,
    region,
    model,
    scope,
    inputTokens: BigInt(t[0] as number),
    outputTokens: BigInt(t[1] as number),
    cacheReadTokens: BigInt(t[2] as number),
    cacheWriteTokens: BigInt(t[3] as number),
  }));
  return { columns: c, rows, usage };
}
