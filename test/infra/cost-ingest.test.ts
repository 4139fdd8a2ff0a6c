import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synthStack } from './synth';

describe('the Cost Explorer ingest function', () => {
  const { stack, template } = synthStack({ config: {} });

  it('runs daily on costExplorer.schedule', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 7 * * ? *)' });
  });

  it('may call exactly GetCostAndUsage and GetDimensionValues, and no other ce action', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties
          .PolicyDocument.Statement,
    );
    const ceActions = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('ce:'));
    expect([...new Set(ceActions)].sort()).toEqual(['ce:GetCostAndUsage', 'ce:GetDimensionValues']);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ReadWriteCostDaily',
            Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
          }),
        ]),
      }),
    });
  });

  it('sends failed runs to the dead-letter queue and alarms on errors', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'GenAI FinOps: Cost Explorer billed cost to cost_daily.',
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'genai-finops-ingest-cost' }) },
    });
    template.hasResourceProperties(
      'AWS::Lambda::EventInvokeConfig',
      Match.objectLike({ MaximumRetryAttempts: 2 }),
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('Cost Explorer ingest failed'),
    });
  });

  it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });

  it('registers cost_daily in Glue', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({ Name: 'cost_daily', PartitionKeys: [Match.objectLike({ Name: 'dt' })] }),
    });
  });
});
