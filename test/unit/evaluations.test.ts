import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../shared/adapters/local/duckdb-engine';
import { FolderStore } from '../../shared/adapters/local/folder-store';
import { EvaluationsFileError, parseEvaluationsFile } from '../../shared/evaluations/evaluations-file';
import { writeEvaluations } from '../../shared/evaluations/write-evaluations';

let engine: DuckDbEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

const csv = `feature,model,metric,score,date
ticket-summary,anthropic.claude-haiku-4-5-20251001-v1:0,accuracy,0.91,2026-03-02
"ticket-summary",anthropic.claude-sonnet-4-5-20250929-v1:0,accuracy,0.94,2026-03-02
rag-answer,amazon.nova-lite-v1:0,faithfulness,0.82,2026-03-03
`;

describe('ingest evaluations', () => {
  it('reads CSV and JSON alike and writes one partition per day, queryable by the contract', async () => {
    const fromCsv = parseEvaluationsFile(csv, 'scores.csv');
    const fromJson = parseEvaluationsFile(
      JSON.stringify({
        evaluations: fromCsv.map((s) => ({
          feature: s.feature,
          model: s.model,
          metric: s.metric,
          score: s.score,
          date: s.day,
        })),
      }),
      'scores.json',
    );
    expect(fromJson).toEqual(fromCsv);
    const dir = mkdtempSync(join(tmpdir(), 'evals-'));
    expect(await writeEvaluations(new FolderStore(dir), fromCsv)).toEqual(['2026-03-02', '2026-03-03']);
    engine = await DuckDbEngine.open(dir);
    const rows = (
      await engine.query('SELECT dt, feature, model, metric, score FROM evaluations ORDER BY dt, model')
    ).rows;
    expect(rows).toEqual([
      {
        dt: '2026-03-02',
        feature: 'ticket-summary',
        model: 'anthropic.claude-haiku-4-5-20251001-v1:0',
        metric: 'accuracy',
        score: 0.91,
      },
      {
        dt: '2026-03-02',
        feature: 'ticket-summary',
        model: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
        metric: 'accuracy',
        score: 0.94,
      },
      {
        dt: '2026-03-03',
        feature: 'rag-answer',
        model: 'amazon.nova-lite-v1:0',
        metric: 'faithfulness',
        score: 0.82,
      },
    ]);
  });

  it('rejects a bad row naming the file, line and field, and a header without the columns', () => {
    expect(() => parseEvaluationsFile(`${csv}rag-answer,m,accuracy,high,2026-03-03\n`, 'scores.csv')).toThrow(
      new EvaluationsFileError('scores.csv line 5: score "high" is not valid'),
    );
    expect(() =>
      parseEvaluationsFile('feature,model,metric,score,date\nf,m,a,0.5,2026-02-30\n', 'x.csv'),
    ).toThrow(/x\.csv line 2: date "2026-02-30" is not valid/);
    expect(() => parseEvaluationsFile('feature,model,score\nf,m,0.5\n', 'x.csv')).toThrow(/header needs/);
    expect(() =>
      parseEvaluationsFile('[{"feature":"f","model":"m","metric":"a","date":"2026-03-01"}]', 'x.json'),
    ).toThrow(/x\.json \[0\]: score/);
  });
});
