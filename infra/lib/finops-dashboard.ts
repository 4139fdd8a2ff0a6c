import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { ReportConfig } from '../../shared/config/schema';
import { METRICS_NAMESPACE } from '../../shared/report-run/emf';
import { type MetricDimension, UNIT_METRICS } from '../../shared/report-run/unit-metrics';
import { OPS_METRICS } from '../../shared/telemetry/ops-metrics';

const DAY = Duration.days(1);
const HOUR = Duration.hours(1);

/** A pipeline metric of every function that publishes it (dimension `service`), summed per period. */
function opsMetric(metric: string, label: string, period: Duration) {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},service} MetricName="${metric}"', 'Sum', ${period.toSeconds()})`,
    label,
    period,
    usingMetrics: {},
  });
}

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
 * The engineers' dashboard. Always: the pipeline's own metrics (`OPS_METRICS`: records ingested,
 * alerts sent, the Cost Explorer and GetMetricData requests it pays for). With `report.metricsTopN`
 * above 0, also the report's daily unit-cost metrics: token use by model and team, spend, cost per
 * inference and per successful output by team, and GPU utilization against GPU cost. Without them
 * it says where unit costs are instead, so no widget reads a metric that is never published.
 */
export function createFinOpsDashboard(
  scope: Construct,
  id: string,
  report: Pick<ReportConfig, 'metricsTopN'> = { metricsTopN: 0 },
): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, id, {
    defaultInterval: Duration.days(35),
    periodOverride: cloudwatch.PeriodOverride.INHERIT,
  });
  const [recordsRead, recordsWritten] = OPS_METRICS.bedrockIngest;
  dashboard.addWidgets(
    new cloudwatch.TextWidget({
      markdown:
        '# GenAI FinOps pipeline\nWhat the pipeline did, and the AWS requests it pays for (Cost Explorer $0.01 each, GetMetricData $0.01 per 1,000 metrics).',
      width: 24,
      height: 2,
    }),
  );
  dashboard.addWidgets(
    graph(
      'Invocation records ingested',
      [opsMetric(recordsRead, 'records read', HOUR)],
      [opsMetric(recordsWritten, 'rows of the days rewritten', HOUR)],
      'records / hour',
      'rows / hour',
    ),
    graph(
      "Alerts sent and the pipeline's own API requests",
      [opsMetric(OPS_METRICS.anomaly[0], 'alerts sent', DAY)],
      [
        opsMetric(OPS_METRICS.costIngest[0], 'Cost Explorer requests', DAY),
        opsMetric(OPS_METRICS.gpuIngest[0], 'GetMetricData metrics requested', DAY),
      ],
      'alerts / day',
      'requests / day',
    ),
  );
  if (report.metricsTopN <= 0) {
    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          '# GenAI unit costs\nIn the weekly report (HTML, chargeback CSV, FOCUS CSV). Set `report.metricsTopN` to also publish them here as daily metrics by team, feature, environment and model (up to 32 custom metrics per value, $0.30 each a month).',
        width: 24,
        height: 2,
      }),
    );
    return dashboard;
  }
  const tokens = (d: MetricDimension) => [
    byDimension(UNIT_METRICS.inputTokens, d, 'Sum', 'input tokens'),
    byDimension(UNIT_METRICS.outputTokens, d, 'Sum', 'output tokens'),
  ];
  dashboard.addWidgets(
    new cloudwatch.TextWidget({
      markdown: `# GenAI unit costs\nDaily points from the weekly report (top ${report.metricsTopN} teams, features and environments by spend; the rest as \`other\`). Amounts in USD; estimates where the bill has not arrived.`,
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
