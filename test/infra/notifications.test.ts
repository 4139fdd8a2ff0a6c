import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError, parseConfig } from '../../shared/config';
import { onlyResource, synthStack } from './synth';

const topicId = (template: Template, displayName: string) =>
  onlyResource(template, 'AWS::SNS::Topic', { Properties: { DisplayName: displayName } }).id;

describe('notifications', () => {
  const notifications = {
    reports: ['finance@example.com'],
    teams: { support: ['ana@example.com', 'bo@example.com'], search: ['ana@example.com'] },
    opsEmails: ['oncall@example.com'],
  };
  const { stack, template } = synthStack({ config: { notifications } });
  const alerts = topicId(template, 'GenAI FinOps alerts');
  const reports = topicId(template, 'GenAI FinOps reports');
  const ops = topicId(template, 'GenAI FinOps operations');

  it('encrypts the alerts and reports topics with a rotated customer managed key CloudWatch may use', () => {
    const key = onlyResource(template, 'AWS::KMS::Key', {
      Properties: { Description: 'GenAI FinOps topics (operations, alerts, reports)' },
    });
    expect(key.Properties.EnableKeyRotation).toBe(true);
    for (const id of [alerts, reports]) {
      expect(template.toJSON().Resources[id].Properties.KmsMasterKeyId).toEqual({
        'Fn::GetAtt': [key.id, 'Arn'],
      });
    }
    expect((key.Properties.KeyPolicy as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
  });

  it('refuses non-TLS requests on both topics', () => {
    for (const id of [alerts, reports]) {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('subscribes finance to reports, without a filter', () => {
    const subscription = onlyResource(template, 'AWS::SNS::Subscription', {
      Properties: { TopicArn: { Ref: reports } },
    });
    expect(subscription.Properties).toEqual({
      Protocol: 'email',
      Endpoint: 'finance@example.com',
      TopicArn: { Ref: reports },
    });
  });

  it("subscribes each team's engineers to alerts with a filter policy on the team attribute", () => {
    const expected = [
      ['ana@example.com', 'support'],
      ['bo@example.com', 'support'],
      ['ana@example.com', 'search'],
    ];
    for (const [address, team] of expected) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: address,
        TopicArn: { Ref: alerts },
        FilterPolicy: { team: [team] },
      });
    }
    expect(
      Object.keys(
        template.findResources('AWS::SNS::Subscription', { Properties: { TopicArn: { Ref: alerts } } }),
      ),
    ).toHaveLength(3);
  });

  it('subscribes the operators to the ops topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: ops },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 5);
  });

  it('keeps the addresses out of the configuration parameter the functions read', () => {
    expect(stack.pipeline.config.notifications).toEqual({ reports: [], teams: {}, opsEmails: [] });
    const parameter = onlyResource(template, 'AWS::SSM::Parameter');
    expect(JSON.stringify(parameter.Properties.Value)).not.toContain('@example.com');
  });

  it('creates no subscription by default', () => {
    synthStack({ config: {} }).template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  describe('configuration', () => {
    it('defaults to no recipients', () => {
      expect(parseConfig({}).notifications).toEqual({ reports: [], teams: {}, opsEmails: [] });
    });

    it('fails naming the key of a bad address', () => {
      const bad = () => parseConfig({ notifications: { teams: { support: ['not-an-address'] } } });
      expect(bad).toThrow(InvalidConfigError);
      expect(bad).toThrow(/notifications\.teams\.support/);
      expect(() => synthStack({ config: { notifications: { reports: ['x'] } } })).toThrow(
        /notifications\.reports/,
      );
    });
  });
});
