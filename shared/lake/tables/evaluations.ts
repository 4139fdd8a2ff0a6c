import { col, type TableDef } from '../table-def';

/** Model evaluation scores per feature x model x metric, from `genai-finops ingest evaluations`. */
export const evaluations: TableDef = {
  name: 'evaluations',
  description:
    'Evaluation scores of a model on a feature (e.g. accuracy on a labelled set), loaded from CSV or JSON; recommend reads the latest per feature x model x metric; partitioned by eval_date.',
  partitionKey: 'dt',
  columns: [
    col('eval_date', 'date', false, 'UTC day of the evaluation.'),
    col('feature', 'string', false, 'Feature, as in bedrock_invocations.feature.'),
    col('model', 'string', false, 'Normalized model id, as in bedrock_invocations.model.'),
    col('metric', 'string', false, "What was measured, e.g. 'accuracy'."),
    col('score', 'double', false, 'The score (higher is better).'),
  ],
};
