import type { BusinessMetric } from '../../shared/business/metrics-csv';
import { type LogStream, STREAMS } from './org';
import { HOUR_MS } from './plan';
import { seasonalFactor } from './seasonality';

/** Answers the search team's rag-answer gives per hour at the org-wide average of 250 calls an hour. */
const ANSWERS_PER_HOUR_AT_250 = 40;
/** Share of answers users accept: it slides from the first day to the last (answers got worse). */
const ACCEPTED_FIRST = 0.62;
const ACCEPTED_LAST = 0.34;

/** The answers rag-answer gives per UTC day of the run: its seasonal volume (the us-west-2 stream it mostly serves). */
export function ragAnswersByDay(
  startMs: number,
  hours: number,
  invocationsPerHour: number,
): Map<string, number> {
  const stream = STREAMS.find((s) => s.name === 'prod-us-west-2') as LogStream;
  const byDay = new Map<string, number>();
  for (let h = 0; h < hours; h++) {
    const t = startMs + h * HOUR_MS;
    const day = new Date(t).toISOString().slice(0, 10);
    const answers = (ANSWERS_PER_HOUR_AT_250 * invocationsPerHour * seasonalFactor(stream, t)) / 250;
    byDay.set(day, (byDay.get(day) ?? 0) + answers);
  }
  return byDay;
}

/**
 * The search team's accepted answers per UTC day of the run: the day's answers times an acceptance
 * rate that falls day by day, so the feature's cost per accepted answer grows while its cost does
 * not (and the run-up at the end adds cost, no answers).
 */
export function demoAcceptedAnswers(
  startMs: number,
  hours: number,
  invocationsPerHour: number,
): BusinessMetric[] {
  const byDay = ragAnswersByDay(startMs, hours, invocationsPerHour);
  const days = [...byDay.keys()].sort();
  return days.map((day, i) => {
    const rate = ACCEPTED_FIRST + ((ACCEPTED_LAST - ACCEPTED_FIRST) * i) / Math.max(1, days.length - 1);
    return {
      day,
      team: 'search',
      feature: 'rag-answer',
      metricName: 'answers_accepted',
      value: String(Math.round((byDay.get(day) ?? 0) * rate)),
    };
  });
}
