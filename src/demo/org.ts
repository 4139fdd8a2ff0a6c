import type { AppConfigInput } from '../../shared/config';
import { SyntheticOrgError } from './errors';
import { Rng } from './rng';
import {
  APP_PROFILE_ARN,
  type Operation,
  type SessionKind,
  type StreamName,
  WORKLOADS,
  type WorkloadSpec,
} from './workloads';

/** The synthetic org's accounts; the production US account keeps a leading zero on purpose. */
export const ACCOUNTS = { prod: '031245678901', prodEu: '482913375506', nonprod: '729401118823' } as const;

/** One account-Region pair: Bedrock writes a separate log prefix for each. */
export interface LogStream {
  index: number;
  name: StreamName;
  accountId: string;
  region: string;
  /** UTC hour of the business-day peak for the people this stream serves. */
  peakUtcHour: number;
  /** Weekend volume relative to a weekday. */
  weekendFactor: number;
  /** Records exported through CloudWatch Logs carry no `schemaType`. */
  omitSchemaType: boolean;
}

/** Every stream, in generation order. */
export const STREAMS: readonly LogStream[] = [
  {
    index: 0,
    name: 'prod-us-east-1',
    accountId: ACCOUNTS.prod,
    region: 'us-east-1',
    peakUtcHour: 17,
    weekendFactor: 0.35,
    omitSchemaType: false,
  },
  {
    index: 1,
    name: 'prod-us-west-2',
    accountId: ACCOUNTS.prod,
    region: 'us-west-2',
    peakUtcHour: 19,
    weekendFactor: 0.4,
    omitSchemaType: false,
  },
  {
    index: 2,
    name: 'prod-eu-west-1',
    accountId: ACCOUNTS.prodEu,
    region: 'eu-west-1',
    peakUtcHour: 11,
    weekendFactor: 0.35,
    omitSchemaType: false,
  },
  {
    index: 3,
    name: 'nonprod-us-east-1',
    accountId: ACCOUNTS.nonprod,
    region: 'us-east-1',
    peakUtcHour: 16,
    weekendFactor: 0.15,
    omitSchemaType: false,
  },
  {
    index: 4,
    name: 'nonprod-eu-west-1',
    accountId: ACCOUNTS.nonprod,
    region: 'eu-west-1',
    peakUtcHour: 10,
    weekendFactor: 0.15,
    omitSchemaType: true,
  },
];

/** The base model a correct pipeline reports for each application inference profile. */
export const INFERENCE_PROFILES: Readonly<Record<string, string>> = {
  [APP_PROFILE_ARN]: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
};

/** Identity rules for the untagged callers that someone bothered to map; the rest stay unattributed. */
const IDENTITY_RULES = [
  {
    match: `arn:aws:sts::${ACCOUNTS.nonprod}:assumed-role/research-notebook/*`,
    team: 'research',
    feature: 'notebooks',
    environment: 'dev',
  },
  {
    match: `arn:aws:iam::${ACCOUNTS.prod}:user/ci-batch`,
    team: 'platform',
    feature: 'ci-evals',
    environment: 'prod',
  },
  { match: 'arn:aws:sts::*:assumed-role/data-pipeline-*/*', team: 'search', feature: 'batch-backfill' },
] as const;

/** The team value for calls neither tags nor identity rules attribute. */
export const UNATTRIBUTED = 'unattributed';

/** The configuration a demo ingest of the synthetic logs must use. */
export function syntheticConfig(): AppConfigInput {
  return {
    attribution: { identities: IDENTITY_RULES.map((rule) => ({ ...rule })), unattributed: UNATTRIBUTED },
    ingest: { inferenceProfiles: { ...INFERENCE_PROFILES } },
  };
}

/** The base model id behind a logged `modelId`, the way a correct pipeline normalizes it. */
export function normalizeModelId(modelId: string, profiles: Readonly<Record<string, string>>): string {
  const mapped = profiles[modelId];
  if (mapped !== undefined) return mapped;
  const foundation = modelId.indexOf(':foundation-model/');
  if (foundation >= 0) return modelId.slice(foundation + ':foundation-model/'.length);
  return modelId.replace(/^(us|eu|apac|global)\./, '');
}

function globMatches(pattern: string, value: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(value);
}

/** Provider-native body family, which decides the InvokeModel body shapes. */
export type ModelFamily = 'anthropic' | 'nova' | 'llama' | 'titan-embed';

function familyOf(model: string): ModelFamily {
  if (model.startsWith('anthropic.')) return 'anthropic';
  if (model.startsWith('meta.')) return 'llama';
  if (model.startsWith('amazon.titan-embed')) return 'titan-embed';
  return 'nova';
}

/** A workload with everything resolved: its stream, caller ARNs, normalized model and attributed team. */
export interface Workload {
  /** Position in the workload table. */
  index: number;
  spec: WorkloadSpec;
  stream: LogStream;
  /** Caller ARNs to rotate through (one per session for roles). */
  arns: readonly string[];
  model: string;
  family: ModelFamily;
  /** The team a correct pipeline attributes this workload's calls to. */
  team: string;
  operations: readonly Operation[];
}

function sessionNames(kind: SessionKind, role: string, rng: Rng): string[] {
  const count = rng.int(2, 6);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (kind === 'ec2') names.push(`i-0${rng.hex(16)}`);
    else if (kind === 'lambda') names.push(i === 0 ? role : `${role}-${rng.hex(6)}`);
    else if (kind === 'botocore') names.push(`botocore-session-${1_772_000_000 + rng.int(0, 9_999_999)}`);
    else if (kind === 'gateway') names.push(`gw-task-${rng.hex(8)}`);
    else
      names.push(
        rng.pick(['maria.gomez', 'wei.chen', 'sam.okafor', 'lena.fischer', 'raj.patel', 'ana.silva']),
      );
  }
  return [...new Set(names)];
}

function callerArns(spec: WorkloadSpec, accountId: string, rng: Rng): string[] {
  const [kind, name] = spec.principal.split(':') as [string, string];
  if (kind === 'user') return [`arn:aws:iam::${accountId}:user/${name}`];
  return sessionNames(spec.sessions ?? 'botocore', name, rng).map(
    (session) => `arn:aws:sts::${accountId}:assumed-role/${name}/${session}`,
  );
}

function attributedTeam(spec: WorkloadSpec, arns: readonly string[]): string {
  const tagged = spec.tags?.team;
  if (tagged !== undefined) return tagged;
  const teams = new Set(
    arns.map((arn) => IDENTITY_RULES.find((rule) => globMatches(rule.match, arn))?.team ?? UNATTRIBUTED),
  );
  const [team, ...others] = teams;
  // Sessions of one workload must agree, or the ground truth could not be per workload.
  if (team === undefined || others.length > 0)
    throw new SyntheticOrgError(`ambiguous attribution for ${spec.principal}`);
  return team;
}

/** Resolves one workload table entry; its session names are drawn from `rng`. */
export function resolveWorkload(spec: WorkloadSpec, index: number, rng: Rng): Workload {
  const stream = STREAMS.find((s) => s.name === spec.stream);
  if (!stream) throw new SyntheticOrgError(`unknown stream ${spec.stream}`);
  const arns = callerArns(spec, stream.accountId, rng);
  const model = normalizeModelId(spec.modelId, INFERENCE_PROFILES);
  return {
    index,
    spec,
    stream,
    arns,
    model,
    family: familyOf(model),
    team: attributedTeam(spec, arns),
    operations: spec.operations,
  };
}

/** Resolves the workload table for one seed (session names are drawn from it). */
export function buildOrg(seed: number): Workload[] {
  const rng = Rng.derive(seed, 0x0e6);
  return WORKLOADS.map((spec, index) => resolveWorkload(spec, index, rng));
}
