import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError, parseConfig } from '../../shared/config';
import { detectionAlarmPeriods } from '../../shared/config/detection-alarm-periods';
import { functionOf, onlyResource, synthStack } from './synth';

/** The "detection did not run" alarms of a template. */
function notRunAlarms(template: Template) {
  return Object.values(
    template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmDescription: Match.stringLikeRegexp('has not completed a run') },
    }),
  ).map((a) => a.Properties as Record<string, unknown>);
}

interface MetricQuery {
  Id: string;
  Expression?: string;
  ReturnData?: boolean;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions: unknown[] };
    Period: number;
    Stat: string;
  };
}

describe('the "detection did not run" alarm', () => {
  const { template } = synthStack({ config: {} });
  const [alarm] = notRunAlarms(template);

  it('is one alarm to the ops topic, breaching after 4 quarter-hours without a completed run, missing data included', () => {
    expect(notRunAlarms(template)).toHaveLength(1);
    const ops = onlyResource(template, 'AWS::SNS::Topic', {
      Properties: { DisplayName: 'GenAI FinOps operations' },
    });
    expect(alarm).toMatchObject({
      EvaluationPeriods: 4,
      DatapointsToAlarm: 4,
      Threshold: 0,
      ComparisonOperator: 'LessThanOrEqualToThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: ops.id }],
    });
    expect(alarm?.AlarmDescription).toContain('60 minutes');
  });

  it("counts the anomaly function's invocations minus its errors per 15 minutes, empty periods as 0", () => {
    const queries = alarm?.Metrics as MetricQuery[];
    const result = queries.filter((q) => q.ReturnData !== false);
    expect(result).toHaveLength(1);
    expect(result[0]?.Expression).toBe('FILL(invocations, 0) - FILL(errors, 0)');
    const anomaly = { Name: 'FunctionName', Value: { Ref: functionOf(template, 'anomaly').id } };
    const byId = Object.fromEntries(queries.map((q) => [q.Id, q.MetricStat]));
    for (const [id, metricName] of [
      ['invocations', 'Invocations'],
      ['errors', 'Errors'],
    ] as const) {
      expect(byId[id]).toEqual({
        Metric: { Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: [anomaly] },
        Period: 900,
        Stat: 'Sum',
      });
    }
  });

  describe('configuration', () => {
    const periods = (config: object) =>
      notRunAlarms(synthStack({ config }).template).map((a) => a.EvaluationPeriods);

    it('uses anomaly.notRunAlarmPeriods, and creates no such alarm when it is null', () => {
      expect(periods({ anomaly: { notRunAlarmPeriods: 8 } })).toEqual([8]);
      expect(periods({ anomaly: { notRunAlarmPeriods: null } })).toEqual([]);
    });

    it('rejects a value out of range naming the key', () => {
      expect(() => parseConfig({ anomaly: { notRunAlarmPeriods: 0 } })).toThrow(
        /anomaly\.notRunAlarmPeriods/,
      );
      expect(() => parseConfig({ anomaly: { notRunAlarmPeriods: 97 } })).toThrow(
        /anomaly\.notRunAlarmPeriods/,
      );
    });

    it('spans two runs of a slower rate() ingest schedule when not set', () => {
      expect(periods({ ingest: { schedule: 'rate(2 hours)' } })).toEqual([16]);
      expect(periods({ ingest: { schedule: 'rate(5 minutes)' } })).toEqual([4]);
    });

    it('fails synth naming the key when a set value is shorter than two runs of the ingest schedule', () => {
      const synth = (notRunAlarmPeriods: number) => () =>
        synthStack({ config: { ingest: { schedule: 'rate(1 hour)' }, anomaly: { notRunAlarmPeriods } } });
      expect(synth(4)).toThrow(InvalidConfigError);
      expect(synth(4)).toThrow(/anomaly\.notRunAlarmPeriods: .*at least 8/);
      expect(periods({ ingest: { schedule: 'rate(1 hour)' }, anomaly: { notRunAlarmPeriods: 8 } })).toEqual([
        8,
      ]);
    });
  });

  describe('detectionAlarmPeriods', () => {
    it('needs two intervals of a rate schedule, in every unit', () => {
      expect(detectionAlarmPeriods(2, 'rate(15 minutes)')).toBe(2);
      expect(() => detectionAlarmPeriods(1, 'rate(15 minutes)')).toThrow(/at least 2/);
      expect(detectionAlarmPeriods(undefined, 'rate(6 hours)')).toBe(48);
      expect(() => detectionAlarmPeriods(undefined, 'rate(1 day)')).toThrow(
        /anomaly\.notRunAlarmPeriods: .*less than twice a day/,
      );
      expect(detectionAlarmPeriods(null, 'rate(1 day)')).toBeNull();
    });

    it('does not judge the gaps of a cron schedule', () => {
      expect(detectionAlarmPeriods(1, 'cron(0 * * * ? *)')).toBe(1);
      expect(detectionAlarmPeriods(undefined, 'cron(0 * * * ? *)')).toBe(4);
    });
  });
});
