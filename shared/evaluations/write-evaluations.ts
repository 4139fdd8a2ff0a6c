import { replacePartition } from '../lake/partition-writer';
import { evaluations } from '../lake/tables';
import { dayStart } from '../lake/utc';
import type { ObjectStore } from '../ports';
import type { EvaluationScore } from './evaluations-file';

/**
 * Replaces each day of `scores` in `evaluations` (rows sorted, so a rerun writes identical files).
 * Days not in the input stay as they are. Returns the days written.
 */
export async function writeEvaluations(
  store: ObjectStore,
  scores: readonly EvaluationScore[],
): Promise<string[]> {
  const byDay = new Map<string, EvaluationScore[]>();
  for (const s of scores) byDay.set(s.day, [...(byDay.get(s.day) ?? []), s]);
  const days = [...byDay.keys()].sort();
  for (const day of days) {
    const key = (s: EvaluationScore) => `${s.feature}\t${s.model}\t${s.metric}`;
    const rows = (byDay.get(day) as EvaluationScore[]).sort((a, b) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.score - b.score,
    );
    await replacePartition(
      store,
      evaluations,
      day,
      {
        eval_date: rows.map(() => dayStart(day)),
        feature: rows.map((r) => r.feature),
        model: rows.map((r) => r.model),
        metric: rows.map((r) => r.metric),
        score: rows.map((r) => r.score),
      },
      rows.length,
    );
  }
  return days;
}
