import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { functionOf, onlyResource, synthStack } from './synth';

describe('the release event rule', () => {
  const { stack, template } = synthStack({ config: {} });
  const anomaly = functionOf(template, 'anomaly');

  it('sends genai-finops Release events on the default bus to the anomaly function, dead-lettering failures', () => {
    const rule = onlyResource(template, 'AWS::Events::Rule').Properties;
    expect(rule).not.toHaveProperty('EventBusName');
    expect(rule.EventPattern).toEqual({ source: ['genai-finops'], 'detail-type': ['Release'] });
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [anomaly.id, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [onlyResource(template, 'AWS::SQS::Queue').id, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 3 },
      }),
    ]);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [anomaly.id, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [onlyResource(template, 'AWS::Events::Rule').id, 'Arn'] },
    });
  });

  it('lets the anomaly function write and replace only the releases partitions and their leases', () => {
    const role = (anomaly.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
    ).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Sid?: string; Action: unknown; Resource: unknown }[],
    );
    const write = statements.find((s) => s.Sid === 'WriteReleases');
    expect(write?.Action).toEqual(['s3:DeleteObject', 's3:PutObject']);
    const resources = JSON.stringify(write?.Resource);
    expect(resources).toContain('/curated/releases/*');
    expect(resources).toContain('/curated/_state/leases/releases/*');
    expect((write?.Resource as unknown[] | undefined)?.length).toBe(2);
  });

  it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});
