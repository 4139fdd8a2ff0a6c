import type { Command } from 'commander';
import { EvaluationsFileError, parseEvaluationsFile } from '../../shared/evaluations/evaluations-file';
import { writeEvaluations } from '../../shared/evaluations/write-evaluations';
import { registerFileIngest } from './file-ingest';

/** `genai-finops ingest evaluations`. */
export function registerIngestEvaluations(ingest: Command): void {
  registerFileIngest(ingest, {
    name: 'evaluations',
    description:
      'Load model evaluation scores per feature (feature, model, metric, score, date) from CSV or JSON into evaluations, one partition per day; recommend then weighs cost against quality. Rerunning replaces the days the file holds.',
    fileHelp: 'CSV with a header feature,model,metric,score,date, or a JSON array of such objects',
    parse: parseEvaluationsFile,
    isInputError: (e) => e instanceof EvaluationsFileError,
    write: writeEvaluations,
    done: (rows, days, location) => `evaluations: ${rows} scores for ${days} days written to ${location}`,
  });
}
