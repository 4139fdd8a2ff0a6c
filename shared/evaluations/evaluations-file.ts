import { parseCsv } from '../cost/csv';
import { dayOf, dayStart } from '../lake/utc';

/** One evaluation score of a model on a feature. */
export interface EvaluationScore {
  day: string;
  feature: string;
  model: string;
  metric: string;
  score: number;
}

/** A row or document that cannot be read, named by file and line (or index). */
export class EvaluationsFileError extends Error {
  override name = 'EvaluationsFileError';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FIELDS: Record<string, keyof EvaluationScore> = {
  date: 'day',
  eval_date: 'day',
  day: 'day',
  feature: 'feature',
  model: 'model',
  metric: 'metric',
  score: 'score',
};

function checked(raw: Partial<Record<keyof EvaluationScore, unknown>>, where: string): EvaluationScore {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
  const bad = (field: string, value: unknown) =>
    new EvaluationsFileError(`${where}: ${field} ${JSON.stringify(value ?? '')} is not valid`);
  const day = text(raw.day).slice(0, 10);
  // A real calendar day: no 30 February rolling over into March.
  if (!DAY.test(day) || Number.isNaN(dayStart(day)) || dayOf(dayStart(day)) !== day)
    throw bad('date', raw.day);
  const feature = text(raw.feature);
  if (!feature) throw bad('feature', raw.feature);
  const model = text(raw.model);
  if (!model) throw bad('model', raw.model);
  const metric = text(raw.metric);
  if (!metric) throw bad('metric', raw.metric);
  const scoreText = text(raw.score);
  const score = Number(scoreText);
  if (scoreText === '' || !Number.isFinite(score)) throw bad('score', raw.score);
  return { day, feature, model, metric, score };
}

/**
 * Reads evaluation scores: CSV with a header (`feature,model,metric,score,date`, any order;
 * `eval_date` or `day` for the date), or JSON (an array of such objects, or `{ "evaluations": [...] }`).
 * A bad row is an error naming the file and line (or index) and the field; nothing half-read is returned.
 */
export function parseEvaluationsFile(text: string, file: string): EvaluationScore[] {
  const body = text.replace(/^\uFEFF/, '');
  if (/^\s*[[{]/.test(body)) {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (error) {
      throw new EvaluationsFileError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    const list = Array.isArray(doc) ? doc : (doc as { evaluations?: unknown }).evaluations;
    if (!Array.isArray(list)) throw new EvaluationsFileError(`${file}: expected an array of evaluations`);
    return list.map((item, i) => {
      const o = (item ?? {}) as Record<string, unknown>;
      return checked(
        {
          day: o.date ?? o.eval_date ?? o.day,
          feature: o.feature,
          model: o.model,
          metric: o.metric,
          score: o.score,
        },
        `${file} [${i}]`,
      );
    });
  }
  const [header, ...rows] = parseCsv(body);
  if (!header) throw new EvaluationsFileError(`${file}: empty file`);
  const fields = header.map((h) => FIELDS[h.trim().toLowerCase()]);
  for (const need of ['day', 'feature', 'model', 'metric', 'score'] as const) {
    if (!fields.includes(need))
      throw new EvaluationsFileError(`${file}: header needs feature, model, metric, score and date`);
  }
  const out: EvaluationScore[] = [];
  rows.forEach((cells, i) => {
    if (cells.length === 1 && cells[0]?.trim() === '') return;
    const raw: Partial<Record<keyof EvaluationScore, unknown>> = {};
    fields.forEach((f, k) => {
      if (f) raw[f] = cells[k];
    });
    out.push(checked(raw, `${file} line ${i + 2}`));
  });
  return out;
}
