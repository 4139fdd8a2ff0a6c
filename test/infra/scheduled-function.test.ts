import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { CONFIG_PARAMETER_ENV } from '../../functions/shared/config-parameter-env';
import { costIngestEntry } from '../../infra/lib/cost-ingest-function';
import { createScheduledFunction, type ScheduledFunctionProps } from '../../infra/lib/scheduled-function';
import { noBundling, onlyResource } from './synth';

/** A stack with one function from the builder, and what it was given. */
function build(extra: (stack: Stack) => Partial<ScheduledFunctionProps> = () => ({})) {
  const app = new App({ context: noBundling, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Builder');
  const queue = new sqs.Queue(stack, 'Queue');
  const topic = new sns.Topic(stack, 'Ops');
  const parameter = new ssm.StringParameter(stack, 'Config', { stringValue: '{}' });
  const granted: string[] = [];
  const made = createScheduledFunction(stack, {
    description: 'A scheduled job.',
    roleDescription: 'Reads and writes what the job needs.',
    entry: costIngestEntry,
    serviceName: 'genai-finops-job',
    memorySize: 768,
    timeout: Duration.minutes(3),
    grant: (role) => granted.push(role.node.id),
    configParameter: parameter,
    environment: { EXTRA_TOPIC_ARN: topic.topicArn },
    retryAttempts: 1,
    maxEventAge: Duration.hours(2),
    deadLetterQueue: queue,
    opsTopic: topic,
    errorsAlarmDescription: 'The job failed.',
    ...extra(stack),
  });
  return { stack, template: Template.fromStack(stack), made, granted };
}

describe('createScheduledFunction', () => {
  const { stack, template, made, granted } = build();
  const fn = onlyResource(template, 'AWS::Lambda::Function');

  it('creates the log group, role, function and errors alarm under the ids the jobs had', () => {
    expect([made.logGroup, made.role, made.function, made.errorsAlarm].map((c) => c.node.id)).toEqual([
      'Logs',
      'Role',
      'Function',
      'ErrorsAlarm',
    ]);
    expect(granted).toEqual(['Role']);
  });

  it('runs the function on arm64 with the given memory and timeout, logging to its own group for 30 days', () => {
    expect(fn.Properties).toMatchObject({
      Description: 'A scheduled job.',
      Architectures: ['arm64'],
      MemorySize: 768,
      Timeout: 180,
      Handler: 'index.handler',
    });
    const group = onlyResource(template, 'AWS::Logs::LogGroup');
    expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: group.id } });
    expect(group.Properties.RetentionInDays).toBe(30);
    expect(onlyResource(template, 'AWS::IAM::Role').Properties).not.toHaveProperty('ManagedPolicyArns');
  });

  it('passes the parameter name first, the extra variables, then the Powertools settings', () => {
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).toEqual([
      CONFIG_PARAMETER_ENV,
      'EXTRA_TOPIC_ARN',
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_METRICS_NAMESPACE',
      'NODE_OPTIONS',
    ]);
    expect(variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'genai-finops-job',
      POWERTOOLS_METRICS_NAMESPACE: 'GenAiFinOps',
    });
  });

  it('dead-letters failed asynchronous runs after the retries, and alarms the ops topic on any error', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 7200,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [onlyResource(template, 'AWS::SQS::Queue').id, 'Arn'] } },
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: 'The job failed.',
      MetricName: 'Errors',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: onlyResource(template, 'AWS::SNS::Topic').id }],
    });
  });

  it('acknowledges the two Serverless findings of an asynchronously invoked function', () => {
    const rules = new ServerlessChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).not.toContain('Serverless-LambdaDLQ');
    expect(rules).not.toContain('Serverless-LambdaTracing');
  });

  describe('options', () => {
    it('reserves concurrency, sets the errors period and an on-success destination when given', () => {
      const { template: t } = build((stack) => ({
        reservedConcurrentExecutions: 1,
        errorsAlarmPeriod: Duration.minutes(15),
        onSuccess: new destinations.LambdaDestination(
          lambda.Function.fromFunctionAttributes(stack, 'Next', {
            functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:next',
            skipPermissions: true,
          }),
        ),
      }));
      expect(onlyResource(t, 'AWS::Lambda::Function').Properties.ReservedConcurrentExecutions).toBe(1);
      t.hasResourceProperties('AWS::CloudWatch::Alarm', { Period: 900 });
      const config = onlyResource(t, 'AWS::Lambda::EventInvokeConfig').Properties.DestinationConfig as Record<
        string,
        unknown
      >;
      expect(Object.keys(config).sort()).toEqual(['OnFailure', 'OnSuccess']);
    });

    it('reserves no concurrency and sets no on-success destination by default', () => {
      expect(fn.Properties).not.toHaveProperty('ReservedConcurrentExecutions');
      const config = onlyResource(template, 'AWS::Lambda::EventInvokeConfig').Properties
        .DestinationConfig as Record<string, unknown>;
      expect(Object.keys(config)).toEqual(['OnFailure']);
    });
  });
});
