import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { functionOf, onlyResource, synthStack } from './synth';

const DESCRIPTION = 'GenAI FinOps: anomaly detection and alerts after each Bedrock ingest.';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };

describe('the anomaly function', () => {
  const { stack, template } = synthStack({
    config: { notifications: { teams: { support: ['oncall@example.com'] } } },
  });
  const anomaly = onlyResource(template, 'AWS::Lambda::Function', {
    Properties: { Description: DESCRIPTION },
  });
  const statements = (): Statement[] =>
    Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );

  it('runs right after each successful Bedrock ingest run (on-success destination)', () => {
    const ingest = functionOf(template, 'bedrock');
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ingest.id },
      DestinationConfig: Match.objectLike({
        OnSuccess: { Destination: { 'Fn::GetAtt': [anomaly.id, 'Arn'] } },
        OnFailure: Match.anyValue(),
      }),
    });
  });

  it('gets the alerts topic ARN and publishes to that topic only', () => {
    const env = (anomaly.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const topic = onlyResource(template, 'AWS::SNS::Topic', {
      Properties: { DisplayName: 'GenAI FinOps alerts' },
    });
    expect(env.GENAI_FINOPS_ALERTS_TOPIC_ARN).toEqual({ Ref: topic.id });
    const publishes = statements().filter((s) => [s.Action].flat().includes('sns:Publish'));
    expect(publishes.some((s) => JSON.stringify(s.Resource) === JSON.stringify({ Ref: topic.id }))).toBe(
      true,
    );
    expect(publishes.every((s) => JSON.stringify(s.Resource) !== '"*"')).toBe(true);
  });

  it('keeps the alerts topic encrypted with KMS and TLS-only', () => {
    const topic = onlyResource(template, 'AWS::SNS::Topic', {
      Properties: { DisplayName: 'GenAI FinOps alerts' },
    });
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
  });

  it('may run Athena queries, and write only its own state folders', () => {
    const all = statements();
    const athena = all.find((s) => s.Sid === 'RunAthenaQueries');
    expect([athena?.Action].flat().sort()).toEqual([
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:StartQueryExecution',
      'athena:StopQueryExecution',
    ]);
    const writes = JSON.stringify(all.find((s) => s.Sid === 'WriteQueryResultsAndState')?.Resource);
    for (const folder of [
      '_state/incidents/*',
      '_state/series/*',
      '_state/alerts/*',
      '_state/leases/anomaly/*',
    ]) {
      expect(writes).toContain(`curated/${folder}`);
    }
    expect(writes).not.toContain('bedrock_invocations');
    expect(all.find((s) => s.Sid === 'ReleaseLease')?.Action).toBe('s3:DeleteObject');
  });

  it('runs one at a time, dead-letters failures and alarms on errors', () => {
    expect(anomaly.Properties.ReservedConcurrentExecutions).toBe(1);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: anomaly.id },
      MaximumRetryAttempts: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('anomaly detection failed'),
    });
  });

  it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });

  it('registers the releases table in Glue', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({ Name: 'releases', PartitionKeys: [Match.objectLike({ Name: 'dt' })] }),
    });
  });
});
