/** The four operations that produce an invocation log record. */
export type Operation = 'Converse' | 'ConverseStream' | 'InvokeModel' | 'InvokeModelWithResponseStream';

/** What a workload's prompts and completions look like. */
export type BodyStyle = 'ticket' | 'chat' | 'rag' | 'embed' | 'copy' | 'code' | 'agent' | 'extract';

/** How prompt-cache token fields appear: omitted, always 0, or really used. */
export type CacheMode = 'absent' | 'zero' | 'active';

/** Which of the synthetic org's account-Region log streams a workload calls from. */
export type StreamName =
  | 'prod-us-east-1'
  | 'prod-us-west-2'
  | 'prod-eu-west-1'
  | 'nonprod-us-east-1'
  | 'nonprod-eu-west-1';

/** How the caller names its sessions (only for assumed roles). */
export type SessionKind = 'ec2' | 'lambda' | 'botocore' | 'person' | 'gateway';

/** One kind of traffic: a caller, a model, a way of calling it and the tags it sends. */
export interface WorkloadSpec {
  stream: StreamName;
  /** `role:<name>` (assumed role) or `user:<name>` (IAM user). */
  principal: string;
  sessions?: SessionKind;
  modelId: string;
  operations: readonly Operation[];
  /** requestMetadata exactly as sent; absent for untagged callers. */
  tags?: Readonly<Record<string, string>>;
  /** Share of its stream's traffic, relative to the stream's other workloads. */
  weight: number;
  /** Log-normal median and sigma of input and output tokens. */
  input: readonly [number, number];
  output: readonly [number, number];
  cache: CacheMode;
  /** Median cacheable prefix, in tokens, for `cache: 'active'`. */
  cachePrefix?: number;
  style: BodyStyle;
  /** Converse guardrail that sometimes blocks the call. */
  guardrail?: boolean;
}

/** The application inference profile the platform team bills code review through. */
export const APP_PROFILE_ARN =
  'arn:aws:bedrock:us-east-1:031245678901:application-inference-profile/k3x9q2m7p1ab';

const SONNET_US = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const SONNET_EU = 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU_GLOBAL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
const HAIKU_35_ARN = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0';
const NOVA_PRO_EU = 'eu.amazon.nova-pro-v1:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';
const NOVA_MICRO = 'amazon.nova-micro-v1:0';
const TITAN_EMBED = 'amazon.titan-embed-text-v2:0';
const LLAMA_70B = 'meta.llama3-3-70b-instruct-v1:0';

const CONVERSE: readonly Operation[] = ['Converse'];
const STREAM: readonly Operation[] = ['ConverseStream'];
const INVOKE: readonly Operation[] = ['InvokeModel'];
const INVOKE_STREAM: readonly Operation[] = ['InvokeModelWithResponseStream'];

/**
 * The synthetic organisation's traffic. Tagged callers never match an identity rule, so a
 * pipeline that prefers tags and one that checks rules first attribute them the same way.
 */
// biome-ignore format: one workload per entry reads as a table; expanded it would be 400 lines.
export const WORKLOADS: readonly WorkloadSpec[] = [
  // prod, us-east-1: most of the volume.
  { stream: 'prod-us-east-1', principal: 'role:support-bot-prod', sessions: 'ec2', modelId: SONNET_US, operations: CONVERSE,
    tags: { team: 'support', feature: 'ticket-summary', env: 'prod' }, weight: 10, input: [900, 0.6], output: [180, 0.5],
    cache: 'active', cachePrefix: 1800, style: 'ticket', guardrail: true },
  { stream: 'prod-us-east-1', principal: 'role:support-bot-prod', sessions: 'ec2', modelId: HAIKU_GLOBAL, operations: STREAM,
    tags: { team: 'support', feature: 'reply-draft', environment: 'prod' }, weight: 12, input: [1400, 0.5], output: [350, 0.6],
    cache: 'zero', style: 'chat', guardrail: true },
  { stream: 'prod-us-east-1', principal: 'role:search-indexer', sessions: 'lambda', modelId: TITAN_EMBED, operations: INVOKE,
    tags: { team: 'search', feature: 'query-embed', environment: 'prod' }, weight: 14, input: [300, 0.5], output: [0, 0],
    cache: 'absent', style: 'embed' },
  { stream: 'prod-us-east-1', principal: 'role:code-review-svc', sessions: 'lambda', modelId: APP_PROFILE_ARN, operations: INVOKE_STREAM,
    tags: { team: 'platform', feature: 'code-review', environment: 'prod', tenant: 'internal' }, weight: 4, input: [2500, 0.7],
    output: [900, 0.5], cache: 'active', cachePrefix: 6000, style: 'code' },
  { stream: 'prod-us-east-1', principal: 'role:growth-campaigns', sessions: 'botocore', modelId: LLAMA_70B, operations: INVOKE,
    tags: { team: 'growth', feature: 'email-copy', env: 'prod' }, weight: 5, input: [600, 0.4], output: [450, 0.4],
    cache: 'absent', style: 'copy' },
  { stream: 'prod-us-east-1', principal: 'role:llm-gateway', sessions: 'gateway', modelId: SONNET_US, operations: STREAM,
    tags: { team: 'platform', feature: 'agent-gateway', environment: 'prod' }, weight: 3, input: [1200, 0.8], output: [600, 0.7],
    cache: 'active', cachePrefix: 9000, style: 'agent' },
  { stream: 'prod-us-east-1', principal: 'role:llm-gateway', sessions: 'gateway', modelId: SONNET_US, operations: STREAM,
    tags: { team: 'research', feature: 'deep-research', environment: 'prod', costCenter: 'cc-4410' }, weight: 2,
    input: [3000, 0.6], output: [1500, 0.5], cache: 'active', cachePrefix: 12000, style: 'agent' },
  { stream: 'prod-us-east-1', principal: 'role:support-chat', sessions: 'lambda', modelId: HAIKU_35_ARN, operations: INVOKE_STREAM,
    tags: { team: 'support', feature: 'chat-assist', environment: 'prod' }, weight: 5, input: [1100, 0.5], output: [260, 0.5],
    cache: 'absent', style: 'chat' },
  // Untagged: not in any identity rule, so unattributed.
  { stream: 'prod-us-east-1', principal: 'role:legacy-lambda', sessions: 'lambda', modelId: NOVA_LITE, operations: INVOKE,
    tags: { app: 'legacy-etl' }, weight: 2, input: [1600, 0.5], output: [300, 0.5], cache: 'absent', style: 'extract' },
  // Untagged but mapped by an identity rule.
  { stream: 'prod-us-east-1', principal: 'user:ci-batch', modelId: HAIKU_GLOBAL, operations: CONVERSE,
    weight: 1.5, input: [800, 0.6], output: [200, 0.6], cache: 'absent', style: 'extract' },

  // prod, us-west-2.
  { stream: 'prod-us-west-2', principal: 'role:search-api', sessions: 'ec2', modelId: NOVA_LITE, operations: CONVERSE,
    tags: { team: 'search', feature: 'rag-answer', environment: 'prod' }, weight: 8, input: [1800, 0.4], output: [250, 0.5],
    cache: 'absent', style: 'rag' },
  { stream: 'prod-us-west-2', principal: 'role:growth-campaigns', sessions: 'botocore', modelId: NOVA_MICRO, operations: INVOKE_STREAM,
    tags: { team: 'growth', feature: 'ad-variants', env: 'prod' }, weight: 4, input: [400, 0.4], output: [300, 0.4],
    cache: 'absent', style: 'copy' },
  { stream: 'prod-us-west-2', principal: 'role:doc-pipeline', sessions: 'ec2', modelId: HAIKU_GLOBAL, operations: CONVERSE,
    tags: { team: 'research', feature: 'doc-extract', environment: 'prod' }, weight: 3, input: [2200, 0.5], output: [400, 0.4],
    cache: 'zero', style: 'extract' },

  // prod, eu-west-1.
  { stream: 'prod-eu-west-1', principal: 'role:support-bot-eu', sessions: 'ec2', modelId: NOVA_PRO_EU, operations: CONVERSE,
    tags: { team: 'support', feature: 'ticket-summary', env: 'prod' }, weight: 6, input: [950, 0.6], output: [170, 0.5],
    cache: 'absent', style: 'ticket', guardrail: true },
  { stream: 'prod-eu-west-1', principal: 'role:search-api-eu', sessions: 'ec2', modelId: NOVA_PRO_EU, operations: STREAM,
    tags: { team: 'search', feature: 'rag-answer', environment: 'prod' }, weight: 4, input: [1900, 0.4], output: [260, 0.5],
    cache: 'absent', style: 'rag' },
  { stream: 'prod-eu-west-1', principal: 'role:data-pipeline-backfill', sessions: 'botocore', modelId: TITAN_EMBED, operations: INVOKE,
    weight: 5, input: [320, 0.5], output: [0, 0], cache: 'absent', style: 'embed' },
  { stream: 'prod-eu-west-1', principal: 'role:growth-campaigns-eu', sessions: 'lambda', modelId: SONNET_EU, operations: INVOKE,
    tags: { team: 'growth', feature: 'email-copy', environment: 'prod' }, weight: 2, input: [700, 0.4], output: [480, 0.4],
    cache: 'zero', style: 'copy' },

  // nonprod, us-east-1.
  { stream: 'nonprod-us-east-1', principal: 'role:support-bot-staging', sessions: 'ec2', modelId: SONNET_US, operations: CONVERSE,
    tags: { team: 'support', feature: 'ticket-summary', environment: 'staging' }, weight: 2, input: [900, 0.6],
    output: [180, 0.5], cache: 'active', cachePrefix: 1800, style: 'ticket' },
  { stream: 'nonprod-us-east-1', principal: 'user:alice.ng', modelId: HAIKU_GLOBAL, operations: INVOKE_STREAM,
    tags: { team: 'platform', feature: 'code-review', env: 'dev' }, weight: 1.5, input: [2000, 0.7], output: [700, 0.5],
    cache: 'absent', style: 'code' },
  { stream: 'nonprod-us-east-1', principal: 'role:eval-runner', sessions: 'botocore', modelId: LLAMA_70B, operations: INVOKE,
    tags: { team: 'research', feature: 'eval-harness', environment: 'staging' }, weight: 2, input: [1000, 0.5],
    output: [400, 0.6], cache: 'absent', style: 'extract' },
  { stream: 'nonprod-us-east-1', principal: 'role:research-notebook', sessions: 'person', modelId: SONNET_US, operations: CONVERSE,
    weight: 1.5, input: [1500, 0.8], output: [500, 0.7], cache: 'absent', style: 'chat' },
  { stream: 'nonprod-us-east-1', principal: 'role:research-notebook', sessions: 'person', modelId: NOVA_LITE, operations: CONVERSE,
    tags: { notebook: 'scratch' }, weight: 1, input: [700, 0.6], output: [300, 0.6], cache: 'absent', style: 'rag' },
  { stream: 'nonprod-us-east-1', principal: 'user:jdoe', modelId: HAIKU_GLOBAL, operations: CONVERSE,
    weight: 1, input: [500, 0.7], output: [250, 0.7], cache: 'absent', style: 'chat' },

  // nonprod, eu-west-1: exported through CloudWatch Logs, so records lack schemaType.
  { stream: 'nonprod-eu-west-1', principal: 'role:search-api-eu-dev', sessions: 'ec2', modelId: NOVA_PRO_EU, operations: CONVERSE,
    tags: { team: 'search', feature: 'rag-answer', environment: 'dev' }, weight: 1.5, input: [1800, 0.4], output: [250, 0.5],
    cache: 'absent', style: 'rag' },
  { stream: 'nonprod-eu-west-1', principal: 'role:growth-campaigns-eu', sessions: 'lambda', modelId: NOVA_LITE, operations: CONVERSE,
    tags: { team: 'growth', feature: 'ad-variants', env: 'staging' }, weight: 1, input: [400, 0.4], output: [300, 0.4],
    cache: 'absent', style: 'copy' },
];
