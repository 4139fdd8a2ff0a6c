import { type MetricPoint, UNIT_METRICS } from './unit-metrics';

/** The CloudWatch namespace of the pipeline's metrics (the functions' `POWERTOOLS_METRICS_NAMESPACE`). */
export const METRICS_NAMESPACE = 'GenAiFinOps';

const UNITS: Record<string, string> = {
  [UNIT_METRICS.invocations]: 'Count',
  [UNIT_METRICS.successfulOutputs]: 'Count',
  [UNIT_METRICS.inputTokens]: 'Count',
  [UNIT_METRICS.outputTokens]: 'Count',
  [UNIT_METRICS.gpuUtilization]: 'Percent',
};

/**
 * One CloudWatch Embedded Metric Format record per point, timestamped at the start of its UTC day
 * (CloudWatch takes points up to two weeks old), with one dimension set: the point's dimension.
 */
export function emfRecords(points: readonly MetricPoint[], namespace = METRICS_NAMESPACE): string[] {
  return points
    .filter((p) => Object.keys(p.values).length > 0)
    .map((p) =>
      JSON.stringify({
        _aws: {
          Timestamp: Date.parse(`${p.day}T00:00:00Z`),
          CloudWatchMetrics: [
            {
              Namespace: namespace,
              Dimensions: [[p.dimension]],
              Metrics: Object.keys(p.values).map((Name) => ({ Name, Unit: UNITS[Name] ?? 'None' })),
            },
          ],
        },
        [p.dimension]: p.value,
        ...p.values,
      }),
    );
}
