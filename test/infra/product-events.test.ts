import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { functionOf, onlyResource, synthStack } from './synth';

interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
}

describe('the product events rule and function', () => {
  const { stack, template } = synthStack({ config: {} });
  const events = functionOf(template, 'events');
  const anomaly = functionOf(template, 'anomaly');
  const rule = onlyResource(template, 'AWS::Events::Rule');
  const queueArn = { 'Fn::GetAtt': [onlyResource(template, 'AWS::SQS::Queue').id, 'Arn'] };
  const roleOf = (fn: { Properties: Record<string, unknown> }) =>
    (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const statementsOf = (fn: { Properties: Record<string, unknown> }): Statement[] =>
    Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleOf(fn) }] } }),
    ).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  const alertsTopic = onlyResource(template, 'AWS::SNS::Topic', {
    Properties: { DisplayName: 'GenAI FinOps alerts' },
  }).id;

  it('sends the three genai-finops detail-types on the default bus to the events function, dead-lettering undelivered ones', () => {
    expect(rule.Properties).not.toHaveProperty('EventBusName');
    expect(rule.Properties.EventPattern).toEqual({
      source: ['genai-finops'],
      'detail-type': ['Release', 'ApprovalRequest', 'Approval'],
    });
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [events.id, 'Arn'] },
        DeadLetterConfig: { Arn: queueArn },
        RetryPolicy: { MaximumRetryAttempts: 3 },
      }),
    ]);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [events.id, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [rule.id, 'Arn'] },
    });
  });

  it('runs on its own concurrency, not the anomaly function’s, arm64, with retention, knowing the alerts topic', () => {
    expect(events.Properties.ReservedConcurrentExecutions).toBe(2);
    expect(anomaly.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(events.Properties.Architectures).toEqual(['arm64']);
    expect(String(events.Properties.Runtime)).toMatch(/^nodejs(22|24)\.x$/);
    const env = (events.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.GENAI_FINOPS_ALERTS_TOPIC_ARN).toEqual({ Ref: alertsTopic });
    const logGroup = (events.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(template.toJSON().Resources[logGroup].Properties.RetentionInDays).toBe(30);
    // Failed invocations (an invalid event fails every attempt) go to the dead-letter queue.
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: events.id },
      DestinationConfig: { OnFailure: { Destination: queueArn } },
    });
  });

  it('alarms the ops topic on any error of the events function', () => {
    const alarm = onlyResource(template, 'AWS::CloudWatch::Alarm', {
      Properties: { Dimensions: [{ Name: 'FunctionName', Value: { Ref: events.id } }] },
    });
    expect(alarm.Properties).toMatchObject({ MetricName: 'Errors', Threshold: 0 });
    const ops = onlyResource(template, 'AWS::SNS::Topic', {
      Properties: { DisplayName: 'GenAI FinOps operations' },
    }).id;
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: ops }]);
  });

  it('lets the events function write only the releases, their leases, the approvals and requests, and publish alerts', () => {
    const statements = statementsOf(events);
    const s3Writes = statements.filter((s) => [s.Action].flat().some((a) => /^s3:(Put|Delete)/.test(a)));
    const written = s3Writes.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    const paths = written.map((r) => /\/curated\/([^"]*)"/.exec(r)?.[1]).sort();
    expect(paths).toEqual([
      '_state/guardrails/approval-requests.json',
      '_state/guardrails/approvals-audit/*',
      '_state/guardrails/approvals.json',
      '_state/leases/releases/*',
      'releases/*',
    ]);
    const deletes = statements.filter((s) => [s.Action].flat().includes('s3:DeleteObject'));
    expect(deletes.map((s) => s.Sid)).toEqual(['WriteReleases']);
    const publish = statements.filter((s) => [s.Action].flat().includes('sns:Publish'));
    expect(publish.map((s) => s.Resource)).toEqual([{ Ref: alertsTopic }]);
    const actions = new Set(statements.flatMap((s) => [s.Action].flat()));
    for (const a of actions) expect(a).toMatch(/^(s3|sns|kms|logs|ssm|sqs):/);
    expect([...actions].filter((a) => a.startsWith('athena:') || a.startsWith('iam:'))).toEqual([]);
  });

  it('leaves the anomaly function no release writes: it no longer handles events', () => {
    expect(statementsOf(anomaly).map((s) => s.Sid)).not.toContain('WriteReleases');
    const targets = rule.Properties.Targets as { Arn: unknown }[];
    expect(targets.map((t) => t.Arn)).not.toContainEqual({ 'Fn::GetAtt': [anomaly.id, 'Arn'] });
  });

  it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});
