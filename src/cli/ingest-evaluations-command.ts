import type { Command } from 'commander';
import type { EvaluationScore } from '../../shared/evaluations/evaluations-file';
import { registerFileIngest } from './file-ingest';

/** `genai-finops ingest evaluations`. */
export function registerIngestEvaluations(ingest: Command): void {
  registerFileIngest<EvaluationScore>(ingest, {
    name: 'evaluations',
    description:
      'Load model evaluation scores per feature (feature, model, metric, score, date) from CSV or JSON into evaluations, one partition per day; recommend then weighs cost against quality. Rerunning replaces the days the file holds.',
    fileHelp: 'CSV with a header feature,model,metric,score,date, or a JSON array of such objects',
    load: async () => {
      const { EvaluationsFileError, parseEvaluationsFile } = await import(
        '../../shared/evaluations/evaluations-file'
      );
      const { writeEvaluations } = await import('../../shared/evaluations/write-evaluations');
      return {
        parse: parseEvaluationsFile,
        isInputError: (e) => e instanceof EvaluationsFileError,
        write: writeEvaluations,
      };
    },
    done: (rows, days, location) => `evaluations: ${rows} scores for ${days} days written to ${location}`,
  });
}
