import { col, type TableDef } from '../table-def';
import { QUANTITY_DECIMAL } from './cost-daily';

/** Business outcomes (tickets resolved, summaries delivered …) per day x team x feature. */
export const businessMetrics: TableDef = {
  name: 'business_metrics',
  description:
    'Business outcomes per day x team x feature x metric (tickets resolved, documents summarized …), loaded from CSV; partitioned by metric_date.',
  partitionKey: 'dt',
  columns: [
    col('metric_date', 'date', false, 'UTC day of the outcomes.'),
    col('team', 'string', false, 'Team, as in bedrock_invocations.team.'),
    col('feature', 'string', false, 'Feature, as in bedrock_invocations.feature.'),
    col('metric_name', 'string', false, "What is counted, e.g. 'tickets_resolved'."),
    col('value', QUANTITY_DECIMAL, false, 'How many (exact decimal).'),
  ],
};
