import type { MetricIdentity } from '../ports';

/** One metric statistic's data points, as read from CloudWatch or a saved response. */
export interface MetricSeries {
  metric: MetricIdentity;
  stat: string;
  /** Epoch ms, any order. */
  timestamps: number[];
  values: number[];
  /** Where it was read (a file name or `GetMetricData`), for messages. */
  origin: string;
}
