import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../shared/report-run/emf';
import { type MetricDimension, UNIT_METRICS } from '../../shared/report-run/unit-metrics';

const DAY = Duration.days(1);

/** Every series of `metric` by `dimension` (top N values and `other`), found by a metric search. */
function byDimension(metric: string, dimension: MetricDimension, stat: 'Sum' | 'Average', label: string) {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},${dimension}} MetricName="${metric}"', '${stat}', ${DAY.toSeconds()})`,
    label,
    period: DAY,
    usingMetrics: {},
  });
}

const graph = (
  title: string,
  left: cloudwatch.IMetric[],
  right: cloudwatch.IMetric[] = [],
  leftLabel = '',
  rightLabel = '',
) =>
  new cloudwatch.GraphWidget({
    title,
    left,
    right,
    width: 12,
    height: 6,
    period: DAY,
    leftYAxis: { label: leftLabel, showUnits: false },
    rightYAxis: { label: rightLabel, showUnits: false },
  });

/**
 * The engineers' dashboard over the report's daily unit-cost metrics: token use by model and team,
 * spend, cost per inference and per successful output by team, and GPU utilization against GPU cost.
 */
export function createFinOpsDashboard(scope: Construct, id: string): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, id, {
    defaultInterval: Duration.days(35),
    periodOverride: cloudwatch.PeriodOverride.INHERIT,
  });
  const tokens = (d: MetricDimension) => [
    byDimension(UNIT_METRICS.inputTokens, d, 'Sum', 'input tokens'),
    byDimension(UNIT_METRICS.outputTokens, d, 'Sum', 'output tokens'),
  ];
  dashboard.addWidgets(
    new cloudwatch.TextWidget({
      markdown:
        '# GenAI unit costs\nDaily points from the weekly report (top teams, features and environments by spend; the rest as `other`). Amounts in USD; estimates where the bill has not arrived.',
      width: 24,
      height: 2,
    }),
  );
  dashboard.addWidgets(
    graph('Token use by model', tokens('model'), [], 'tokens / day'),
    graph('Token use by team', tokens('team'), [], 'tokens / day'),
  );
  dashboard.addWidgets(
    graph('Spend by team', [byDimension(UNIT_METRICS.spend, 'team', 'Sum', 'spend')], [], 'USD / day'),
    graph(
      'Unit costs by team',
      [byDimension(UNIT_METRICS.costPerInference, 'team', 'Average', 'cost per inference')],
      [byDimension(UNIT_METRICS.costPerSuccessfulOutput, 'team', 'Average', 'cost per successful output')],
      'USD per inference',
      'USD per successful output',
    ),
  );
  dashboard.addWidgets(
    graph(
      'GPU utilization against cost by team',
      [byDimension(UNIT_METRICS.gpuUtilization, 'team', 'Average', 'GPU utilization')],
      [byDimension(UNIT_METRICS.gpuCost, 'team', 'Sum', 'GPU cost')],
      'utilization %',
      'USD / day',
    ),
    graph('Spend by feature', [byDimension(UNIT_METRICS.spend, 'feature', 'Sum', 'spend')], [], 'USD / day'),
  );
  return dashboard;
}
