import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import {
  FUNCTION_KINDS,
  type FunctionKind,
  functionOf,
  onlyResource,
  SCHEDULED_KINDS,
  synthStack,
} from './synth';

const fnArn = (template: Template, kind: FunctionKind = 'bedrock') => ({
  'Fn::GetAtt': [functionOf(template, kind).id, 'Arn'],
});
const KINDS = FUNCTION_KINDS;
const queueArn = (template: Template) => ({
  'Fn::GetAtt': [onlyResource(template, 'AWS::SQS::Queue').id, 'Arn'],
});
const topicRef = (template: Template) => ({
  Ref: onlyResource(template, 'AWS::SNS::Topic', { Properties: { DisplayName: 'GenAI FinOps operations' } })
    .id,
});

describe('GenAiFinOps failure handling', () => {
  const { template } = synthStack({ config: {} });

  it('creates one SSE-SQS encrypted dead-letter queue that refuses non-TLS requests', () => {
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: onlyResource(template, 'AWS::SQS::Queue').id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it("sends each function's failed asynchronous invocations to the queue after its retries", () => {
    // A GPU run older than an hour is superseded by the next hourly run's look-back; an anomaly run is
    // superseded by the next ingest's; a report retry may send its e-mail twice, so it retries once.
    const limits = {
      bedrock: { retries: 2, maxAge: 6 * 3600 },
      cost: { retries: 2, maxAge: 6 * 3600 },
      gpu: { retries: 2, maxAge: 3600 },
      anomaly: { retries: 1, maxAge: 1800 },
      report: { retries: 1, maxAge: 6 * 3600 },
      events: { retries: 2, maxAge: 6 * 3600 },
    } as const satisfies Record<FunctionKind, unknown>;
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', KINDS.length);
    for (const kind of KINDS) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionOf(template, kind).id },
        MaximumRetryAttempts: limits[kind].retries,
        MaximumEventAgeInSeconds: limits[kind].maxAge,
        DestinationConfig: Match.objectLike({ OnFailure: { Destination: queueArn(template) } }),
      });
    }
    // Only the Bedrock ingest has an on-success destination: the anomaly function.
    const onSuccess = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'))
      .filter((c) => c.Properties.DestinationConfig.OnSuccess)
      .map((c) => [c.Properties.FunctionName, c.Properties.DestinationConfig.OnSuccess.Destination]);
    expect(onSuccess).toEqual([[{ Ref: functionOf(template, 'bedrock').id }, fnArn(template, 'anomaly')]]);
  });

  it("retries every schedule's delivery three times within an hour, then dead-letters it", () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(5);
    for (const schedule of schedules) {
      expect(schedule.Properties.Target).toMatchObject({
        DeadLetterConfig: { Arn: queueArn(template) },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      });
    }
    for (const kind of SCHEDULED_KINDS) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Target: Match.objectLike({
          Arn: fnArn(template, kind),
          DeadLetterConfig: { Arn: queueArn(template) },
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        }),
      });
    }
  });

  it('alarms the ops topic on any error of each function and on any message in the dead-letter queue', () => {
    // Plus the no-data alarm of the ingest and the detection-did-not-run alarm (detection-alarm.test.ts).
    template.resourceCountIs('AWS::CloudWatch::Alarm', KINDS.length + 3);
    const common = {
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef(template)],
    };
    for (const kind of KINDS) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...common,
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionOf(template, kind).id } }],
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [onlyResource(template, 'AWS::SQS::Queue').id, 'QueueName'] },
        },
      ],
    });
  });

  it('alarms the ops topic when no invocation record was read for 6 hours, missing data included', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'GenAiFinOps',
      MetricName: 'RecordsRead',
      Dimensions: [{ Name: 'service', Value: 'genai-finops-ingest' }],
      Statistic: 'Sum',
      Period: 6 * 3600,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'LessThanOrEqualToThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [topicRef(template)],
    });
    // The function publishes under the same namespace and service name the alarm watches.
    expect(functionOf(template, 'bedrock').Properties.Environment).toMatchObject({
      Variables: {
        POWERTOOLS_METRICS_NAMESPACE: 'GenAiFinOps',
        POWERTOOLS_SERVICE_NAME: 'genai-finops-ingest',
      },
    });
  });

  it('uses ingest.noDataAlarmHours, and creates no such alarm when it is null', () => {
    const hours = (config: object) =>
      Object.values(synthStack({ config }).template.findResources('AWS::CloudWatch::Alarm'))
        .filter((a) => a.Properties.MetricName === 'RecordsRead')
        .map((a) => a.Properties.Period / 3600);
    expect(hours({ ingest: { noDataAlarmHours: 24 } })).toEqual([24]);
    expect(hours({ ingest: { noDataAlarmHours: null } })).toEqual([]);
  });

  it('runs one Bedrock ingest at a time (reserved concurrency 1); the daily and hourly jobs rely on day leases', () => {
    expect(functionOf(template, 'bedrock').Properties.ReservedConcurrentExecutions).toBe(1);
    for (const kind of ['cost', 'gpu'] as const) {
      expect(functionOf(template, kind).Properties).not.toHaveProperty('ReservedConcurrentExecutions');
    }
  });

  it('encrypts the ops topic with a rotated key CloudWatch may use, and refuses non-TLS publishes', () => {
    const key = onlyResource(template, 'AWS::KMS::Key', {
      Properties: { Description: 'GenAI FinOps topics (operations, alerts, reports)' },
    });
    expect(key.Properties.EnableKeyRotation).toBe(true);
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'GenAI FinOps operations',
      KmsMasterKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] },
    });
    expect((key.Properties.KeyPolicy as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets the Bedrock ingest invoke itself (unqualified) to continue and the anomaly function as its on-success destination, nothing else', () => {
    const role = (functionOf(template, 'bedrock').Properties.Role as { 'Fn::GetAtt': string[] })[
      'Fn::GetAtt'
    ][0];
    const invokes = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
      .filter((s) => [s.Action].flat().some((a) => typeof a === 'string' && a.startsWith('lambda:')));
    const anomaly = fnArn(template, 'anomaly');
    expect(invokes).toHaveLength(2);
    expect(invokes).toContainEqual(
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: fnArn(template),
        Sid: 'ContinueOwnRun',
      }),
    );
    // The destination grant CDK writes: the anomaly function and its versions or aliases, no other function.
    expect(invokes).toContainEqual({
      Action: 'lambda:InvokeFunction',
      Effect: 'Allow',
      Resource: [anomaly, { 'Fn::Join': ['', [anomaly, ':*']] }],
    });
  });

  it('uses a given ops topic instead of creating one', () => {
    const given = synthStack((shared) => ({
      config: {},
      opsTopic: new sns.Topic(shared, 'Ops', { enforceSSL: true }),
    })).template;
    // Only the alerts and reports topics and their key are created.
    given.resourceCountIs('AWS::SNS::Topic', 2);
    given.resourceCountIs('AWS::KMS::Key', 1);
    expect(JSON.stringify(given.findResources('AWS::SNS::Topic'))).not.toContain('GenAI FinOps operations');
    given.resourceCountIs('AWS::CloudWatch::Alarm', KINDS.length + 3);
  });
});
