import type { Command } from 'commander';
import type { BusinessMetric } from '../../shared/business/metrics-csv';
import { registerFileIngest } from './file-ingest';

/** `genai-finops ingest business-metrics`. */
export function registerIngestBusiness(ingest: Command): void {
  registerFileIngest<BusinessMetric>(ingest, {
    name: 'business-metrics',
    description:
      'Load business outcomes (date, team, feature, metric_name, value — e.g. tickets resolved) from CSV into business_metrics, one partition per day; unit-costs then gives cost per outcome. Rerunning replaces the days the file holds.',
    fileHelp: 'CSV with a header: date,team,feature,metric_name,value',
    load: async () => {
      const { BusinessMetricsError, parseBusinessMetricsCsv } = await import(
        '../../shared/business/metrics-csv'
      );
      const { writeBusinessMetrics } = await import('../../shared/business/write-metrics');
      return {
        parse: parseBusinessMetricsCsv,
        isInputError: (e) => e instanceof BusinessMetricsError,
        write: writeBusinessMetrics,
      };
    },
    done: (rows, days, location) => `business_metrics: ${rows} rows for ${days} days written to ${location}`,
  });
}
