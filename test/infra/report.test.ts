import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { OPS_METRICS } from '../../shared/telemetry/ops-metrics';
import { logicalIdOf, onlyResource, synthStack } from './synth';

const DESCRIPTION = 'GenAI FinOps: weekly and monthly showback report and unit-cost metrics.';

describe('the report function', () => {
  const { stack, template } = synthStack({ config: { report: { timeZone: 'Europe/Berlin' } } });
  const fn = onlyResource(template, 'AWS::Lambda::Function', { Properties: { Description: DESCRIPTION } });

  it('runs weekly on Mondays and monthly on the 1st at 06:00 in the configured time zone', () => {
    for (const [expression, period] of [
      ['cron(0 6 ? * MON *)', 'week'],
      ['cron(0 6 1 * ? *)', 'month'],
    ]) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Europe/Berlin',
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [fn.id, 'Arn'] },
          Input: Match.stringLikeRegexp(`"period":"${period}"`),
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
        }),
      });
    }
  });

  it('knows the reports topic and sends failed runs to the dead-letter queue', () => {
    const topic = logicalIdOf(stack.pipeline.reportsTopic);
    expect(fn.Properties.Environment).toEqual({
      Variables: expect.objectContaining({ GENAI_FINOPS_REPORTS_TOPIC_ARN: { Ref: topic } }),
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn.id },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('report failed'),
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn.id } }],
    });
  });

  it('may query the workgroup, publish to the reports topic with its key, and write reports/ only', () => {
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(role),
    );
    const statements = policies.flatMap(
      (p) =>
        (p.Properties.PolicyDocument as { Statement: { Sid?: string; Action: unknown; Resource: unknown }[] })
          .Statement,
    );
    const sid = (s: string) => JSON.stringify(statements.find((x) => x.Sid === s));
    expect(sid('QueryInWorkGroup')).toContain(':workgroup/genai-finops');
    expect(sid('PublishReport')).toContain(logicalIdOf(stack.pipeline.reportsTopic));
    expect(sid('EncryptForTopic')).toContain('kms:GenerateDataKey');
    expect(sid('WriteReports')).toContain('/reports/*');
    expect(sid('ReadCurated')).not.toContain('PutObject');
    const writes = statements.filter((s) => JSON.stringify(s.Action).includes('s3:PutObject'));
    for (const w of writes) expect(JSON.stringify(w.Resource)).toMatch(/\/(reports|athena-results)\/\*/);
  });

  describe('time zone configuration', () => {
    it('defaults to UTC', () => {
      const { template: utc } = synthStack({ config: {} });
      utc.resourcePropertiesCountIs('AWS::Scheduler::Schedule', { ScheduleExpressionTimezone: 'UTC' }, 2);
    });

    it('fails synth naming the key for an unknown zone', () => {
      expect(() => synthStack({ config: { report: { timeZone: 'Mars/Olympus' } } })).toThrow(
        /report\.timeZone/,
      );
    });
  });
});

describe('the engineers dashboard', () => {
  const bodyOf = (template: ReturnType<typeof synthStack>['template']) =>
    JSON.stringify(onlyResource(template, 'AWS::CloudWatch::Dashboard').Properties.DashboardBody);

  it('shows the pipeline metrics that are published, and no unit-cost widget by default', () => {
    const { template } = synthStack({ config: {} });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = bodyOf(template);
    for (const name of Object.values(OPS_METRICS).flat())
      expect(body).toContain(`MetricName=\\\\\\"${name}\\\\\\"`);
    expect(body).toContain('{GenAiFinOps,service}');
    expect(body).toContain('report.metricsTopN');
    for (const name of ['InputTokens', 'CostPerInference', 'GpuUtilization'])
      expect(body).not.toContain(name);
  });

  it('adds token use by model and team, unit costs, and GPU utilization against cost with report.metricsTopN', () => {
    const { template } = synthStack({ config: { report: { metricsTopN: 3 } } });
    const body = bodyOf(template);
    for (const title of [
      'Token use by model',
      'Token use by team',
      'Unit costs by team',
      'GPU utilization against cost by team',
      'top 3 teams',
    ])
      expect(body).toContain(title);
    for (const search of [
      'MetricName=\\\\\\"InputTokens\\\\\\"',
      '{GenAiFinOps,model}',
      '{GenAiFinOps,team}',
      'CostPerInference',
      'CostPerSuccessfulOutput',
      'GpuUtilization',
      'GpuCost',
    ])
      expect(body).toContain(search);
  });
});
