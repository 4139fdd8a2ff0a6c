import { rmSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  GetRolePolicyCommand,
  IAMClient,
  ListRoleTagsCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnomalyHandler } from '../../functions/anomaly/create-handler';
import { enforcerFor } from '../../functions/shared/enforcer';
import { AwsIamEnforcer } from '../../shared/adapters/aws/iam-enforcer';
import { DryRunEnforcer } from '../../shared/adapters/local/dry-run-enforcer';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { parseConfig } from '../../shared/config';
import { enforcementSchema } from '../../shared/config/guardrails-schema';
import { DENY_POLICY_NAME } from '../../shared/guardrails/deny-policy';
import { fixedClock } from '../../shared/ports';
import type { OutboundMessage } from '../../shared/ports/notifier';
import { writeLake } from '../support/finops-lake';

const iam = mockClient(IAMClient);
const AT = '2026-03-03T18:00:00Z';
const ROLE = 'dev-experimenter';

/** A dev role calling a model the dev policy does not allow, earlier on the day of the run. */
function lake(): string {
  return writeLake({
    invocations: Array.from({ length: 5 }, () => ({
      day: '2026-03-03',
      model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      team: 'search',
      feature: 'rag',
      environment: 'dev',
      identityArn: `arn:aws:sts::111122223333:assumed-role/${ROLE}/alice`,
      input: 20_000,
      output: 2_000,
    })),
  });
}

function handlerFor(store: string, enforcement: object) {
  const config = parseConfig({
    ingest: { store },
    guardrails: { modelPolicy: { dev: { allow: ['amazon.nova-*'] } }, enforcement },
  });
  const sent: OutboundMessage[] = [];
  const handler = createAnomalyHandler({
    config,
    s3: new S3Client({ region: 'us-east-1' }),
    iam: new IAMClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's' },
    }),
    engine: () => {
      let open: Promise<DuckDbEngine> | undefined;
      const engine = () => {
        open ??= DuckDbEngine.open(store);
        return open;
      };
      return {
        query: async (sql) => (await engine()).query(sql),
        close: async () => (open ? (await open).close() : undefined),
      };
    },
    notifier: {
      publish: async (m) => {
        sent.push(m);
        return { messageId: `m-${sent.length}` };
      },
    },
    clock: fixedClock(AT),
    logger: new Logger({ logLevel: 'SILENT' }),
    telemetry: new Metrics({ namespace: 'Test', serviceName: 'test' }),
  });
  return { handler, sent };
}

describe('the anomaly handler', () => {
  let store = '';
  beforeEach(() => {
    iam.reset();
    store = lake();
  });
  afterEach(() => rmSync(store, { recursive: true, force: true }));

  it('runs the guardrails each run: alerts the policy violation and calls no IAM while enforcement is off', async () => {
    const { handler, sent } = handlerFor(store, {});
    const summary = await handler({ time: AT });
    expect(summary.guardrails.violations).toBeGreaterThan(0);
    expect(summary.guardrails.enforcement).toEqual([{ roleName: ROLE, action: 'skipped' }]);
    expect(sent.some((m) => JSON.stringify(m).includes('anthropic.claude-sonnet-4-5'))).toBe(true);
    expect(iam.calls()).toHaveLength(0);
  });

  it('attaches the deny policy through IAM when enforcement is enabled for the environment', async () => {
    iam
      .on(ListRoleTagsCommand)
      .resolves({ Tags: [{ Key: 'finops:enforce', Value: 'true' }], IsTruncated: false });
    iam.on(GetRolePolicyCommand).rejects(new NoSuchEntityException({ message: 'none', $metadata: {} }));
    iam.on(PutRolePolicyCommand).resolves({});
    const { handler } = handlerFor(store, { enabled: true, environments: ['dev'], dryRun: false });
    const summary = await handler({ time: AT });
    expect(summary.guardrails.enforcement).toEqual([{ roleName: ROLE, action: 'attached' }]);
    const put = iam.commandCalls(PutRolePolicyCommand).map((c) => c.args[0].input);
    expect(put).toEqual([expect.objectContaining({ RoleName: ROLE, PolicyName: DENY_POLICY_NAME })]);
  });

  it('only reports what it would do when enforcement is enabled as a dry run', async () => {
    iam
      .on(ListRoleTagsCommand)
      .resolves({ Tags: [{ Key: 'finops:enforce', Value: 'true' }], IsTruncated: false });
    const { handler } = handlerFor(store, { enabled: true, environments: ['dev'] });
    const summary = await handler({ time: AT });
    expect(summary.guardrails.enforcement).toEqual([{ roleName: ROLE, action: 'would-attach' }]);
    expect(iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });
});

describe('enforcerFor', () => {
  const client = new IAMClient({ region: 'us-east-1' });

  it('returns the IAM adapter only when enforcement is enabled, else the dry-run enforcer', () => {
    expect(enforcerFor(enforcementSchema.parse({ enabled: true }), client)).toBeInstanceOf(AwsIamEnforcer);
    expect(enforcerFor(enforcementSchema.parse({}), client)).toBeInstanceOf(DryRunEnforcer);
  });
});
